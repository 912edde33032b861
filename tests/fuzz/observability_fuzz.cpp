// Fuzzes what the observability side reads from outside: a heartbeat body (the simulator's
// parse_heartbeat and its desk), a heartbeat answer (the kiosk reads commands_after), and a
// `kiosk ctl` request line (the parser, the dispatcher and the refill / journal tail arguments).
// Inputs are mutations spliced into valid templates, so the deep fields are reached too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "kiosk/observe/ctl_protocol.hpp"
#include "offline_queue/heartbeat_message.hpp"
#include "sim/exchange/heartbeat_desk.hpp"

namespace {

const char* const kTemplates[] = {
    R"({"kiosk_id":"k","sent_at_ms":1,"software_version":"v","uptime_s":1,"mode":"in_service","reason":"","offers":{"buy":true,"sell":false},"devices":{"validator":{"state":"ok","detail":""},"dispenser":{"state":"ok","detail":""},"printer":{"state":"ok","detail":""},"camera":{"state":"ok","detail":""}},"cassettes":[{"index":0,"kzt":5000,"count":3}],"reject_tray_notes":0,"cash_box":{"notes":1,"kzt":500},"outbox":{"depth":0,"oldest_age_s":0},"journal":{"head_seq":3,"acked_through":2}})",
    R"({"commands_after":12})",
    R"({"cmd":"refill","cassettes":[{"index":0,"kzt":20000,"count":50}],"reject_emptied":1})",
    R"({"cmd":"journal_tail","n":20})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  std::string raw(reinterpret_cast<const char*>(data + 2), size - 2);
  std::string body = kTemplates[data[0] % 4];
  std::size_t at = data[1] % (body.size() + 1);
  body.replace(at, std::min<std::size_t>(data[0] % 7, body.size() - at), raw);
  const std::string& chosen = (data[0] & 0x80) ? raw : body;

  if (auto h = kiosk::oq::parse_heartbeat(chosen)) {
    auto again = kiosk::oq::parse_heartbeat(kiosk::oq::heartbeat_body(*h));
    if (!again || !(*again == *h)) __builtin_trap();  // what parses must survive a round trip
  }
  (void)kiosk::oq::parse_heartbeat_answer(chosen);
  kiosk::sim::HeartbeatDesk desk;
  (void)desk.receive("k", chosen, 1, 0);
  (void)desk.to_json();
  (void)desk.fleet(2);

  kiosk::app::CtlDispatcher ctl;
  ctl.add("refill", [](const nlohmann::json& args) {
    auto r = kiosk::app::ctl_refill_args(args);
    return r ? kiosk::app::ctl_ok(static_cast<int>(r->cassettes.size()))
             : kiosk::app::ctl_error("bad_request", r.error());
  });
  ctl.add("journal_tail", [](const nlohmann::json& args) {
    auto n = kiosk::app::ctl_tail_count(args);
    return n ? kiosk::app::ctl_ok(*n) : kiosk::app::ctl_error("bad_request", n.error());
  });
  std::string answer = ctl.answer_line(chosen);
  if (answer.empty() || answer.find('\n') != std::string::npos) __builtin_trap();  // one line
  return 0;
}
