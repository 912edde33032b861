// Fuzzes what the exchange simulator reads from a client: request bodies for every endpoint
// (signed correctly, so they reach the parsers), the /sim/ control bodies, and the request parsers
// the simulator shares with the kiosk (cash-in and cash-out order requests, claims, journal
// batches; whatever parses writes back to a body that parses to the same value).
#include <cstddef>
#include <cstdint>
#include <string>

#include "offline_queue/cash_out_messages.hpp"
#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/request_signing.hpp"
#include "sim/exchange/exchange_service.hpp"
#include "sim/exchange/sim_control.hpp"

namespace {

const char* const kTemplates[] = {
    R"({"tx_id":"t","asset":"BTC","network":"bitcoin","address":"a","fiat_kzt":5000,"notes":[{"kzt":5000,"count":1}],"quote":{"kzt_per_unit":"51000000","as_of":"x"},"offline":false,"created_at":"x"})",
    R"({"rows":[{"seq":1,"tx_id":"t","type":"a.b","payload":"{}","at_ms":1,"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","hash":"x"}]})",
    R"({"latency_ms":0,"error_rate":0.5,"drop_rate":0,"partitioned":false})",
    R"({"mode":"in_service"})",
    R"({"tx_id":"t","asset":"BTC","network":"bitcoin","fiat_kzt":20000,"kyc_ref":"kyc-1","customer_key":"p-0123456789abcdef0123456789abcdef"})",
    R"({"tx_id":"t"})",
};
constexpr std::size_t kTemplateCount = sizeof kTemplates / sizeof kTemplates[0];

const char* const kTargets[] = {"/v1/cash-in", "/v1/journal", "/v1/heartbeat", "/v1/rates"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  std::string raw(reinterpret_cast<const char*>(data + 2), size - 2);
  std::string body = kTemplates[data[0] % kTemplateCount];
  std::size_t at = data[1] % (body.size() + 1);
  body.replace(at, std::min<std::size_t>(data[0] % 7, body.size() - at), raw);
  const std::string& chosen = (data[0] & 0x80) ? raw : body;

  (void)kiosk::oq::parse_cash_in_request(chosen);
  (void)kiosk::oq::parse_journal_batch(chosen);
  if (auto o = kiosk::oq::parse_cash_out_order_request(chosen)) {
    auto again = kiosk::oq::parse_cash_out_order_request(kiosk::oq::cash_out_order_body(*o));
    if (!again || !(*again == *o)) __builtin_trap();
  }
  if (auto tx = kiosk::oq::parse_claim_body(chosen)) {
    auto again = kiosk::oq::parse_claim_body(kiosk::oq::claim_body(*tx));
    if (!again || *again != *tx) __builtin_trap();
  }

  // Fresh per input (the record of requests would grow without bound otherwise).
  kiosk::sim::ExchangeService service({{"k", "s"}}, kiosk::sim::default_sim_rates());
  const std::int64_t now_ms = 1714557600000;
  std::string target = kTargets[data[1] % 4];
  std::string method = target == "/v1/rates" ? "GET" : "POST";
  kiosk::sim::SimRequest req{
      method, target, chosen, "k", "1714557600", "", "key-" + std::to_string(data[1])};
  req.signature = kiosk::oq::sign_request("s", method, target, 1714557600, chosen);
  auto res = service.handle(req, now_ms);
  if (res.status < 200 || res.status > 599) __builtin_trap();
  // The same key and request again must replay the first answer exactly (unless it was a 5xx).
  auto again = service.handle(req, now_ms);
  if (res.status < 500 && !(again == res) && !req.idempotency_key.empty()) __builtin_trap();

  kiosk::sim::SimFaults faults;
  kiosk::sim::SimRequest control{
      "POST", data[1] & 1 ? "/sim/faults" : "/sim/rates", chosen, "", "", "", ""};
  (void)kiosk::sim::handle_control(control, faults, service, now_ms);
  if (faults.error_rate < 0 || faults.error_rate > 1 || faults.drop_rate < 0 ||
      faults.drop_rate > 1)
    __builtin_trap();
  return 0;
}
