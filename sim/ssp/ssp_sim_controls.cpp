// The SSP validator simulator: controls for tests and the console, and observation.
#include <algorithm>

#include "sim/ssp/ssp_device_sim.hpp"

namespace kiosk::sim::ssp {

using namespace devices::ssp;
using devices::Bytes;

int SspSimCounters::stacked_notes() const {
  int n = 0;
  for (const auto& [value, count] : stacked) n += count;
  return n;
}

std::int64_t SspSimCounters::stacked_value() const {
  std::int64_t v = 0;
  for (const auto& [value, count] : stacked) v += value * count;
  return v;
}

std::string SspDeviceSim::state_name() const {
  if (jam_) return "jammed";
  switch (state_) {
    case State::Idle:
      return enabled_ ? "idle" : "disabled";
    case State::Reading:
      return "reading";
    case State::Escrow:
      return "escrow";
    case State::Stacking:
      return "stacking";
    case State::Rejecting:
      return "rejecting";
  }
  return "unknown";
}

std::uint64_t SspDeviceSim::commands_received(Command c) const {
  auto it = commands_.find(static_cast<std::uint8_t>(c));
  return it == commands_.end() ? 0 : it->second;
}

bool SspDeviceSim::insert_channel(std::uint8_t channel) {
  if (busy() || faulted() || !enabled_ || inserted_) return false;
  inserted_ = channel;
  return true;
}

bool SspDeviceSim::insert_note(flows::Kzt amount) {
  const auto& c = config_.channels;
  auto it = std::find_if(c.begin(), c.end(),
                         [&](std::uint32_t v) { return std::int64_t{v} == amount.value; });
  // A value the dataset does not know is read as a fake.
  return insert_channel(it == c.end() ? 0 : static_cast<std::uint8_t>(it - c.begin() + 1));
}

bool SspDeviceSim::insert_fake() { return insert_channel(0); }

void SspDeviceSim::fraud_attempt(std::uint8_t channel) {
  events_.push_back({event::FraudAttempt, channel});
}

void SspDeviceSim::remove_cashbox(bool removed) {
  if (cashbox_removed_ && !removed) events_.push_back({event::CashboxReplaced, {}});
  cashbox_removed_ = removed;
}

void SspDeviceSim::power_cycle(bool note_into_cashbox) {
  const bool note_in_path = state_ != State::Idle && channel_ != 0 && state_ != State::Rejecting;
  const std::uint8_t ch = channel_;
  lose_power_state();
  if (!note_in_path) return;
  if (note_into_cashbox) {
    ++counters_.stacked[config_.channels[ch - 1]];
    events_.push_back({event::ClearedIntoCashbox, ch});
  } else {
    ++counters_.returned;
    events_.push_back({event::ClearedFromFront, ch});
  }
}

void SspDeviceSim::inject_garbage(Bytes bytes) {
  garbage_.insert(garbage_.end(), bytes.begin(), bytes.end());
}

}  // namespace kiosk::sim::ssp
