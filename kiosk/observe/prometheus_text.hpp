// The Prometheus text exposition format, version 0.0.4 (served as
// `text/plain; version=0.0.4; charset=utf-8`): one `# HELP` and one `# TYPE` line per family, then
// its samples `name{label="value",...} value`. Pure: families in, text out.
//
// Label values are escaped (backslash, double quote, line feed); HELP text escapes backslash and
// line feed. Values: integers print without a fraction, +Inf / -Inf / NaN as Prometheus spells
// them. A histogram's samples carry their own suffix (`_bucket` with `le`, `_sum`, `_count`).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::app {

struct MetricSample {
  std::string suffix;  // "" for counters and gauges; "_bucket", "_sum", "_count" for histograms
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

struct MetricFamily {
  std::string name;  // [a-zA-Z_:][a-zA-Z0-9_:]*
  std::string help;
  std::string type;  // "counter", "gauge", "histogram", "summary", "untyped"
  std::vector<MetricSample> samples;
};

std::string escape_label_value(std::string_view v);
std::string format_metric_value(double v);
// True for a valid metric or label name ([a-zA-Z_][a-zA-Z0-9_]*, ':' allowed in metric names).
bool valid_metric_name(std::string_view n, bool allow_colon = true);
std::string prometheus_text(const std::vector<MetricFamily>& families);

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace kiosk::app
