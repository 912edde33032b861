#include "kiosk/observe/ctl_protocol.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace kiosk::app;
using nlohmann::json;

namespace {
json answer(const CtlDispatcher& d, std::string_view line) {
  return json::parse(d.answer_line(line));
}

CtlDispatcher table() {
  CtlDispatcher d;
  d.add("status", [](const json&) { return ctl_ok({{"mode", "in_service"}}); });
  d.add("echo", [](const json& args) { return ctl_ok(args); });
  d.add("boom", [](const json&) -> json { throw std::runtime_error("disk full"); });
  return d;
}
}  // namespace

TEST_CASE("ctl requests: one JSON object with a command name, else a clear error") {
  CHECK(parse_ctl_request(R"({"cmd":"status"})")->cmd == "status");
  auto r = parse_ctl_request(R"({"cmd":"journal_tail","n":5})");
  REQUIRE(r);
  CHECK(r->args == json{{"n", 5}});
  CHECK(parse_ctl_request("status").error()["error"] == "bad_request");
  CHECK(parse_ctl_request("[1,2]").error()["error"] == "bad_request");
  CHECK(parse_ctl_request(R"({"cmd":7})").error()["error"] == "bad_request");
  CHECK(parse_ctl_request(R"({"cmd":""})").error()["error"] == "bad_request");
  CHECK(parse_ctl_request(std::string(kMaxCtlLineBytes + 1, ' ')).error()["error"] == "too_long");
}

TEST_CASE("the dispatcher answers every line with exactly one JSON object") {
  auto d = table();
  CHECK(answer(d, R"({"cmd":"status"})") ==
        json{{"ok", true}, {"result", {{"mode", "in_service"}}}});
  CHECK(answer(d, R"({"cmd":"echo","x":[1,{"y":null}]})")["result"]["x"][1]["y"].is_null());
  auto unknown = answer(d, R"({"cmd":"reboot"})");
  CHECK(unknown["ok"] == false);
  CHECK(unknown["error"] == "unknown_command");
  auto failed = answer(d, R"({"cmd":"boom"})");
  CHECK(failed["error"] == "failed");
  CHECK(failed["message"] == "disk full");
  CHECK(answer(d, "{garbage")["error"] == "bad_request");
  // deeply nested junk does not crash the parser
  std::string deep(5000, '[');
  CHECK(answer(d, deep)["error"] == "bad_request");
  CHECK(d.names() == std::vector<std::string>{"boom", "echo", "status"});
}

TEST_CASE("journal tail takes 1..500 rows, 20 by default") {
  CHECK(ctl_tail_count(json::object()).value() == 20);
  CHECK(ctl_tail_count(json{{"n", 500}}).value() == 500);
  CHECK(!ctl_tail_count(json{{"n", 0}}));
  CHECK(!ctl_tail_count(json{{"n", 501}}));
  CHECK(!ctl_tail_count(json{{"n", "5"}}));
}

TEST_CASE("refill arguments: 1 to 4 distinct cassettes with sane counts") {
  auto ok = ctl_refill_args(json::parse(
      R"({"cassettes":[{"index":0,"kzt":20000,"count":50},{"index":1,"kzt":5000,"count":0}],
          "reject_emptied":3})"));
  REQUIRE(ok);
  CHECK(ok->cassettes.size() == 2);
  CHECK(ok->cassettes[0].kzt.value == 20000);
  CHECK(ok->reject_emptied == 3);
  CHECK(!ctl_refill_args(json::object()));
  CHECK(!ctl_refill_args(json::parse(R"({"cassettes":[]})")));
  CHECK(!ctl_refill_args(json::parse(R"({"cassettes":[{"index":0,"kzt":20000}]})")));
  CHECK(!ctl_refill_args(json::parse(R"({"cassettes":[{"index":0,"kzt":20000,"count":-1}]})")));
  CHECK(!ctl_refill_args(json::parse(R"({"cassettes":[{"index":0,"kzt":20000,"count":9999}]})")));
  CHECK(!ctl_refill_args(json::parse(
      R"({"cassettes":[{"index":0,"kzt":20000,"count":1},{"index":0,"kzt":5000,"count":1}]})")));
  CHECK(!ctl_refill_args(
      json::parse(R"({"cassettes":[{"index":0,"kzt":20000,"count":1}],"reject_emptied":-2})")));
  CHECK(!ctl_refill_args(json::parse(R"({"cassettes":[1,2]})")));
}
