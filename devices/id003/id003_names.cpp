// ID003 log names: commands, statuses, reject reasons, failure codes (reference section 2).
#include "devices/id003/id003_codec.hpp"

namespace kiosk::devices::id003 {

const char* to_string(Command c) {
  switch (c) {
    case Command::StatusRequest:
      return "status_request";
    case Command::Ack:
      return "ack";
    case Command::Reset:
      return "reset";
    case Command::Stack1:
      return "stack_1";
    case Command::Stack2:
      return "stack_2";
    case Command::Return:
      return "return";
    case Command::Hold:
      return "hold";
    case Command::Wait:
      return "wait";
    case Command::SetEnable:
      return "set_enable";
    case Command::SetSecurity:
      return "set_security";
    case Command::SetCommMode:
      return "set_comm_mode";
    case Command::SetInhibit:
      return "set_inhibit";
    case Command::SetDirection:
      return "set_direction";
    case Command::GetEnable:
      return "get_enable";
    case Command::GetVersion:
      return "get_version";
    case Command::GetCurrencyAssign:
      return "get_currency_assign";
  }
  return "unknown";
}

const char* to_string(FrameError::Kind k) {
  switch (k) {
    case FrameError::Kind::BadCrc:
      return "bad_crc";
    case FrameError::Kind::BadLength:
      return "bad_length";
  }
  return "unknown";
}

const char* status_name(std::uint8_t code) {
  switch (code) {
    case status::Idling:
      return "idling";
    case status::Accepting:
      return "accepting";
    case status::Escrow:
      return "escrow";
    case status::Stacking:
      return "stacking";
    case status::VendValid:
      return "vend_valid";
    case status::Stacked:
      return "stacked";
    case status::Rejecting:
      return "rejecting";
    case status::Returning:
      return "returning";
    case status::Holding:
      return "holding";
    case status::Disabled:
      return "disabled";
    case status::Initialize:
      return "initialize";
    case status::PowerUp:
      return "power_up";
    case status::PowerUpBillInAcceptor:
      return "power_up_bill_in_acceptor";
    case status::PowerUpBillInStacker:
      return "power_up_bill_in_stacker";
    case status::StackerFull:
      return "stacker_full";
    case status::StackerOpen:
      return "stacker_open";
    case status::JamInAcceptor:
      return "jam_in_acceptor";
    case status::JamInStacker:
      return "jam_in_stacker";
    case status::Pause:
      return "pause";
    case status::Cheated:
      return "cheated";
    case status::Failure:
      return "failure";
    case status::CommunicationError:
      return "communication_error";
    case status::InvalidCommand:
      return "invalid_command";
    case status::Ack:
      return "ack";
  }
  return "unknown";
}

bool is_status_code(std::uint8_t code) { return std::string_view(status_name(code)) != "unknown"; }

const char* reject_reason_name(std::uint8_t reason) {
  switch (reason) {
    case 0x71:
      return "insertion";
    case 0x72:
      return "magnetic";
    case 0x73:
      return "remaining_bill_in_head";
    case 0x74:
      return "calibration_multiplying";
    case 0x75:
      return "conveying";
    case 0x76:
      return "discrimination";
    case 0x77:
      return "photo_pattern";
    case 0x78:
      return "photo_level";
    case 0x79:
      return "inhibit";
    case 0x7A:
      return "unknown_7a";
    case 0x7B:
      return "operation";
    case 0x7C:
      return "stacker_operation";
    case 0x7D:
      return "length";
    case 0x7E:
      return "photo_pattern_2";
    case 0x7F:
      return "true_bill_feature";
  }
  return "unknown";
}

const char* failure_name(std::uint8_t code) {
  switch (code) {
    case 0xA2:
      return "stack_motor";
    case 0xA5:
      return "transport_motor_speed";
    case 0xA6:
      return "transport_motor";
    case 0xA7:
      return "aligning_motor";  // [TC] only: UNVERIFIED
    case 0xAB:
      return "cash_box_not_ready";
    case 0xAF:
      return "validator_head_removed";
    case 0xB0:
      return "boot_rom";
    case 0xB1:
      return "external_rom";
    case 0xB2:
      return "rom_ram";
    case 0xB3:
      return "external_rom_write";
  }
  return "unknown";
}

}  // namespace kiosk::devices::id003
