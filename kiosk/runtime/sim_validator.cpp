#include "kiosk/runtime/sim_validator.hpp"

#include "sim/ccnet/ccnet_device_sim.hpp"
#include "sim/id003/id003_device_sim.hpp"
#include "sim/ssp/ssp_device_sim.hpp"

namespace kiosk::app {
namespace {

template <class Sim>
class SimValidatorOf final : public SimValidator {
 public:
  devices::Bytes on_host_bytes(devices::ByteView rx, Instant now) override {
    return sim_.on_host_bytes(rx, now);
  }
  bool insert_note(flows::Kzt amount) override { return sim_.insert_note(amount); }
  bool insert_fake() override { return sim_.insert_fake(); }
  void jam() override { sim_.jam(); }
  void clear_jam() override { sim_.clear_jam(); }
  void cassette_full(bool full) override { sim_.cassette_full(full); }
  void remove_cassette(bool removed) override { sim_.remove_cassette(removed); }
  void power_cycle(bool with_bill_in_stacker) override { sim_.power_cycle(with_bill_in_stacker); }
  std::string state_name() const override { return sim_.state_name(); }
  SimValidatorCounters counters() const override {
    const auto& c = sim_.counters();
    return {c.stacked, c.returned, c.rejected};
  }

 private:
  Sim sim_;
};

// ITL SSP: its controls differ slightly (a safe jam, the stacker and cashbox named as SSP does).
class SspSimValidator final : public SimValidator {
 public:
  explicit SspSimValidator(std::uint64_t fixed_key) : sim_(config(fixed_key)) {}
  devices::Bytes on_host_bytes(devices::ByteView rx, Instant now) override {
    return sim_.on_host_bytes(rx, now);
  }
  bool insert_note(flows::Kzt amount) override { return sim_.insert_note(amount); }
  bool insert_fake() override { return sim_.insert_fake(); }
  void jam() override { sim_.jam(true); }
  void clear_jam() override { sim_.clear_jam(); }
  void cassette_full(bool full) override { sim_.stacker_full(full); }
  void remove_cassette(bool removed) override { sim_.remove_cashbox(removed); }
  void power_cycle(bool with_bill_in_stacker) override { sim_.power_cycle(with_bill_in_stacker); }
  std::string state_name() const override { return sim_.state_name(); }
  SimValidatorCounters counters() const override {
    const auto& c = sim_.counters();
    return {c.stacked, c.returned, c.rejected};
  }

 private:
  static sim::ssp::SspDeviceSimConfig config(std::uint64_t key) {
    sim::ssp::SspDeviceSimConfig c;
    c.fixed_key = key;
    return c;
  }
  sim::ssp::SspDeviceSim sim_;
};

}  // namespace

std::shared_ptr<SimValidator> make_sim_validator(const std::string& protocol,
                                                 std::uint64_t essp_fixed_key) {
  if (protocol == "ssp") return std::make_shared<SspSimValidator>(essp_fixed_key);
  if (protocol == "id003") return std::make_shared<SimValidatorOf<sim::id003::Id003DeviceSim>>();
  return std::make_shared<SimValidatorOf<sim::ccnet::CcnetDeviceSim>>();
}

}  // namespace kiosk::app
