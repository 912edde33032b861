// The simulated validator of `kiosk run --sim`, whichever protocol the config names: one set of
// console controls over the CCNET, ID003 or SSP device simulator (both speak real bytes over the
// in-memory link). `make_sim_validator` picks the simulator by the config's protocol.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "devices/memory_transport.hpp"
#include "flows/money.hpp"

namespace kiosk::app {

// What the console shows of the cassette.
struct SimValidatorCounters {
  std::map<std::int64_t, int> stacked;  // tenge denomination -> notes in the cassette
  int returned = 0;
  int rejected = 0;
  std::int64_t stacked_value() const {
    std::int64_t v = 0;
    for (const auto& [kzt, n] : stacked) v += kzt * n;
    return v;
  }
};

class SimValidator : public devices::DeviceEndpoint {
 public:
  virtual bool insert_note(flows::Kzt amount) = 0;
  virtual bool insert_fake() = 0;
  virtual void jam() = 0;
  virtual void clear_jam() = 0;
  virtual void cassette_full(bool full) = 0;
  virtual void remove_cassette(bool removed) = 0;
  virtual void power_cycle(bool with_bill_in_stacker) = 0;
  virtual std::string state_name() const = 0;
  virtual SimValidatorCounters counters() const = 0;
};

// "ccnet" (default), "id003" or "ssp" (with the unit's eSSP preset key).
std::shared_ptr<SimValidator> make_sim_validator(const std::string& protocol,
                                                 std::uint64_t essp_fixed_key = 0x0123456701234567);

}  // namespace kiosk::app
