#include "kiosk/shell/last_dispense_check.hpp"

namespace kiosk::app {
namespace {

bool same_figures(const devices::DispenseOutcome& a, const devices::DispenseOutcome& b) {
  if (a.cassettes.size() != b.cassettes.size() || a.error != b.error) return false;
  for (std::size_t i = 0; i < a.cassettes.size(); ++i)
    if (a.cassettes[i].delivered != b.cassettes[i].delivered ||
        a.cassettes[i].rejected != b.cassettes[i].rejected)
      return false;
  return true;
}

}  // namespace

std::optional<devices::DispenseOutcome> outcome_from_last_status(
    const std::vector<int>& sent, const DeviceBefore& before,
    const std::optional<devices::DispenseOutcome>& answer) {
  if (!answer || answer->result == devices::DispenseOutcome::Result::Unknown) return std::nullopt;
  if (!before.known) return std::nullopt;
  if (before.last && same_figures(*before.last, *answer)) return std::nullopt;  // may be that one
  if (answer->cassettes.size() < sent.size()) return std::nullopt;
  for (std::size_t i = 0; i < answer->cassettes.size(); ++i) {
    const int asked = i < sent.size() ? sent[i] : 0;
    if (answer->cassettes[i].requested != asked) return std::nullopt;  // the driver sent other
    if (answer->cassettes[i].delivered > asked) return std::nullopt;
  }
  devices::DispenseOutcome o = *answer;
  o.from_last_status = true;
  return o;
}

}  // namespace kiosk::app
