#include "sim/exchange/sim_control.hpp"

#include "offline_queue/cash_out_messages.hpp"
#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/kyc_messages.hpp"

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

// POST /sim/deposits {"order_id": "ord-1" (default: the newest), "action": "seen" | "confirm" |
// "expire", "atoms": "123" (default: the amount due)}
SimResponse move_deposit(const std::string& body, CashOutDesk& desk, std::int64_t now_ms) {
  auto root = oq::json_read::parse_object(body);
  if (!root) return bad(root.error().what);
  std::string order_id;
  if (oq::json_read::field(*root, "order_id") != nullptr) {
    auto id = oq::json_read::string(*root, "order_id");
    if (!id) return bad(id.error().what);
    order_id = *id;
  }
  auto action = oq::json_read::string(*root, "action");
  if (!action) return bad(action.error().what);
  std::optional<CashOutDesk::DepositAction> kind;
  if (*action == "seen") kind = CashOutDesk::DepositAction::Seen;
  if (*action == "confirm") kind = CashOutDesk::DepositAction::Confirm;
  if (*action == "expire") kind = CashOutDesk::DepositAction::Expire;
  if (!kind) return bad("action must be seen, confirm or expire");
  std::optional<flows::Atoms> atoms;
  if (oq::json_read::field(*root, "atoms") != nullptr) {
    auto text = oq::json_read::string(*root, "atoms");
    if (!text) return bad(text.error().what);
    auto parsed = flows::parse_atoms(*text);
    if (!parsed) return bad("atoms: " + parsed.error().what);
    atoms = *parsed;
  }
  return desk.move_deposit(order_id, *kind, atoms, now_ms);
}

// POST /sim/deposits/timing {"seen_after_ms": n, "confirm_after_ms": n} (negative: never)
SimResponse deposit_timing(const std::string& body, CashOutDesk& desk) {
  auto root = oq::json_read::parse_object(body);
  if (!root) return bad(root.error().what);
  DepositTiming next = desk.timing;
  for (auto [name, slot] : {std::pair{"seen_after_ms", &next.seen_after_ms},
                            std::pair{"confirm_after_ms", &next.confirm_after_ms}}) {
    if (oq::json_read::field(*root, name) == nullptr) continue;
    auto v = oq::json_read::int64(*root, name);
    if (!v || *v > 24LL * 3600 * 1000) return bad(std::string(name) + " must be an integer (ms)");
    *slot = *v;
  }
  desk.timing = next;
  return SimResponse{200, nlohmann::json{{"seen_after_ms", next.seen_after_ms},
                                         {"confirm_after_ms", next.confirm_after_ms}}
                              .dump()};
}

nlohmann::json orders_json(const CashOutDesk& desk) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [id, o] : desk.orders()) {
    auto view = nlohmann::json::parse(oq::order_view_body(o.view));
    view["kiosk_id"] = o.kiosk_id;
    view["tx_id"] = o.tx_id;
    view["claimed"] = !o.claim_key.empty();
    if (o.report) view["dispensed"] = nlohmann::json::parse(oq::dispensed_body(*o.report));
    list.push_back(std::move(view));
  }
  return {{"orders", std::move(list)}};
}

// POST /sim/kyc {"review": {"key": "p-...", "state": "approved"}}: the operator's decision on a
// person's review ("none" forgets it).
SimResponse decide_review(const nlohmann::json& review, KycDesk& desk) {
  auto key = oq::json_read::string(review, "key");
  if (!key || !oq::is_customer_key(*key))
    return bad("review.key must be a pseudonym (p- and 32 lower-case hex)");
  auto text = oq::json_read::string(review, "state");
  auto state = text ? flows::compliance::parse_review_state(*text) : std::nullopt;
  if (!state) return bad("review.state must be none, pending, approved or rejected");
  desk.decide_review(*key, *state);
  return SimResponse{200, nlohmann::json{{"key", *key}, {"review", *text}}.dump()};
}

// POST /sim/kyc {"outcome": "accepted" | "review" | "rejected", "reason": "...", "key": "iin:..."
// or "p-..." (default: everyone)}, or {"review": {...}} (decide_review)
SimResponse force_kyc(const std::string& body, KycDesk& desk) {
  auto root = oq::json_read::parse_object(body);
  if (!root) return bad(root.error().what);
  if (const auto* review = oq::json_read::field(*root, "review")) {
    if (!review->is_object()) return bad("review must be an object {key, state}");
    if (oq::json_read::field(*root, "outcome") != nullptr)
      return bad("send outcome and review in separate requests");
    return decide_review(*review, desk);
  }
  auto outcome = oq::json_read::string(*root, "outcome");
  if (!outcome) return bad(outcome.error().what);
  auto status = oq::parse_kyc_status(*outcome);
  if (!status) return bad("outcome must be accepted, review or rejected");
  ForcedKycOutcome forced{*status, std::nullopt};
  if (oq::json_read::field(*root, "reason") != nullptr) {
    auto reason = oq::json_read::string(*root, "reason");
    if (!reason) return bad(reason.error().what);
    forced.reason = *reason;
  }
  std::string key;
  if (oq::json_read::field(*root, "key") != nullptr) {
    auto k = oq::json_read::string(*root, "key");
    if (!k) return bad(k.error().what);
    key = *k;
  }
  desk.force_outcome(key, forced);
  return SimResponse{200, nlohmann::json{{"key", key}, {"outcome", *outcome}}.dump()};
}

