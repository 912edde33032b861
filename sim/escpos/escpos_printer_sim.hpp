// A simulated ESC/POS receipt printer: the device end of a MemoryTransport. It prints what the host
// sends (see EscPosInterpreter) and answers DLE EOT 1..4 with the status byte for its state
// (bit layout: devices/escpos/README.md). Paper, cover, offline and silence are switched by tests,
// the scenario runner or the technician screen of `kiosk --sim`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/memory_transport.hpp"
#include "sim/escpos/escpos_interpreter.hpp"

namespace kiosk::sim {

class EscPosPrinterSim final : public devices::DeviceEndpoint {
 public:
  enum class Paper { Ok, NearEnd, Out };

  explicit EscPosPrinterSim(EscPosSimConfig config = {});

  devices::Bytes on_host_bytes(devices::ByteView rx, Instant now) override;

  // Paper out, cover open, offline and a cutter error stop printing (data sent meanwhile is
  // discarded, as counted by discarded()); the printer still answers status requests.
  void set_paper(Paper paper) { paper_ = paper; }
  void set_cover_open(bool open) { cover_open_ = open; }
  void set_offline(bool offline) { offline_ = offline; }
  void set_cutter_error(bool error) { cutter_error_ = error; }
  // A silent printer answers nothing (a one-way link, or a dead controller); it still prints.
  void set_silent(bool silent) { silent_ = silent; }

  // The answer to DLE EOT n (1..4) in the current state; 0 for another n (never sent).
  std::uint8_t status_byte(std::uint8_t n) const;
  bool can_print() const;

  std::vector<PrintedReceipt> receipts() const { return interpreter_.receipts(); }
  // Every printed line of every receipt, joined with '\n'.
  std::string text() const;
  std::size_t status_requests() const { return status_requests_; }
  std::size_t discarded() const { return interpreter_.discarded(); }
  std::size_t unknown_commands() const { return interpreter_.unknown_commands(); }
  std::size_t bytes_received() const { return bytes_received_; }

 private:
  EscPosInterpreter interpreter_;
  Paper paper_ = Paper::Ok;
  bool cover_open_ = false;
  bool offline_ = false;
  bool cutter_error_ = false;
  bool silent_ = false;
  std::size_t status_requests_ = 0;
  std::size_t bytes_received_ = 0;
};

}  // namespace kiosk::sim
