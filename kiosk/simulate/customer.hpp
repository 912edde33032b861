// A customer drawn from the seed, who reads the screen and acts like a person: buys, hesitates,
// abandons at any screen (by Cancel or by walking away), shows a garbage QR or another coin's
// address, an expired document, is on the blocked list, inserts odd and fake notes, raises their
// tier with a selfie, pushes against their limits. People come back: identities are drawn from a
// small population, so daily and monthly limits bind across sessions and days.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flows/cash_in/cash_in_flow.hpp"
#include "kiosk/simulate/kiosk_process.hpp"
#include "kiosk/simulate/sim_devices.hpp"
#include "kiosk/simulate/sim_rng.hpp"

namespace kiosk::simulate {

struct Resident {
  flows::compliance::CustomerIdentity who;
  bool blocked = false;
};

// The town the kiosk serves: `n` people, a few of them on the blocked list.
std::vector<Resident> draw_population(SimRng& rng, std::size_t n);

struct CustomerPlan {
  enum class LeaveAt { Never, ChooseAsset, ScanWallet, Identify, ScanDocument, InsertNotes, End };
  std::size_t person = 0;
  std::string lang = "ru", asset = "BTC/bitcoin";
  LeaveAt leave_at = LeaveAt::Never;
  bool leave_by_cancel = true;        // else walks away and lets the screen time out
  std::size_t leave_after_notes = 0;  // LeaveAt::InsertNotes: after this many notes
  bool garbage_qr = false, other_coin_qr = false, expired_document = false, selfie = false;
  std::vector<std::int64_t> notes;  // tenge; 0 is a fake, 200 a note the kiosk does not take
  Millis think_min{800}, think_max{6000};
};

CustomerPlan draw_plan(SimRng& rng, std::size_t population, const std::vector<std::string>& assets);

class Customer {
 public:
  Customer(CustomerPlan plan, const Resident& person) : plan_(std::move(plan)), person_(person) {}

  // One look at the screen and one action. Returns when to look again, or nullopt when the
  // customer has left. `kiosk` is null while the kiosk is down (rebooting after a crash).
  std::optional<Millis> act(KioskProcess* kiosk, SimDevices& devices, SimRng& rng);

  bool started() const { return started_; }
  const CustomerPlan& plan() const { return plan_; }
  std::size_t notes_inserted() const { return next_note_; }

 private:
  std::optional<Millis> leave(KioskProcess& k, bool here);
  std::optional<Millis> insert(KioskProcess& k, SimDevices& devices);

  CustomerPlan plan_;
  Resident person_;
  bool started_ = false, shown_bad_qr_ = false, selfie_done_ = false, document_shown_ = false;
  std::size_t next_note_ = 0;
  int patience_ = 6;  // looks at a screen that does not move before giving up
};

}  // namespace kiosk::simulate
