#include "kiosk/simulate/dispenser_faults.hpp"

namespace kiosk::simulate {

bool is_dispenser_fault(Fault f) {
  return static_cast<int>(f) >= static_cast<int>(Fault::DispenserPickError) &&
         static_cast<int>(f) <= static_cast<int>(Fault::DispenserAnswerLost);
}

namespace {

void clear_path(SimDevices& devices, CashOutChecker& checker) {
  auto& d = devices.dispenser;
  checker.taken_out(-1, d.in_path());  // the technician takes the stuck notes away
  d.clear_path();
}

}  // namespace

void inject_dispenser_fault(Fault f, Millis episode, SimDevices& devices, SimRng& rng,
                            EventQueue& queue, CashOutChecker& checker) {
  auto& d = devices.dispenser;
  auto& cable = devices.dispenser_cable;
  const int cassette = static_cast<int>(rng.below(static_cast<std::uint64_t>(d.cassette_count())));
  switch (f) {
    case Fault::DispenserPickError:
      d.pick_error_after(static_cast<int>(rng.below(6)));
      break;
    case Fault::DispenserRejects:
      d.reject_next_notes(static_cast<int>(rng.between(1, 3)));
      break;
    case Fault::DispenserJam:
      d.jam_after(static_cast<int>(rng.below(6)), false);
      break;
    case Fault::DispenserJamStuck:
      d.jam_after(static_cast<int>(rng.below(6)), true);
      queue.after(episode, "technician.dispenser_path",
                  [&devices, &checker] { clear_path(devices, checker); });
      break;
    case Fault::DispenserCassetteRemoved:
      d.remove_cassette(cassette, true);
      queue.after(episode, "technician.dispenser_cassette",
                  [&d, cassette] { d.remove_cassette(cassette, false); });
      break;
    case Fault::DispenserTrayRemoved:
      d.remove_reject_tray(true);
      queue.after(episode, "technician.reject_tray", [&d] { d.remove_reject_tray(false); });
      break;
    case Fault::DispenserNearEnd:
    case Fault::DispenserEmpty: {
      const int keep = f == Fault::DispenserEmpty ? 0 : static_cast<int>(rng.between(1, 20));
      const int had = d.left(cassette);
      if (had > keep) {
        checker.taken_out(cassette, had - keep);  // miscounted at the last refill
        d.set_count(cassette, keep);
      }
      break;
    }
    case Fault::DispenserCommandNak:
      d.nak_next_commands(static_cast<int>(rng.between(1, 3)));
      break;
    case Fault::DispenserFrameCorrupted:
      d.corrupt_next_responses(static_cast<int>(rng.between(1, 3)));
      break;
    case Fault::DispenserFrameDropped:
      cable.drop_answers += static_cast<int>(rng.between(1, 4));
      break;
    case Fault::DispenserUnplugged:
      cable.unplugged = true;
      queue.after(Millis{rng.between(500, 120000)}, "technician.dispenser_replug",
                  [&cable] { cable.unplugged = false; });
      break;
    case Fault::DispenserPowerCycle:
      d.power_cycle();
      break;
    case Fault::DispenserAnswerLost:
      d.drop_next_final_response();
      break;
    default:
      break;
  }
}

void heal_dispenser(SimDevices& devices, CashOutChecker& checker) {
  auto& d = devices.dispenser;
  devices.dispenser_cable = {};
  for (int i = 0; i < d.cassette_count(); ++i) d.remove_cassette(i, false);
  d.remove_reject_tray(false);
  if (d.in_path() > 0) clear_path(devices, checker);
}

}  // namespace kiosk::simulate
