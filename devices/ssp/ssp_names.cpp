// SSP code tables: command, response, event and reject-reason names for logs, event data sizes.
#include "devices/ssp/ssp_codec.hpp"

namespace kiosk::devices::ssp {

const char* to_string(Command c) {
  switch (c) {
    case Command::Reset:
      return "reset";
    case Command::SetInhibits:
      return "set_inhibits";
    case Command::SetupRequest:
      return "setup_request";
    case Command::HostProtocolVersion:
      return "host_protocol_version";
    case Command::Poll:
      return "poll";
    case Command::Reject:
      return "reject";
    case Command::Disable:
      return "disable";
    case Command::Enable:
      return "enable";
    case Command::GetSerial:
      return "get_serial";
    case Command::Sync:
      return "sync";
    case Command::LastRejectCode:
      return "last_reject_code";
    case Command::Hold:
      return "hold";
    case Command::SetGenerator:
      return "set_generator";
    case Command::SetModulus:
      return "set_modulus";
    case Command::RequestKeyExchange:
      return "request_key_exchange";
  }
  return "unknown";
}

const char* response_name(std::uint8_t code) {
  switch (code) {
    case response::Ok:
      return "ok";
    case response::UnknownCommand:
      return "command_not_known";
    case response::WrongParameterCount:
      return "wrong_parameter_count";
    case response::ParameterOutOfRange:
      return "parameter_out_of_range";
    case response::CannotProcess:
      return "cannot_process";
    case response::SoftwareError:
      return "software_error";
    case response::Fail:
      return "fail";
    case response::KeyNotSet:
      return "key_not_set";
    default:
      return "unknown";
  }
}

const char* event_name(std::uint8_t code) {
  switch (code) {
    case event::SlaveReset:
      return "slave_reset";
    case event::Read:
      return "read_note";
    case event::Credit:
      return "note_credit";
    case event::Rejecting:
      return "rejecting";
    case event::Rejected:
      return "rejected";
    case event::Stacking:
      return "stacking";
    case event::Stacked:
      return "stacked";
    case event::SafeJam:
      return "safe_note_jam";
    case event::UnsafeJam:
      return "unsafe_note_jam";
    case event::Disabled:
      return "disabled";
    case event::FraudAttempt:
      return "fraud_attempt";
    case event::StackerFull:
      return "stacker_full";
    case event::ClearedFromFront:
      return "note_cleared_from_front";
    case event::ClearedIntoCashbox:
      return "note_cleared_into_cashbox";
    case event::CashboxRemoved:
      return "cashbox_removed";
    case event::CashboxReplaced:
      return "cashbox_replaced";
    case event::NotePathOpen:
      return "note_path_open";
    case event::ChannelDisable:
      return "channel_disable";
    case event::Initialising:
      return "initialising";
    default:
      return "unknown";
  }
}

std::optional<std::size_t> event_data_size(std::uint8_t code) {
  switch (code) {
    case event::Read:
    case event::Credit:
    case event::FraudAttempt:
    case event::ClearedFromFront:
    case event::ClearedIntoCashbox:
      return 1;
    case event::SlaveReset:
    case event::Rejecting:
    case event::Rejected:
    case event::Stacking:
    case event::Stacked:
    case event::SafeJam:
    case event::UnsafeJam:
    case event::Disabled:
    case event::StackerFull:
    case event::CashboxRemoved:
    case event::CashboxReplaced:
    case event::NotePathOpen:
    case event::ChannelDisable:
    case event::Initialising:
      return 0;
    default:
      return std::nullopt;
  }
}

const char* reject_reason_name(std::uint8_t code) {
  switch (code) {
    case 0x00:
      return "note_accepted";
    case 0x01:
      return "note_length_incorrect";
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x05:
      return "recognition_failed";
    case 0x06:
      return "channel_inhibit";
    case 0x07:
      return "second_note_inserted";
    case 0x08:
      return "host_reject";
    case 0x09:
      return "cross_channel";
    case 0x0A:
      return "rear_sensor";
    case 0x0B:
      return "note_too_long";
    case 0x0C:
      return "disabled_by_host";
    case 0x0D:
      return "slow_mechanism";
    case 0x0E:
      return "strimming_attempt";
    case 0x10:
      return "no_notes";
    case 0x13:
      return "escrow_timeout";
    case 0x1C:
      return "double_note";
    case 0x1D:
      return "unable_to_stack";
    case 0x1F:
      return "credit_card_detected";
    default:
      return "unknown";
  }
}

const char* to_string(FrameError::Kind k) {
  switch (k) {
    case FrameError::Kind::BadCrc:
      return "bad_crc";
    case FrameError::Kind::Truncated:
      return "truncated";
    case FrameError::Kind::BadAddress:
      return "bad_address";
  }
  return "unknown";
}

}  // namespace kiosk::devices::ssp
