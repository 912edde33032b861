#include "kiosk/observe/prometheus_text.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>

#include "kiosk/observe/kiosk_metrics.hpp"

using namespace kiosk;
using namespace kiosk::app;

namespace {

// A small reader of the text format 0.0.4, strict enough to catch what Prometheus would refuse:
// HELP then TYPE before a family's samples, valid names, quoted and escaped label values, a
// numeric value, no family twice. Returns the samples as "name{k=v,...}" -> value.
struct Parsed {
  std::map<std::string, std::string> types;  // family -> type
  std::map<std::string, double> samples;
  std::string error;
};

bool parse_value(const std::string& s, double& out) {
  if (s == "+Inf") return out = 1e300, true;
  if (s == "-Inf") return out = -1e300, true;
  if (s == "NaN") return out = 0, true;
  std::size_t used = 0;
  try {
    out = std::stod(s, &used);
  } catch (...) {
    return false;
  }
  return used == s.size();
}

Parsed parse_exposition(const std::string& text) {
  Parsed p;
  std::istringstream in(text);
  std::string line, current, helped;
  std::set<std::string> seen;
  if (!text.empty() && text.back() != '\n') return p.error = "no final line feed", p;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0) {
      auto rest = line.substr(7);
      helped = rest.substr(0, rest.find(' '));
      if (!valid_metric_name(helped)) return p.error = "bad HELP name " + helped, p;
      if (!seen.insert(helped).second) return p.error = "family twice: " + helped, p;
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream t(line.substr(7));
      std::string name, type;
      t >> name >> type;
      if (name != helped) return p.error = "TYPE without HELP: " + name, p;
      if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary")
        return p.error = "bad type " + type, p;
      p.types[name] = type;
      current = name;
      continue;
    }
    if (line.empty() || line[0] == '#') return p.error = "unexpected line: " + line, p;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    std::string name = line.substr(0, i);
    if (!valid_metric_name(name)) return p.error = "bad sample name " + name, p;
    if (current.empty() || name.rfind(current, 0) != 0)
      return p.error = "sample outside its family: " + name, p;
    std::string key = name + "{";
    if (i < line.size() && line[i] == '{') {
      ++i;
      bool first = true;
      while (i < line.size() && line[i] != '}') {
        if (!first) {
          if (line[i] != ',') return p.error = "expected , in " + line, p;
          ++i;
        }
        first = false;
        std::size_t eq = line.find('=', i);
        if (eq == std::string::npos) return p.error = "no = in " + line, p;
        std::string label = line.substr(i, eq - i);
        if (!valid_metric_name(label, false)) return p.error = "bad label " + label, p;
        i = eq + 1;
        if (i >= line.size() || line[i] != '"') return p.error = "unquoted value in " + line, p;
        ++i;
        std::string value;
        for (; i < line.size() && line[i] != '"'; ++i) {
          if (line[i] == '\\') {
            ++i;
            if (i >= line.size()) return p.error = "dangling escape", p;
            if (line[i] == 'n')
              value += '\n';
            else if (line[i] == '\\' || line[i] == '"')
              value += line[i];
            else
              return p.error = "bad escape in " + line, p;
          } else {
            value += line[i];
          }
        }
        if (i >= line.size()) return p.error = "unterminated value in " + line, p;
        ++i;
        key += label + "=" + value + ",";
      }
      if (i >= line.size()) return p.error = "unterminated labels in " + line, p;
      ++i;
    }
    key += "}";
    if (i >= line.size() || line[i] != ' ') return p.error = "no value in " + line, p;
    double v = 0;
    if (!parse_value(line.substr(i + 1), v)) return p.error = "bad value in " + line, p;
    p.samples[key] = v;
  }
  return p;
}

}  // namespace

