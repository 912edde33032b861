#include "kiosk/shell/validator_note_events.hpp"

#include <string>

namespace kiosk::app {

using flows::cash_in::NoteEvent;

std::optional<NoteEvent> note_event_for_flow(const devices::ValidatorEvent& e) {
  using K = devices::ValidatorEvent::Kind;
  const bool in_box = e.detail == "in_stacker" || e.detail.starts_with("cleared_into_cashbox");
  switch (e.kind) {
    case K::PowerUpWithBill:
      if (in_box)
        return NoteEvent{NoteEvent::Kind::Stacked, e.amount, flows::cash_in::kPowerUpInStacker};
      return std::nullopt;
    case K::Escrowed:
      return NoteEvent{NoteEvent::Kind::Escrowed, e.amount, e.detail};
    case K::Stacked:
      return NoteEvent{NoteEvent::Kind::Stacked, e.amount, e.detail};
    case K::Returned:
      return NoteEvent{NoteEvent::Kind::Returned, e.amount, e.detail};
    case K::Rejected:
      return NoteEvent{NoteEvent::Kind::Rejected, e.amount, e.detail};
    case K::Jammed:
    case K::CassetteFull:
    case K::CassetteRemoved:
    case K::Failure:
    case K::LinkLost:
      return NoteEvent{NoteEvent::Kind::Fault, e.amount,
                       std::string(devices::to_string(e.kind)) + ":" + e.detail};
    default:
      return std::nullopt;
  }
}

}  // namespace kiosk::app
