#include "sim/exchange/sim_control.hpp"

#include "offline_queue/exchange_messages.hpp"

namespace kiosk::sim {
namespace {

nlohmann::json faults_json(const SimFaults& f) {
  return {{"latency_ms", f.latency_ms},
          {"error_rate", f.error_rate},
          {"drop_rate", f.drop_rate},
          {"junk_rate", f.junk_rate},
          {"partitioned", f.partitioned}};
}

SimResponse bad(std::string_view why) {
  return SimResponse{400, oq::error_body("bad_request", why)};
}

SimResponse update_faults(const std::string& body, SimFaults& faults) {
  auto root = oq::json_read::parse_object(body);
  if (!root) return bad(root.error().what);
  SimFaults next = faults;
  if (const auto* f = oq::json_read::field(*root, "latency_ms")) {
    if (!f->is_number_integer() || f->get<std::int64_t>() < 0 || f->get<std::int64_t>() > 600000)
      return bad("latency_ms must be 0..600000");
    next.latency_ms = f->get<int>();
  }
  for (auto [name, slot] :
       {std::pair{"error_rate", &next.error_rate}, std::pair{"drop_rate", &next.drop_rate},
        std::pair{"junk_rate", &next.junk_rate}}) {
    if (const auto* f = oq::json_read::field(*root, name)) {
      if (!f->is_number() || f->get<double>() < 0.0 || f->get<double>() > 1.0)
        return bad(std::string(name) + " must be a number in 0..1");
      *slot = f->get<double>();
    }
  }
  if (const auto* f = oq::json_read::field(*root, "partitioned")) {
    if (!f->is_boolean()) return bad("partitioned must be true or false");
    next.partitioned = f->get<bool>();
  }
  faults = next;
  return SimResponse{200, faults_json(faults).dump()};
}

nlohmann::json requests_json(const std::vector<RecordedRequest>& requests) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : requests)
    list.push_back({{"kiosk_id", r.kiosk_id},
                    {"method", r.method},
                    {"target", r.target},
                    {"idempotency_key", r.idempotency_key},
                    {"body", r.body},
                    {"status", r.status},
                    {"replay", r.replay}});
  return {{"requests", std::move(list)}};
}

// The value of `key` in the target's query string ("" if absent); no percent-decoding.
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

}  // namespace

SimResponse handle_control(const SimRequest& req, SimFaults& faults, ExchangeService& service) {
  std::string path = req.target.substr(0, req.target.find('?'));
  auto dump = [](const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  if (path == "/sim/faults") {
    if (req.method == "GET") return SimResponse{200, dump(faults_json(faults))};
    if (req.method == "POST") return update_faults(req.body, faults);
  } else if (path == "/sim/rates") {
    if (req.method == "GET") return SimResponse{200, oq::rates_to_json(service.rates())};
    if (req.method == "POST") {
      auto rates = oq::parse_rates(req.body);
      if (!rates) return bad(rates.error().what);
      service.set_rates(*rates);
      return SimResponse{200, oq::rates_to_json(service.rates())};
    }
  } else if (path == "/sim/requests") {
    if (req.method == "GET") return SimResponse{200, dump(requests_json(service.requests()))};
  } else if (path == "/sim/journal") {
    auto kiosk = query_value(req.target, "kiosk");
    if (kiosk.empty()) return bad("/sim/journal needs ?kiosk=ID");
    if (req.method == "GET") return SimResponse{200, service.journals().to_json(kiosk)};
  } else {
    return SimResponse{404, oq::error_body("not_found", "no such simulator endpoint")};
  }
  return SimResponse{405, oq::error_body("method_not_allowed", "wrong method")};
}

}  // namespace kiosk::sim
