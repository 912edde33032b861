// Log names for CCNET commands, status codes, rejection reasons and failure codes.
#include "devices/ccnet/ccnet_codec.hpp"

namespace kiosk::devices::ccnet {

const char* to_string(Command c) {
  switch (c) {
    case Command::Reset:
      return "reset";
    case Command::GetStatus:
      return "get_status";
    case Command::SetSecurity:
      return "set_security";
    case Command::Poll:
      return "poll";
    case Command::EnableBillTypes:
      return "enable_bill_types";
    case Command::Stack:
      return "stack";
    case Command::Return:
      return "return";
    case Command::Identification:
      return "identification";
    case Command::Hold:
      return "hold";
    case Command::GetBillTable:
      return "get_bill_table";
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
    case 0x00:
      return "ack";
    case 0xFF:
      return "nak";
    case 0x10:
      return "power_up";
    case 0x11:
      return "power_up_bill_in_validator";
    case 0x12:
      return "power_up_bill_in_stacker";
    case 0x13:
      return "initialize";
    case 0x14:
      return "idling";
    case 0x15:
      return "accepting";
    case 0x17:
      return "stacking";
    case 0x18:
      return "returning";
    case 0x19:
      return "unit_disabled";
    case 0x1A:
      return "holding";
    case 0x1B:
      return "device_busy";
    case 0x1C:
      return "rejecting";
    case 0x30:
      return "illegal_command";
    case 0x41:
      return "drop_cassette_full";
    case 0x42:
      return "drop_cassette_out_of_position";
    case 0x43:
      return "validator_jammed";
    case 0x44:
      return "drop_cassette_jammed";
    case 0x45:
      return "cheated";
    case 0x46:
      return "pause";
    case 0x47:
      return "failed";
    case 0x80:
      return "escrow_position";
    case 0x81:
      return "bill_stacked";
    case 0x82:
      return "bill_returned";
    default:
      return "unknown";
  }
}

bool status_has_data(std::uint8_t code) {
  switch (code) {
    case status::DeviceBusy:
    case status::Rejecting:
    case status::Failed:
    case status::EscrowPosition:
    case status::BillStacked:
    case status::BillReturned:
      return true;
    default:
      return false;
  }
}

const char* reject_reason_name(std::uint8_t reason) {
  switch (reason) {
    case 0x60:
      return "insertion";
    case 0x61:
      return "magnetic";
    case 0x62:
      return "bill_remaining_in_head";
    case 0x63:
      return "multiplying";
    case 0x64:
      return "conveying";
    case 0x65:
      return "identification";
    case 0x66:
      return "verification";
    case 0x67:
      return "optic";
    case 0x68:
      return "inhibited_denomination";
    case 0x69:
      return "capacitance";
    case 0x6A:
      return "operation";
    case 0x6C:
      return "length";
    case 0x6D:
      return "uv";
    case 0x92:
      return "unrecognised_barcode";
    case 0x93:
      return "barcode_length";
    case 0x94:
      return "barcode_start";
    case 0x95:
      return "barcode_stop";
    default:
      return "unknown";
  }
}

const char* failure_name(std::uint8_t code) {
  switch (code) {
    case 0x50:
      return "stack_motor";
    case 0x51:
      return "transport_motor_speed";
    case 0x52:
      return "transport_motor";
    case 0x53:
      return "aligning_motor";
    case 0x54:
      return "initial_cassette_status";
    case 0x55:
      return "optic_canal";
    case 0x56:
      return "magnetic_canal";
    case 0x5F:
      return "capacitance_canal";
    // A CashCode-SDK port numbers the canal failures differently (UNVERIFIED): keep both.
    case 0x65:
      return "optic_canal_alt";
    case 0x66:
      return "magnetic_canal_alt";
    case 0x67:
      return "capacitance_canal_alt";
    case 0xF4:
      return "stacker";
    case 0xFE:
      return "cover_open";
    default:
      return "unknown";
  }
}

}  // namespace kiosk::devices::ccnet
