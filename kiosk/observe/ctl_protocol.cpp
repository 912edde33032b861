#include "kiosk/observe/ctl_protocol.hpp"

#include <algorithm>
#include <set>

namespace kiosk::app {

using nlohmann::json;

json ctl_ok(json result) { return {{"ok", true}, {"result", std::move(result)}}; }

json ctl_error(std::string_view code, std::string_view message) {
  return {{"ok", false}, {"error", std::string(code)}, {"message", std::string(message)}};
}

std::expected<CtlRequest, json> parse_ctl_request(std::string_view line) {
  if (line.size() > kMaxCtlLineBytes)
    return std::unexpected(ctl_error("too_long", "a request is one line of at most 64 KiB"));
  json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::unexpected(ctl_error("bad_request", "not valid JSON"));
  if (!j.is_object()) return std::unexpected(ctl_error("bad_request", "not a JSON object"));
  auto cmd = j.find("cmd");
  if (cmd == j.end() || !cmd->is_string() || cmd->get<std::string>().empty())
    return std::unexpected(ctl_error("bad_request", "\"cmd\" must be a command name"));
  CtlRequest r;
  r.cmd = cmd->get<std::string>();
  j.erase("cmd");
  r.args = std::move(j);
  return r;
}

std::expected<int, std::string> ctl_tail_count(const json& args) {
  auto n = args.find("n");
  if (n == args.end()) return 20;
  if (!n->is_number_integer() || n->get<std::int64_t>() < 1 || n->get<std::int64_t>() > 500)
    return std::unexpected("n must be an integer 1..500");
  return static_cast<int>(n->get<std::int64_t>());
}

namespace {
std::expected<std::int64_t, std::string> bounded(const json& obj, const char* key, std::int64_t lo,
                                                 std::int64_t hi) {
  auto v = obj.find(key);
  if (v == obj.end() || !v->is_number_integer() || v->get<std::int64_t>() < lo ||
      v->get<std::int64_t>() > hi)
    return std::unexpected(std::string(key) + " must be an integer " + std::to_string(lo) + ".." +
                           std::to_string(hi));
  return v->get<std::int64_t>();
}
}  // namespace

std::expected<CtlRefill, std::string> ctl_refill_args(const json& args) {
  auto list = args.find("cassettes");
  if (list == args.end() || !list->is_array() || list->empty() || list->size() > 4)
    return std::unexpected("cassettes must be a list of 1 to 4 {index, kzt, count}");
  CtlRefill out;
  std::set<int> seen;
  for (const auto& c : *list) {
    if (!c.is_object()) return std::unexpected("each cassette must be {index, kzt, count}");
    auto index = bounded(c, "index", 0, 15);
    if (!index) return std::unexpected("cassette " + index.error());
    auto kzt = bounded(c, "kzt", 1, 1'000'000);
    if (!kzt) return std::unexpected("cassette " + kzt.error());
    auto count = bounded(c, "count", 0, 5000);
    if (!count) return std::unexpected("cassette " + count.error());
    if (!seen.insert(static_cast<int>(*index)).second)
      return std::unexpected("cassette index " + std::to_string(*index) + " given twice");
    out.cassettes.push_back({static_cast<int>(*index), flows::Kzt{*kzt}, static_cast<int>(*count)});
  }
  if (args.contains("reject_emptied")) {
    auto r = bounded(args, "reject_emptied", 0, 100'000);
    if (!r) return std::unexpected(r.error());
    out.reject_emptied = static_cast<int>(*r);
  }
  return out;
}

std::expected<CtlTestDispense, std::string> ctl_test_dispense_args(const json& args) {
  CtlTestDispense out;
  auto cassette = bounded(args, "cassette", 0, 7);
  if (!cassette) return std::unexpected(cassette.error());
  out.cassette = static_cast<int>(*cassette);
  if (args.contains("count")) {
    auto count = bounded(args, "count", 1, 5);
    if (!count) return std::unexpected(count.error());
    out.count = static_cast<int>(*count);
  }
  return out;
}

void CtlDispatcher::add(std::string name, Handler handler) {
  async_handlers_.erase(name);
  handlers_[std::move(name)] = std::move(handler);
}

void CtlDispatcher::add_async(std::string name, AsyncHandler handler) {
  handlers_.erase(name);
  async_handlers_[std::move(name)] = std::move(handler);
}

std::vector<std::string> CtlDispatcher::names() const {
  std::vector<std::string> out;
  for (const auto& [name, h] : handlers_) out.push_back(name);
  for (const auto& [name, h] : async_handlers_) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

void CtlDispatcher::answer_async(std::string_view line,
                                 std::function<void(std::string)> reply) const {
  auto req = parse_ctl_request(line);
  auto it = req ? async_handlers_.find(req->cmd) : async_handlers_.end();
  if (it == async_handlers_.end()) return reply(answer_line(line));
  try {
    it->second(req->args, [reply](json answer) {
      reply(answer.dump(-1, ' ', false, json::error_handler_t::replace));
    });
  } catch (const std::exception& e) {
    reply(ctl_error("failed", e.what()).dump());
  }
}

std::string CtlDispatcher::answer_line(std::string_view line) const {
  json answer;
  auto req = parse_ctl_request(line);
  if (!req) {
    answer = req.error();
  } else if (auto it = handlers_.find(req->cmd); it == handlers_.end()) {
    answer = ctl_error("unknown_command", "no command \"" + req->cmd + "\"");
  } else {
    try {
      answer = it->second(req->args);
    } catch (const std::exception& e) {
      answer = ctl_error("failed", e.what());
    }
  }
  return answer.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace kiosk::app
