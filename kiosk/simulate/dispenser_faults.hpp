// The dispenser's faults drawn from the seed (fault_kinds.hpp), each one the LCDM simulator's own
// control or the cable's, and the technician who undoes the lasting ones after an episode. Notes
// a technician takes out (a stuck note, a cassette's wrong count) are told to the checker, so
// cash conservation still holds to the note.
#pragma once

#include "kiosk/simulate/cash_out_invariants.hpp"
#include "kiosk/simulate/event_queue.hpp"
#include "kiosk/simulate/fault_kinds.hpp"
#include "kiosk/simulate/sim_devices.hpp"
#include "kiosk/simulate/sim_rng.hpp"

namespace kiosk::simulate {

bool is_dispenser_fault(Fault f);

// Applies `f` to the dispenser and schedules its end where it lasts. `episode` is how long.
void inject_dispenser_fault(Fault f, Millis episode, SimDevices& devices, SimRng& rng,
                            EventQueue& queue, CashOutChecker& checker);

// What a technician leaves after the last visit: cable in, cassettes and tray in, path clear.
void heal_dispenser(SimDevices& devices, CashOutChecker& checker);

}  // namespace kiosk::simulate
