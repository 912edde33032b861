// A Puloon LCDM-1000 / LCDM-2000 / LCDM-4000 dispenser, device side: answers real LCDM frames (see
// devices/lcdm/README.md) over a MemoryTransport the way the dispenser does: ACK at once, the
// response frame when the notes are out (`wake_at`), the response again on a host NAK, EOT after
// the host's ACK (4000). Its clock is the `now` it is given; it never reads one.
//
// Physical truth, for tests to check a driver's accounting against: notes left per cassette,
// notes delivered to the customer and diverted to the reject tray per cassette, notes stuck in the
// path. A dispense moves the notes at once when the command is ACKed; its response goes out after
// `work_time + per_note_time x notes picked`.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "devices/lcdm/lcdm2000_codec.hpp"
#include "devices/lcdm/lcdm4000_codec.hpp"
#include "devices/lcdm/lcdm_driver.hpp"  // Model
#include "devices/memory_transport.hpp"
#include "flows/money.hpp"
#include "flows/time.hpp"

namespace kiosk::sim::lcdm {

struct SimCassette {
  flows::Kzt denomination{0};
  int count = 0;
  bool present = true;
};

struct LcdmDeviceSimConfig {
  devices::lcdm::Model model = devices::lcdm::Model::Lcdm2000;
  std::vector<SimCassette> cassettes;  // empty: the model's default set (500 notes each)
  int near_end_at = 20;                // near-end when a cassette holds this many notes or fewer
  Millis answer_time{5};               // STATUS, ROM VERSION, LAST STATUS
  Millis work_time{20};                // fixed part of a dispense / purge
  Millis per_note_time{5};
  std::string rom_version;  // 8 chars; empty: "O16TAD2C" (1000) / "T20T5624" (2000)
  devices::lcdm::DispenseLayout4000 dispense_layout = devices::lcdm::DispenseLayout4000::Fifteen;
  bool progress_items = false;  // 1000/2000: send 01 8D nn per note before the response
  bool reject_switch_set_when_present = false;
  int max_rejects = 10;  // 4000: more rejects in one dispense stop it (error 0D)
};

// Defaults per model, for tests and `kiosk run --sim`.
LcdmDeviceSimConfig default_sim_config(devices::lcdm::Model model);

struct LcdmSimCounters {
  std::uint64_t host_acks = 0, host_naks = 0, bad_frames = 0, commands_ignored_busy = 0;
};

class LcdmDeviceSim final : public devices::DeviceEndpoint {
 public:
  explicit LcdmDeviceSim(LcdmDeviceSimConfig config);

  devices::Bytes on_host_bytes(devices::ByteView rx, Instant now) override;
  std::optional<Instant> wake_at() const override;

  // ---- physical controls ----
  void set_count(int cassette, int notes);
  void remove_cassette(int cassette, bool removed);
  void remove_reject_tray(bool removed) { reject_tray_present_ = !removed; }
  // The next `n` notes picked are diverted to the reject tray (double, skewed); dispensing goes on.
  void reject_next_notes(int n) { reject_next_ = n; }
  // After `delivered` more notes reach the exit in a dispense, a pick-up fails: that note goes to
  // the reject tray and the dispense stops (LCDM-1000/2000 error 32, LCDM-4000 01).
  void pick_error_after(int delivered) { pick_error_after_ = delivered; }
  // After `delivered` more notes, the next one jams in the path and the dispense stops
  // (35 / 04). The note stays in the path until a purge moves it to the reject tray. A `stuck`
  // note does not move: a purge fails (4E / 0E purge aborted) and STATUS reports the jam as its
  // error (35 / 02, as the independent model of issue 13 does) until `clear_path()`.
  void jam_after(int delivered, bool stuck = false) {
    jam_after_ = delivered;
    jam_stuck_ = stuck;
  }
  void clear_path() {  // a technician takes the stuck note out (not into the reject tray)
    in_path_ = 0;
    std::fill(in_path_from_.begin(), in_path_from_.end(), 0);
    path_stuck_ = false;
  }
  // Power cut and back: the command in progress gives no response, the link state is lost
  // (the notes already moved stay moved). The LCDM-4000's last-operation record is lost too
  // (UNVERIFIED on real units).
  void power_cycle();

  // ---- link faults ----
  void set_silent(bool silent) { silent_ = silent; }       // answers nothing at all
  void drop_next_final_response() { drop_final_ = true; }  // ACKs, works, never responds
  void corrupt_next_responses(int n) { corrupt_ = n; }     // bad BCC on the next n response frames
  // Bad BCC on the next n copies of a DISPENSE response (the host's NAKs get it again, corrupt).
  void corrupt_next_dispense_responses(int n) { corrupt_dispense_ = n; }
  void nak_next_commands(int n) { nak_commands_ = n; }  // NAK valid commands, do nothing
  void inject_garbage(devices::Bytes bytes) { garbage_ = std::move(bytes); }  // before next output

  // ---- observation (the physical truth) ----
  int cassette_count() const { return static_cast<int>(cassettes_.size()); }
  int left(int cassette) const;
  flows::Kzt denomination(int cassette) const;
  int delivered(int cassette) const;  // to the customer, since start
  int rejected(int cassette) const;   // to the reject tray by dispenses, since start
  int total_delivered() const;
  int reject_tray() const { return reject_tray_; }  // every note in the tray (purges included)
  int in_path() const { return in_path_; }
  std::uint64_t commands_received(std::uint8_t cmd) const;
  const LcdmSimCounters& counters() const { return counters_; }

 private:
  struct Output {
    devices::Bytes bytes;
    Instant due;
  };
  struct Moved {  // what one dispense did, per cassette
    std::vector<int> picked, delivered, rejected;
    std::uint8_t error = 0;  // model-native code (2000: 30 ok; 4000: 00 ok)
  };

  bool is4000() const { return config_.model == devices::lcdm::Model::Lcdm4000; }
  void release(Instant now, devices::Bytes& out);
  devices::Bytes emit(devices::Bytes frame);  // applies garbage / corruption
  void perform(const devices::lcdm::Frame& f, Instant now);
  devices::Bytes perform2000(const devices::lcdm::Frame& f, int& picked);
  devices::Bytes perform4000(const devices::lcdm::Frame& f, int& picked);
  Moved move_notes(const std::vector<int>& want, bool test);
  bool near_end(int cassette) const;

  LcdmDeviceSimConfig config_;
  devices::lcdm::LcdmFrameReader reader_;
  std::vector<SimCassette> cassettes_;
  std::vector<int> delivered_, rejected_;
  int reject_tray_ = 0;
  int in_path_ = 0;
  std::vector<int> in_path_from_;  // per cassette: where the notes in the path were picked from
  bool reject_tray_present_ = true;
  int reject_next_ = 0;
  std::optional<int> pick_error_after_, jam_after_;
  bool jam_stuck_ = false, path_stuck_ = false;

  std::optional<Output> output_;  // the response being worked on
  devices::Bytes last_response_;  // for a host NAK
  bool awaiting_host_ack_ = false;
  std::optional<devices::lcdm::OperationReply4000> last_operation_;  // 4000 LAST STATUS

  bool silent_ = false, drop_final_ = false;
  int corrupt_ = 0, corrupt_dispense_ = 0, nak_commands_ = 0;
  devices::Bytes garbage_;
  std::map<std::uint8_t, std::uint64_t> commands_;
  LcdmSimCounters counters_;
};

}  // namespace kiosk::sim::lcdm
