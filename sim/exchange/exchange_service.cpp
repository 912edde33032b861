#include "sim/exchange/exchange_service.hpp"

#include <ctime>

#include "offline_queue/cash_out_messages.hpp"
#include "offline_queue/digest.hpp"
#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/kyc_messages.hpp"
#include "offline_queue/request_signing.hpp"

namespace kiosk::sim {
SimResponse error_answer(int status, std::string_view code, std::string_view message) {
  return SimResponse{status, oq::error_body(code, message)};
}

namespace {

oq::AssetRate rate(std::string asset, std::string network, int decimals, std::string_view buy,
                   std::string_view sell) {
  return oq::AssetRate{std::move(asset), std::move(network), decimals, *flows::Rate::parse(buy),
                       *flows::Rate::parse(sell)};
}

std::string path_of(const std::string& target) { return target.substr(0, target.find('?')); }

}  // namespace

std::string query_value(const std::string& target, std::string_view key) {
  auto q = target.find('?');
  if (q == std::string::npos) return {};
  std::string_view rest = std::string_view(target).substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == key)
      return std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return {};
}

oq::RatesSnapshot default_sim_rates() {
  return oq::RatesSnapshot{
      "2024-05-01T00:00:00Z",
      {rate("BTC", "bitcoin", 8, "51000000", "49500000"),
       rate("LTC", "litecoin", 8, "45000", "43500"),
       rate("ETH", "ethereum", 18, "1800000", "1750000"),
       rate("USDT", "tron", 6, "520.5", "505.25"), rate("USDT", "ethereum", 6, "520.5", "505.25")}};
}

ExchangeService::ExchangeService(std::map<std::string, std::string> kiosk_secrets,
                                 oq::RatesSnapshot rates)
    : secrets_(std::move(kiosk_secrets)), rates_(std::move(rates)) {}

void ExchangeService::add_kiosk(const std::string& kiosk_id, const std::string& secret) {
  secrets_[kiosk_id] = secret;
}

std::int64_t ExchangeService::journal_acked_through(const std::string& kiosk_id) const {
  return journals_.acked_through(kiosk_id);
}

std::optional<std::string> ExchangeService::last_heartbeat(const std::string& kiosk_id) const {
  return heartbeats_.last_body(kiosk_id);
}

std::int64_t ExchangeService::commands_after(const std::string& kiosk_id) const {
  return command_desk().highest_seq(kiosk_id);
}

SimResponse ExchangeService::handle(const SimRequest& req, std::int64_t now_ms) {
  RecordedRequest rec{req.kiosk_id, req.method, req.target, req.idempotency_key,
                      req.body,     0,          false};
  auto finish = [&](SimResponse r) {
    rec.status = r.status;
    requests_.push_back(rec);
    return r;
  };

  auto secret = secrets_.find(req.kiosk_id);
  if (secret == secrets_.end()) return finish(error_answer(401, "unauthorized", "unknown kiosk"));
  auto check = oq::verify_request(secret->second, req.method, req.target, req.timestamp, req.body,
                                  req.signature, now_ms / 1000);
  if (check == oq::SignatureCheck::BadTimestamp || check == oq::SignatureCheck::Stale)
    return finish(error_answer(401, "unauthorized", "timestamp missing or outside the window"));
  if (check != oq::SignatureCheck::Ok)
    return finish(error_answer(401, "unauthorized", "bad signature"));

  if (req.idempotency_key.empty()) return finish(route(req.kiosk_id, req, now_ms));

  // Same key + same request -> the first answer again; same key + different request -> 409.
  std::string fingerprint = oq::sha256_hex(req.method + "\n" + req.target + "\n" + req.body);
  auto slot = std::make_pair(req.kiosk_id, req.idempotency_key);
  if (auto it = idempotency_.find(slot); it != idempotency_.end()) {
    rec.replay = true;
    if (it->second.fingerprint != fingerprint)
      return finish(
          error_answer(409, "idempotency_conflict", "key reused with a different request"));
    return finish(it->second.response);
  }
  SimResponse r = route(req.kiosk_id, req, now_ms);
  if (r.status < 500) idempotency_[slot] = Remembered{fingerprint, r};
  return finish(r);
}

SimResponse ExchangeService::route(const std::string& kiosk, const SimRequest& req,
                                   std::int64_t now_ms) {
  std::string path = path_of(req.target);
  bool get = req.method == "GET", post = req.method == "POST";
  if (path == "/v1/rates") {
    if (!get) return error_answer(405, "method_not_allowed", "use GET");
    return SimResponse{200, oq::rates_to_json(rates_)};
  }
  if (path == "/v1/config") {
    if (!get) return error_answer(405, "method_not_allowed", "use GET");
    return SimResponse{200, R"({"version":1})"};
  }
  if (path == "/v1/cash-in" || path == "/v1/journal") {
    if (!post) return error_answer(405, "method_not_allowed", "use POST");
    if (req.idempotency_key.empty())
      return error_answer(400, "missing_idempotency_key",
                          "state-changing POST needs Idempotency-Key");
    return path == "/v1/cash-in" ? cash_in(kiosk, req, now_ms) : journal(kiosk, req);
  }
  if (path == "/v1/commands") {
    if (!get) return error_answer(405, "method_not_allowed", "use GET");
    return commands_.poll(kiosk);
  }
  if (path.starts_with("/v1/commands/") && path.ends_with("/result")) {
    if (!post) return error_answer(405, "method_not_allowed", "use POST");
    std::string id = path.substr(13, path.size() - 13 - 7);
    if (id.empty() || id.find('/') != std::string::npos)
      return error_answer(404, "not_found", "no such command");
    return commands_.post_result(kiosk, id, req.body, now_ms);
  }
  if (path == "/v1/heartbeat") {
    if (!post) return error_answer(405, "method_not_allowed", "use POST");
    return heartbeat(kiosk, req, now_ms);
  }
  if (path.starts_with("/v1/cash-out/") || path.starts_with("/v1/redeem/"))
    return cash_out(kiosk, req, path, now_ms);
  if (path == "/v1/kyc" || path == "/v1/lists/blocked" || path.starts_with("/v1/customers/"))
    return compliance(kiosk, req, path, now_ms);
  return error_answer(404, "not_found", "no such endpoint in the simulator");
}

