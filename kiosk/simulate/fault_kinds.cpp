#include "kiosk/simulate/fault_kinds.hpp"

namespace kiosk::simulate {

const char* to_string(Fault f) {
  switch (f) {
    case Fault::NoteJam:
      return "note_jam";
    case Fault::CassetteFull:
      return "cassette_full";
    case Fault::CassetteRemoved:
      return "cassette_removed";
    case Fault::ValidatorFailure:
      return "validator_failure";
    case Fault::PowerCycle:
      return "validator_power_cycle";
    case Fault::PowerCycleInStack:
      return "validator_power_cycle_bill_in_stacker";
    case Fault::CommandNak:
      return "validator_command_nak";
    case Fault::FrameCorrupted:
      return "frame_corrupted";
    case Fault::FrameDropped:
      return "frame_dropped";
    case Fault::LineGarbage:
      return "line_garbage";
    case Fault::Unplugged:
      return "validator_unplugged";
    case Fault::DispenserPickError:
      return "dispenser_pick_error";
    case Fault::DispenserRejects:
      return "dispenser_rejects";
    case Fault::DispenserJam:
      return "dispenser_jam";
    case Fault::DispenserJamStuck:
      return "dispenser_jam_stuck";
    case Fault::DispenserCassetteRemoved:
      return "dispenser_cassette_removed";
    case Fault::DispenserTrayRemoved:
      return "dispenser_reject_tray_removed";
    case Fault::DispenserNearEnd:
      return "dispenser_near_end";
    case Fault::DispenserEmpty:
      return "dispenser_cassette_empty";
    case Fault::DispenserCommandNak:
      return "dispenser_command_nak";
    case Fault::DispenserFrameCorrupted:
      return "dispenser_frame_corrupted";
    case Fault::DispenserFrameDropped:
      return "dispenser_frame_dropped";
    case Fault::DispenserUnplugged:
      return "dispenser_unplugged";
    case Fault::DispenserPowerCycle:
      return "dispenser_power_cycle";
    case Fault::DispenserAnswerLost:
      return "dispenser_answer_lost";
    case Fault::PaperOut:
      return "printer_paper_out";
    case Fault::CoverOpen:
      return "printer_cover_open";
    case Fault::NetDrop:
      return "exchange_no_answer";
    case Fault::NetError:
      return "exchange_503";
    case Fault::NetJunk:
      return "exchange_junk";
    case Fault::NetSlow:
      return "exchange_slow";
    case Fault::NetAnswerLost:
      return "exchange_answer_lost";
    case Fault::NetPartition:
      return "exchange_partition";
    case Fault::RatesJunk:
      return "exchange_rates_junk";
    case Fault::Crash:
      return "crash";
    case Fault::CrashMidDispense:
      return "crash_mid_dispense";
    case Fault::kCount:
      break;
  }
  return "?";
}

nlohmann::json FaultCounts::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < n_.size(); ++i) out[to_string(static_cast<Fault>(i))] = n_[i];
  return out;
}

}  // namespace kiosk::simulate
