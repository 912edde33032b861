// Fuzzes the compliance wire forms (offline_queue/kyc_messages.hpp) and the simulator's
// compliance desk: KYC bodies, usage and blocked-list answers, base64, usage paths, and the
// /sim/kyc (outcomes and review decisions), /sim/usage, /sim/blocked control bodies. Whatever
// parses must write back to a body that parses to the same value.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>

#include "offline_queue/base64.hpp"
#include "offline_queue/kyc_messages.hpp"
#include "sim/exchange/exchange_service.hpp"
#include "sim/exchange/sim_control.hpp"

namespace {

const char* const kTemplates[] = {
    R"({"kyc_id":"kyc-1","tx_id":"t","identity":{"kind":"resident","key":"iin:900101300017","name":"A B","birth_date":"1990-01-01","sex":"F","nationality":"KAZ","document":{"type":"id_card","number":"N1","issuing_state":"KAZ","expiry":"2031-06-30"}},"consent":{"text_version":"v1","lang":"kk","given_at":"x"},"tier":"document","images":{"document_jpeg_b64":"/9j/4A=="},"captured_at":"x","customer_key":"p-0123456789abcdef0123456789abcdef"})",
    R"({"key":"iin:900101300017","day_kzt":5,"month_kzt":9,"as_of":"x","review":"pending"})",
    R"({"version":3,"added":[{"iin":"900101300017"},{"name":"A B","birth_date":"1990-01-01"}],"removed":[]})",
    R"({"kyc_id":"kyc-1","status":"review","review_reason":"x"})",
    R"({"review":{"key":"p-0123456789abcdef0123456789abcdef","state":"approved"}})",
};

const char* const kControls[] = {"/sim/kyc", "/sim/usage", "/sim/blocked", "/sim/kyc"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kiosk;
  if (size < 2) return 0;
  std::string raw(reinterpret_cast<const char*>(data + 2), size - 2);
  std::string body = kTemplates[data[0] % std::size(kTemplates)];
  std::size_t at = data[1] % (body.size() + 1);
  body.replace(at, std::min<std::size_t>(data[0] % 7, body.size() - at), raw);
  const std::string& chosen = (data[0] & 0x80) ? raw : body;

  if (auto k = oq::parse_kyc_request(chosen))
    if (oq::parse_kyc_request(oq::kyc_body(*k)) != *k) __builtin_trap();
  if (auto a = oq::parse_kyc_answer(chosen))
    if (oq::parse_kyc_answer(oq::kyc_answer_body(*a)) != *a) __builtin_trap();
  if (auto u = oq::parse_usage_answer(chosen)) {
    if (u->usage.day.value < 0 || u->usage.day > u->usage.month) __builtin_trap();
    if (oq::parse_usage_answer(oq::usage_answer_body(*u)) != *u) __builtin_trap();
  }
  if (auto b = oq::parse_blocked_list_answer(chosen)) {
    auto again = oq::parse_blocked_list_answer(oq::blocked_list_answer_body(*b));
    if (!again || again->version != b->version || again->added != b->added ||
        again->removed != b->removed)
      __builtin_trap();
  }
  if (oq::base64_decode(oq::base64_encode(raw)) != raw) __builtin_trap();
  (void)oq::base64_decode(raw);
  if (auto key = oq::usage_key_from_path("/v1/customers/" + raw + "/usage"))
    if (oq::usage_key_from_path(
            oq::usage_target(*key, "x").substr(0, oq::usage_target(*key, "x").find('?'))) != key)
      __builtin_trap();

  sim::ExchangeService service({{"k", "s"}}, sim::default_sim_rates());
  sim::SimFaults faults;
  const std::int64_t now_ms = 1714557600000;
  (void)sim::handle_control(sim::SimRequest{"POST", kControls[data[1] % 4], chosen, "", "", "", ""},
                            faults, service, now_ms);
  auto& desk = service.kyc_desk();
  (void)desk.submit("k", chosen, "kyc-1", now_ms);
  (void)desk.usage(raw, raw, now_ms);
  // Whatever the controls and the submission did, a person's usage answer parses, review included.
  auto usage = desk.usage("p-0123456789abcdef0123456789abcdef", "", now_ms);
  if (usage.status != 200 || !oq::parse_usage_answer(usage.body)) __builtin_trap();
  auto answer = desk.blocked(raw);
  if (answer.status == 200 && !oq::parse_blocked_list_answer(answer.body)) __builtin_trap();
  return 0;
}
