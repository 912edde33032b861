// What a validator report means to the cash-in flow, in one place for the runtime and the
// simulation (kiosk simulate), so both feed the flow the same events.
#pragma once

#include <optional>

#include "devices/bill_validator.hpp"
#include "flows/cash_in/cash_in_types.hpp"

namespace kiosk::app {

// The note event the flow gets for `e`, or nullopt when the flow need not hear of it. A note the
// validator found in its stacker at power-up (CCNET 12, ID003 42; eSSP clears a held note into
// the cashbox) is cash in the box: Stacked with kPowerUpInStacker, which the flow credits to the
// note it told the validator to stack, or journals as a late/unattributed credit for the
// operator. A fault (jam, full or removed cassette, failure, link lost) is a Fault event.
std::optional<flows::cash_in::NoteEvent> note_event_for_flow(const devices::ValidatorEvent& e);

}  // namespace kiosk::app