// /v1/cash-out/orders, /v1/cash-out/orders/{id}[/claim|/dispensed], /v1/redeem/{code}
SimResponse ExchangeService::cash_out(const std::string& kiosk, const SimRequest& req,
                                      const std::string& path, std::int64_t now_ms) {
  constexpr std::string_view kOrders = "/v1/cash-out/orders", kRedeem = "/v1/redeem/";
  bool get = req.method == "GET", post = req.method == "POST";
  if (path.starts_with(kRedeem)) {
    if (!get) return error_answer(405, "method_not_allowed", "use GET");
    return desk_.redeem(path.substr(kRedeem.size()), now_ms);
  }
  if (!path.starts_with(kOrders)) return error_answer(404, "not_found", "no such endpoint");
  std::string rest = path.substr(kOrders.size());  // "", "/ID", "/ID/claim", "/ID/dispensed"
  if (post && req.idempotency_key.empty())
    return error_answer(400, "missing_idempotency_key",
                        "state-changing POST needs Idempotency-Key");
  if (rest.empty()) {
    if (!post) return error_answer(405, "method_not_allowed", "use POST");
    SimResponse r = desk_.create(kiosk, req.body, rates_, now_ms);
    if (r.status == 200)
      if (auto order = oq::parse_cash_out_order_request(req.body); order && order->customer_key)
        kyc_.record(*order->customer_key, order->fiat.value, now_ms);
    return r;
  }
  if (rest.front() != '/') return error_answer(404, "not_found", "no such endpoint");
  rest.erase(0, 1);
  auto slash = rest.find('/');
  std::string id = rest.substr(0, slash);
  std::string action = slash == std::string::npos ? "" : rest.substr(slash + 1);
  if (action.empty()) {
    if (!get) return error_answer(405, "method_not_allowed", "use GET");
    return desk_.view(id, now_ms);
  }
  if (action != "claim" && action != "dispensed")
    return error_answer(404, "not_found", "no such endpoint");
  if (!post) return error_answer(405, "method_not_allowed", "use POST");
  return action == "claim" ? desk_.claim(id, req.body, req.idempotency_key, now_ms)
                           : desk_.dispensed(id, req.body, now_ms);
}

// POST /v1/kyc, GET /v1/customers/{key}/usage?at=ISO, GET /v1/lists/blocked?since=VERSION
SimResponse ExchangeService::compliance(const std::string& kiosk, const SimRequest& req,
                                        const std::string& path, std::int64_t now_ms) {
  if (path == "/v1/kyc") {
    if (req.method != "POST") return error_answer(405, "method_not_allowed", "use POST");
    if (req.idempotency_key.empty())
      return error_answer(400, "missing_idempotency_key",
                          "state-changing POST needs Idempotency-Key");
    return kyc_.submit(kiosk, req.body, req.idempotency_key, now_ms);
  }
  if (req.method != "GET") return error_answer(405, "method_not_allowed", "use GET");
  if (path == "/v1/lists/blocked") return kyc_.blocked(query_value(req.target, "since"));
  auto key = oq::usage_key_from_path(path);
  if (!key) return error_answer(404, "not_found", "no such endpoint");
  return kyc_.usage(*key, query_value(req.target, "at"), now_ms);
}

SimResponse ExchangeService::cash_in(const std::string& kiosk, const SimRequest& req,
                                     std::int64_t now_ms) {
  auto parsed = oq::parse_cash_in_request(req.body);
  if (!parsed) return error_answer(400, "bad_request", parsed.error().what);
  const oq::AssetRate* asset = rates_.find(parsed->asset, parsed->network);
  if (asset == nullptr) return error_answer(400, "unknown_asset", "asset/network not quoted");
  if (max_cash_in_kzt_ > 0 && parsed->fiat.value > max_cash_in_kzt_)
    return error_answer(403, "limit_exceeded", "cash-in above the per-transaction limit");
  auto tx = std::make_pair(kiosk, parsed->tx_id);
  if (cash_in_tx_.contains(tx))
    return error_answer(409, "duplicate_tx", "tx_id already bought under another key");
  auto atoms = flows::crypto_for_fiat(parsed->fiat - parsed->fee, parsed->quote_kzt_per_unit,
                                      asset->decimals);
  if (!atoms) return error_answer(400, "bad_request", atoms.error().what);
  cash_in_tx_[tx] = req.idempotency_key;
  if (parsed->customer_key)
    kyc_.record(*parsed->customer_key, parsed->fiat.value,
                parse_iso_utc_ms(parsed->created_at).value_or(now_ms));
  oq::CashInAnswer answer{"accepted", *atoms,
                          oq::sha256_hex("sim-chain:" + kiosk + ":" + parsed->tx_id)};
  return SimResponse{200, oq::cash_in_answer_body(answer)};
}

SimResponse ExchangeService::journal(const std::string& kiosk, const SimRequest& req) {
  return journals_.accept(kiosk, req.body);
}

SimResponse ExchangeService::heartbeat(const std::string& kiosk, const SimRequest& req,
                                       std::int64_t now_ms) {
  return heartbeats_.receive(kiosk, req.body, now_ms, commands_after(kiosk));
}

}  // namespace kiosk::sim
