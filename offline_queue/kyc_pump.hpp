// The Asio shell around KycVault's delivery core (kyc_vault.hpp): sends due KYC submissions
// through the ExchangeClient on a steady timer, one in flight, and records each answer in the
// vault before on_settled runs. The same shape as OutboxPump. Logs one key=value line per outcome
// with the kyc id and the exchange's status only (never the body: it is personal data).
#pragma once

#include <functional>
#include <memory>

#include "offline_queue/exchange_client.hpp"
#include "offline_queue/kyc_vault.hpp"
#include "offline_queue/wall_clock.hpp"

namespace kiosk::oq {

class KycPump {
 public:
  using OnSettled = std::function<void(const std::string& kyc_id, const KycVault::Settled&)>;

  // `vault` and `client` must outlive the pump.
  KycPump(boost::asio::io_context& io, KycVault& vault, ExchangeClient& client,
          WallClockMs wall_clock);
  ~KycPump();
  KycPump(const KycPump&) = delete;
  KycPump& operator=(const KycPump&) = delete;

  void on_settled(OnSettled cb);
  void start();
  void stop();
  // Look at the vault now (after a submit) instead of at the next timer.
  void kick();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace kiosk::oq
