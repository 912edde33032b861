// The ID003 validator simulator: the default KZT table, controls for tests and the console, and
// observation.
#include <algorithm>

#include "sim/id003/id003_device_sim.hpp"

namespace kiosk::sim::id003 {

using namespace devices::id003;
using devices::Bytes;
using flows::Kzt;

std::vector<Id003Denomination> default_kzt_table() {
  return {
      {0x61, Kzt{200}, "old"},   {0x62, Kzt{500}, "old"},   {0x63, Kzt{1000}, "old"},
      {0x64, Kzt{2000}, "old"},  {0x65, Kzt{5000}, "old"},  {0x66, Kzt{10000}, "old"},
      {0x67, Kzt{20000}, "old"}, {0x68, Kzt{500}, "saka"},  {0x69, Kzt{1000}, "saka"},
      {0x6A, Kzt{2000}, "saka"}, {0x6B, Kzt{5000}, "saka"}, {0x6C, Kzt{10000}, "saka"},
  };
}

int Id003SimCounters::stacked_notes() const {
  int n = stacked_unknown;
  for (const auto& [value, count] : stacked) n += count;
  return n;
}

std::int64_t Id003SimCounters::stacked_value() const {
  std::int64_t v = 0;
  for (const auto& [value, count] : stacked) v += value * count;
  return v;
}

std::string Id003DeviceSim::state_name() const {
  switch (state_) {
    case State::PowerUp:
      return "power_up";
    case State::Initializing:
      return "initializing";
    case State::Disabled:
      return "disabled";
    case State::Idling:
      return "idling";
    case State::Accepting:
      return "accepting";
    case State::Escrow:
      return "escrow";
    case State::Stacking:
      return "stacking";
    case State::VendValid:
      return "vend_valid";
    case State::Stacked:
      return "stacked";
    case State::Returning:
      return "returning";
    case State::Rejecting:
      return "rejecting";
  }
  return "unknown";
}

std::uint64_t Id003DeviceSim::commands_received(Command c) const {
  auto it = commands_.find(static_cast<std::uint8_t>(c));
  return it == commands_.end() ? 0 : it->second;
}

std::vector<Kzt> Id003DeviceSim::accepting() const {
  std::vector<Kzt> out;
  if (acceptor_inhibited_) return out;
  for (const auto& d : config_.table)
    if (code_enabled(d.escrow_code)) out.push_back(d.amount);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool Id003DeviceSim::insert_note(Kzt amount, const std::string& series) {
  if (state_ != State::Idling || faulted() || inserted_) return false;
  Note n;
  for (std::size_t i = 0; i < config_.table.size(); ++i) {
    const auto& d = config_.table[i];
    if (d.amount == amount && (series.empty() || d.series == series)) {
      n.entry = i;
      break;
    }
  }
  inserted_ = n;
  return true;
}

bool Id003DeviceSim::insert_fake() {
  if (state_ != State::Idling || faulted() || inserted_) return false;
  inserted_ = Note{};
  return true;
}

void Id003DeviceSim::power_cycle(bool with_bill_in_stacker) {
  const bool note_in_path = note_.has_value() && state_ != State::Stacked &&
                            state_ != State::Rejecting && state_ != State::Returning;
  const bool past_lever = note_.has_value() && state_ == State::VendValid;
  power_up_code_ = status::PowerUp;
  if (with_bill_in_stacker) {
    power_up_code_ = status::PowerUpBillInStacker;
    if (note_in_path && note_->entry)
      count_stacked(*note_);
    else
      ++counters_.stacked_unknown;
  } else if (past_lever) {
    power_up_code_ = status::PowerUpBillInStacker;  // it was past the lever: it ends stacked
    count_stacked(*note_);
  } else if (note_in_path) {
    power_up_code_ = status::PowerUpBillInAcceptor;  // RESET will give it back
    ++counters_.returned;
  }
  note_.reset();
  inserted_.reset();
  acceptor_inhibited_ = true;
  inhibit_ = DenominationMask{};
  reader_.reset();
  state_ = State::PowerUp;
  since_.reset();
}

void Id003DeviceSim::inject_garbage(Bytes bytes) {
  garbage_.insert(garbage_.end(), bytes.begin(), bytes.end());
}

}  // namespace kiosk::sim::id003
