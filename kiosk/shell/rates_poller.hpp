// Keeps the cash-in market fresh: GET /v1/rates every `refresh` on the io_context, the answer
// filtered to the assets in the config. A failure marks the exchange offline but keeps the last
// rates (the offline policy decides whether they may still be used). The last good snapshot is kept
// in the store, so a restart while offline can still sell within the offline policy.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>

#include "flows/cash_in/cash_in_types.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/shell/shell_clock.hpp"
#include "offline_queue/exchange_client.hpp"
#include "offline_queue/rates_message.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

class RatesPoller {
 public:
  using OnMarket = std::function<void(const flows::cash_in::Market&)>;
  RatesPoller(boost::asio::io_context& io, oq::ExchangeClient& client, oq::Store& store,
              std::vector<AssetConfig> assets, Millis refresh, ShellClock clock,
              OnMarket on_market);

  void start();  // restores the stored snapshot, then polls at once
  void stop();
  bool online() const { return online_; }
  // The last snapshot applied (buy and sell for every quoted asset), for the cash-out market.
  const std::optional<oq::RatesSnapshot>& snapshot() const { return snapshot_; }
  // Fiat not yet acknowledged by the exchange (the shell keeps it current).
  void set_offline_exposure(flows::Kzt k);

 private:
  void poll();
  void schedule();
  void apply(const oq::RatesSnapshot& s, Instant received_at);
  void publish();

  boost::asio::io_context& io_;
  oq::ExchangeClient& client_;
  oq::Store& store_;
  std::vector<AssetConfig> assets_;
  Millis refresh_;
  ShellClock clock_;
  OnMarket on_market_;
  boost::asio::steady_timer timer_;
  flows::cash_in::Market market_;
  std::optional<oq::RatesSnapshot> snapshot_;
  bool online_ = false;
  bool stopped_ = false;
};

}  // namespace kiosk::app
