#include "kiosk/shell/rates_poller.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "kiosk/log.hpp"

namespace kiosk::app {

namespace {
constexpr const char* kSnapshotKey = "rates.last";          // the JSON snapshot
constexpr const char* kSnapshotAtKey = "rates.last_at_ms";  // wall ms when it was received
}  // namespace

RatesPoller::RatesPoller(boost::asio::io_context& io, oq::ExchangeClient& client, oq::Store& store,
                         std::vector<AssetConfig> assets, Millis refresh, ShellClock clock,
                         OnMarket on_market)
    : io_(io),
      client_(client),
      store_(store),
      assets_(std::move(assets)),
      refresh_(refresh),
      clock_(std::move(clock)),
      on_market_(std::move(on_market)),
      timer_(io) {}

void RatesPoller::start() {
  auto text = store_.get_state(kSnapshotKey);
  auto at = store_.get_state(kSnapshotAtKey);
  std::int64_t at_ms = 0;
  bool have_at =
      at && *at &&
      std::from_chars((*at)->data(), (*at)->data() + (*at)->size(), at_ms).ec == std::errc{};
  if (text && *text && have_at) {
    if (auto snap = oq::parse_rates(**text)) {
      std::int64_t age_ms = std::max<std::int64_t>(0, clock_.wall_ms() - at_ms);
      apply(*snap, clock_.now() - Millis{age_ms});
      log_event(LogLevel::Info, "rates.restored", {{"age_s", std::to_string(age_ms / 1000)}});
    }
  }
  publish();
  poll();
}

void RatesPoller::stop() {
  stopped_ = true;
  timer_.cancel();
}

void RatesPoller::set_offline_exposure(flows::Kzt k) {
  if (market_.offline_exposure == k) return;
  market_.offline_exposure = k;
  publish();
}

void RatesPoller::apply(const oq::RatesSnapshot& s, Instant received_at) {
  snapshot_ = s;
  market_.offers.clear();
  for (const auto& a : assets_) {
    auto slash = a.id.find('/');
    const oq::AssetRate* r = s.find(a.id.substr(0, slash), a.id.substr(slash + 1));
    if (!r) continue;  // the exchange does not quote it now: not offered
    market_.offers.push_back({a.id, a.name, a.symbol, r->decimals, r->buy});
  }
  market_.as_of = s.as_of;
  market_.received_at = received_at;
}

void RatesPoller::publish() {
  market_.online = online_;
  if (on_market_) on_market_(market_);
}

void RatesPoller::poll() {
  if (stopped_) return;
  client_.request(
      oq::HttpRequest{"GET", "/v1/rates", "", std::nullopt}, [this](oq::ExchangeClient::Result r) {
        if (stopped_) return;
        bool was_online = online_;
        if (r && r->status == 200) {
          if (auto snap = oq::parse_rates(r->body)) {
            apply(*snap, clock_.now());
            online_ = true;
            store_.put_state(kSnapshotKey, oq::rates_to_json(*snap));
            store_.put_state(kSnapshotAtKey, std::to_string(clock_.wall_ms()));
          } else {
            online_ = false;
            log_event(LogLevel::Warn, "rates.bad_answer", {{"error", snap.error().what}});
          }
        } else {
          online_ = false;
          if (was_online || !r)
            log_event(LogLevel::Warn, "exchange.unreachable",
                      {{"error", r ? "status " + std::to_string(r->status) : r.error().what}});
        }
        if (online_ != was_online)
          log_event(LogLevel::Info, online_ ? "exchange.online" : "exchange.offline");
        publish();
        schedule();
      });
}

void RatesPoller::schedule() {
  if (stopped_) return;
  timer_.expires_after(online_ ? refresh_ : std::min(refresh_, Millis{5000}));
  timer_.async_wait([this](auto ec) {
    if (!ec) poll();
  });
}

}  // namespace kiosk::app