TEST_CASE("label values are escaped; values print as Prometheus spells them") {
  CHECK(escape_label_value(R"(a"b\c)") == R"(a\"b\\c)");
  CHECK(escape_label_value("x\ny") == "x\\ny");
  CHECK(format_metric_value(3) == "3");
  CHECK(format_metric_value(0.25) == "0.25");
  CHECK(format_metric_value(1.0 / 0.0) == "+Inf");
  CHECK(valid_metric_name("kiosk_a:b_1"));
  CHECK(!valid_metric_name("1kiosk"));
  CHECK(!valid_metric_name("a:b", false));
}

TEST_CASE("the formatter's output reads back, awkward label values included") {
  MetricFamily f{"kiosk_test_total", "A help text with \\ and\na line feed.", "counter", {}};
  f.samples.push_back({"", {{"reason", "quote \" back \\ slash\nnewline"}}, 2});
  f.samples.push_back({"", {}, 1});
  auto text = prometheus_text({f});
  CHECK(text.find("# HELP kiosk_test_total A help text with \\\\ and\\na line feed.\n") == 0);
  auto p = parse_exposition(text);
  REQUIRE_MESSAGE(p.error.empty(), p.error);
  CHECK(p.samples.at("kiosk_test_total{reason=quote \" back \\ slash\nnewline,}") == 2);
  CHECK(p.samples.at("kiosk_test_total{}") == 1);
  CHECK(!parse_exposition("kiosk_x 1\n").error.empty());  // a sample without HELP/TYPE
}

TEST_CASE("the kiosk's metrics parse and carry every named family with base units") {
  JournalTally journal;
  oq::JournalRow r;
  r.seq = 1;
  r.type = "cash_in.note_credited";
  r.payload = R"({"kzt":5000})";
  journal.add(r);
  r.seq = 2;
  r.type = "cash_in.purchase_queued";
  r.payload = R"({"fiat_kzt":5000})";
  journal.add(r);
  DeviceHealthBoard devices;
  devices.on_validator({devices::ValidatorEvent::Kind::Rejected, {}, "bad \"note\"", {}});
  devices.on_validator({devices::ValidatorEvent::Kind::Jammed, {}, "", {}});
  MetricsInputs in;
  in.mode = "out_of_service";
  in.outbox_depth = 2;
  in.outbox_oldest_age_s = 30;
  in.cassettes = {{0, 20000, 50}};
  in.decode_times.add(0.004);
  in.decode_times.add(0.03);
  in.decode_times.add(2.0);
  in.software_version = "0.1.0";
  auto p = parse_exposition(prometheus_text(kiosk_metric_families(in, journal, devices)));
  REQUIRE_MESSAGE(p.error.empty(), p.error);
  for (const auto& [name, type] : p.types) {
    CHECK_MESSAGE(name.rfind("kiosk_", 0) == 0, name);
    if (type == "counter") CHECK_MESSAGE(name.ends_with("_total"), name);
    if (name.ends_with("_total")) CHECK_MESSAGE(type == "counter", name);
  }
  for (const char* family :
       {"kiosk_transactions_total", "kiosk_fiat_in_kzt_total", "kiosk_fiat_out_kzt_total",
        "kiosk_notes_accepted_total", "kiosk_notes_rejected_total", "kiosk_device_errors_total",
        "kiosk_outbox_depth", "kiosk_outbox_oldest_age_seconds", "kiosk_journal_rows",
        "kiosk_qr_decode_seconds", "kiosk_mode"})
    CHECK_MESSAGE(p.types.contains(family), family);
  CHECK(p.types.at("kiosk_qr_decode_seconds") == "histogram");
  CHECK(p.samples.at("kiosk_transactions_total{flow=cash_in,}") == 1);
  CHECK(p.samples.at("kiosk_fiat_in_kzt_total{flow=cash_in,}") == 5000);
  CHECK(p.samples.at("kiosk_fiat_out_kzt_total{flow=redeem,}") == 0);
  CHECK(p.samples.at("kiosk_notes_accepted_total{denomination_kzt=5000,}") == 1);
  CHECK(p.samples.at("kiosk_notes_rejected_total{reason=bad_note,}") == 1);
  CHECK(p.samples.at("kiosk_device_errors_total{device=validator,kind=validator_jammed,}") == 1);
  CHECK(p.samples.at("kiosk_outbox_oldest_age_seconds{}") == 30);
  CHECK(p.samples.at("kiosk_journal_rows{}") == 2);
  CHECK(p.samples.at("kiosk_mode{mode=out_of_service,}") == 1);
  CHECK(p.samples.at("kiosk_mode{mode=in_service,}") == 0);
  CHECK(p.samples.at("kiosk_qr_decode_seconds_bucket{le=0.005,}") == 1);
  CHECK(p.samples.at("kiosk_qr_decode_seconds_bucket{le=0.05,}") == 2);
  CHECK(p.samples.at("kiosk_qr_decode_seconds_bucket{le=+Inf,}") == 3);
  CHECK(p.samples.at("kiosk_qr_decode_seconds_count{}") == 3);
  CHECK(p.samples.at("kiosk_cassette_notes{cassette=0,denomination_kzt=20000,}") == 50);
}