nlohmann::json kyc_json(const KycDesk& desk) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : desk.submissions()) {
    nlohmann::json j = {{"kiosk_id", s.kiosk_id},
                        {"kyc_id", s.kyc_id},
                        {"tx_id", s.tx_id},
                        {"key", s.key},
                        {"tier", s.tier},
                        {"status", to_string(s.answer.status)},
                        {"document_bytes", s.document_bytes},
                        {"selfie_bytes", s.selfie_bytes}};
    if (s.answer.review_reason) j["review_reason"] = *s.answer.review_reason;
    if (!s.customer_key.empty()) j["customer_key"] = s.customer_key;
    list.push_back(std::move(j));
  }
  nlohmann::json reviews = nlohmann::json::object();
  for (const auto& [key, state] : desk.reviews())
    reviews[key] = flows::compliance::to_string(state);
  return {{"count", desk.submissions().size()},
          {"submissions", std::move(list)},
          {"reviews", std::move(reviews)}};
}

// POST /sim/usage {"key": "iin:...", "day_kzt": n, "month_kzt": n}: a baseline added to what the
// desk has seen.
SimResponse set_usage(const std::string& body, KycDesk& desk) {
  auto root = oq::json_read::parse_object(body);
  if (!root) return bad(root.error().what);
  auto key = oq::json_read::string(*root, "key");
  auto day = oq::json_read::int64(*root, "day_kzt");
  auto month = oq::json_read::int64(*root, "month_kzt");
  if (!key || !day || !month || *day < 0 || *month < *day)
    return bad("usage needs key, day_kzt >= 0 and month_kzt >= day_kzt");
  desk.set_usage_baseline(*key, flows::compliance::Usage{flows::Kzt{*day}, flows::Kzt{*month}});
  return SimResponse{200, body};
}

// POST /sim/blocked {"add": [entries], "remove": [entries]} -> {"version": n}
SimResponse edit_blocked(const std::string& body, KycDesk& desk) {
  auto root = oq::json_read::parse_object(body);
  if (!root) return bad(root.error().what);
  std::vector<flows::compliance::BlockedEntry> add, remove;
  for (auto [name, slot] : {std::pair{"add", &add}, std::pair{"remove", &remove}}) {
    const auto* f = oq::json_read::field(*root, name);
    if (f == nullptr) continue;
    auto entries = oq::parse_blocked_entries(*f, name);
    if (!entries) return bad(entries.error().what);
    *slot = std::move(*entries);
  }
  std::int64_t version = desk.edit_blocked(add, remove);
  return SimResponse{200, nlohmann::json{{"version", version}}.dump()};
}

nlohmann::json blocked_json(const KycDesk& desk) {
  std::vector<flows::compliance::BlockedEntry> entries(desk.blocked_now().begin(),
                                                       desk.blocked_now().end());
  return {{"version", desk.blocked_version()}, {"entries", oq::blocked_entries_json(entries)}};
}

}  // namespace

SimResponse handle_control(const SimRequest& req, SimFaults& faults, ExchangeService& service,
                           std::int64_t now_ms) {
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
  } else if (path == "/sim/deposits") {
    if (req.method == "GET") return SimResponse{200, dump(orders_json(service.cash_out_desk()))};
    if (req.method == "POST") return move_deposit(req.body, service.cash_out_desk(), now_ms);
  } else if (path == "/sim/deposits/timing") {
    if (req.method == "POST") return deposit_timing(req.body, service.cash_out_desk());
  } else if (path == "/sim/kyc") {
    if (req.method == "GET") return SimResponse{200, dump(kyc_json(service.kyc_desk()))};
    if (req.method == "POST") return force_kyc(req.body, service.kyc_desk());
  } else if (path == "/sim/usage") {
    if (req.method == "POST") return set_usage(req.body, service.kyc_desk());
  } else if (path == "/sim/blocked") {
    if (req.method == "GET") return SimResponse{200, dump(blocked_json(service.kyc_desk()))};
    if (req.method == "POST") return edit_blocked(req.body, service.kyc_desk());
  } else if (path == "/sim/commands") {
    if (req.method == "GET") return service.command_desk().queued_json();
    if (req.method == "POST") return service.command_desk().enqueue(req.body);
  } else if (path == "/sim/commands/sign") {
    if (req.method == "POST") return service.command_desk().sign(req.body, now_ms);
  } else if (path == "/sim/commands/clear") {
    if (req.method == "POST") {
      service.command_desk().clear();
      return SimResponse{200, "{}"};
    }
  } else if (path == "/sim/commands/results") {
    if (req.method == "GET") return service.command_desk().results_json();
  } else if (path == "/sim/heartbeats") {
    if (req.method == "GET") return SimResponse{200, dump(service.heartbeats().to_json())};
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
