#include "kiosk/simulate/customer.hpp"

#include "sim/camera/sample_payloads.hpp"

namespace kiosk::simulate {

using flows::cash_in::Screen;
using LeaveAt = CustomerPlan::LeaveAt;

std::vector<Resident> draw_population(SimRng& rng, std::size_t n) {
  static const std::vector<std::string> names{"IVANOV IVAN", "AKHMETOVA AIGERIM", "SMAGULOV ERLAN",
                                              "KIM OLGA",    "NURLANOV DAULET",   "PETROVA ANNA"};
  std::vector<Resident> out;
  for (std::size_t i = 0; i < n; ++i) {
    char iin[48];
    std::snprintf(iin, sizeof iin, "9%05llu%06llu", static_cast<unsigned long long>(i),
                  static_cast<unsigned long long>(rng.below(1'000'000)));
    char birth[48];
    std::snprintf(birth, sizeof birth, "19%02d-%02d-%02d", static_cast<int>(rng.between(50, 99)),
                  static_cast<int>(rng.between(1, 12)), static_cast<int>(rng.between(1, 28)));
    out.push_back({flows::compliance::resident(iin, rng.pick(names), birth), rng.chance(0.05)});
  }
  return out;
}

CustomerPlan draw_plan(SimRng& rng, std::size_t population,
                       const std::vector<std::string>& assets) {
  CustomerPlan p;
  p.person = rng.below(population);
  static const std::vector<std::string> langs{"kk", "ru", "en"};
  p.lang = rng.pick(langs);
  p.asset = rng.pick(assets);
  if (rng.chance(0.25)) {
    static const std::vector<LeaveAt> where{LeaveAt::ChooseAsset, LeaveAt::ScanWallet,
                                            LeaveAt::Identify,    LeaveAt::ScanDocument,
                                            LeaveAt::InsertNotes, LeaveAt::End};
    p.leave_at = rng.pick(where);
    p.leave_by_cancel = rng.chance(0.5);
  }
  p.garbage_qr = rng.chance(0.08);
  p.other_coin_qr = rng.chance(0.08);
  p.expired_document = rng.chance(0.04);
  p.selfie = rng.chance(0.3);
  // Mostly small purchases; some big ones that meet the tier, daily and retail limits.
  static const std::vector<std::int64_t> common{1000, 2000, 5000, 5000, 10000, 20000};
  const bool big = rng.chance(0.15);
  const std::size_t n = big ? rng.between(10, 40) : rng.between(1, 8);
  for (std::size_t i = 0; i < n; ++i) {
    if (rng.chance(0.04))
      p.notes.push_back(0);  // a fake
    else if (rng.chance(0.03))
      p.notes.push_back(200);  // a real tenge note the kiosk does not take
    else
      p.notes.push_back(big ? 20000 : rng.pick(common));
  }
  p.leave_after_notes = rng.below(n + 1);
  if (rng.chance(0.1)) p.think_max = Millis{40000};  // a slow one: meets the screens' timeouts
  return p;
}

std::optional<Millis> Customer::leave(KioskProcess& k, bool here) {
  if (here && plan_.leave_by_cancel) k.touch("cancel");
  return std::nullopt;
}

std::optional<Millis> Customer::insert(KioskProcess& k, SimDevices& devices) {
  const auto& s = k.flow().session();
  if (s.escrow || s.stacking || s.returning) return Millis{500};  // a note is moving
  if (next_note_ < plan_.notes.size()) {
    const std::int64_t note = plan_.notes[next_note_];
    const bool taken = note == 0 ? devices.validator.insert_fake()
                                 : devices.validator.insert_note(flows::Kzt{note});
    if (taken) {
      ++next_note_;
      patience_ = 6;
      return Millis{1500};
    }
    if (--patience_ > 0) return Millis{1000};  // the validator is not taking notes (yet)
    next_note_ = plan_.notes.size();           // gives up inserting
  }
  if (s.credited.value > 0) {
    k.touch("confirm");
  } else {
    k.touch("cancel");
  }
  return Millis{2000};
}

std::optional<Millis> Customer::act(KioskProcess* kiosk, SimDevices& devices, SimRng& rng) {
  const Millis think{rng.between(plan_.think_min.count(), plan_.think_max.count())};
  if (!kiosk) return --patience_ > 0 ? std::optional<Millis>(Millis{10000}) : std::nullopt;
  KioskProcess& k = *kiosk;
  const auto& flow = k.flow();
  const Screen screen = flow.screen();
  switch (screen) {
    case Screen::Welcome:
      if (started_) return std::nullopt;  // the session is over: the customer goes
      if (!flow.available())
        return --patience_ > 0 ? std::optional<Millis>(Millis{20000}) : std::nullopt;
      started_ = true;
      k.touch("choose_language", plan_.lang);
      if (k.flow().screen() == Screen::Welcome) {  // not open (no rates yet): try again
        started_ = false;
        return --patience_ > 0 ? std::optional<Millis>(Millis{20000}) : std::nullopt;
      }
      return think;
    case Screen::ChooseAsset:
      if (plan_.leave_at == LeaveAt::ChooseAsset) return leave(k, true);
      k.touch("choose_asset", plan_.asset);
      if (k.flow().screen() == Screen::ChooseAsset && --patience_ <= 0) return leave(k, true);
      return think;
    case Screen::ScanWallet:
      if (plan_.leave_at == LeaveAt::ScanWallet) return leave(k, true);
      if ((plan_.garbage_qr || plan_.other_coin_qr) && !shown_bad_qr_) {
        shown_bad_qr_ = true;
        std::string other = plan_.asset == "ETH/ethereum" ? "BTC/bitcoin" : "ETH/ethereum";
        k.show_wallet_qr(plan_.garbage_qr ? "WIFI:S:cafe;T:WPA;P:secret;;"
                                          : sim::sample_payload(other, true));
        return think;
      }
      k.show_wallet_qr(sim::sample_payload(plan_.asset, true));
      return think;
    case Screen::Identify:
      if (plan_.leave_at == LeaveAt::Identify) return leave(k, true);
      k.touch("consent");
      return think;
    case Screen::ScanDocument:
      if (plan_.leave_at == LeaveAt::ScanDocument) return leave(k, true);
      if (document_shown_) return --patience_ > 0 ? std::optional<Millis>(think) : leave(k, true);
      document_shown_ = true;
      if (plan_.expired_document)
        k.show_document({std::nullopt, "document_expired"});
      else
        k.show_document({person_.who, ""});
      return think;
    case Screen::CheckingCustomer:
    case Screen::Processing:
      return Millis{1000};
    case Screen::Selfie:
      selfie_done_ = true;
      k.show_selfie(true);
      return think;
    case Screen::InsertNotes:
      if (plan_.leave_at == LeaveAt::InsertNotes && next_note_ >= plan_.leave_after_notes)
        return leave(k, true);
      if (plan_.selfie && !selfie_done_ && next_note_ == 0 && flow.can_raise_tier()) {
        selfie_done_ = true;
        k.touch("take_selfie");
        return think;
      }
      return insert(k, devices);
    case Screen::Done:
    case Screen::SessionEnded:
      if (plan_.leave_at == LeaveAt::End) return leave(k, false);  // walks off with the receipt
      k.touch("finish");
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace kiosk::simulate
