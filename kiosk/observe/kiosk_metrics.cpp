#include "kiosk/observe/kiosk_metrics.hpp"

#include <algorithm>

namespace kiosk::app {

namespace {

MetricFamily family(std::string name, std::string type, std::string help) {
  return MetricFamily{std::move(name), std::move(help), std::move(type), {}};
}

MetricFamily gauge(std::string name, std::string help, double v) {
  MetricFamily f = family(std::move(name), "gauge", std::move(help));
  f.samples.push_back({"", {}, v});
  return f;
}

MetricFamily decode_histogram(const devices::DecodeTimes& t) {
  MetricFamily f = family("kiosk_qr_decode_seconds", "histogram",
                          "Time to decode one camera frame for QR codes, in seconds.");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < t.kBoundsS.size(); ++i) {
    cumulative += t.in_bucket[i];
    f.samples.push_back(
        {"_bucket", {{"le", format_metric_value(t.kBoundsS[i])}}, static_cast<double>(cumulative)});
  }
  f.samples.push_back({"_bucket", {{"le", "+Inf"}}, static_cast<double>(t.count)});
  f.samples.push_back({"_sum", {}, t.sum_s});
  f.samples.push_back({"_count", {}, static_cast<double>(t.count)});
  return f;
}

}  // namespace

std::vector<MetricFamily> kiosk_metric_families(const MetricsInputs& in,
                                                const JournalTally& journal,
                                                const DeviceHealthBoard& devices) {
  std::vector<MetricFamily> out;
  {
    MetricFamily tx = family("kiosk_transactions_total", "counter",
                             "Completed money movements by flow (purchases queued, payouts "
                             "settled), from the journal.");
    MetricFamily in_kzt = family("kiosk_fiat_in_kzt_total", "counter",
                                 "Tenge taken in by flow (cash-in purchases), from the journal.");
    MetricFamily out_kzt = family("kiosk_fiat_out_kzt_total", "counter",
                                  "Tenge paid out by flow (cash_out, redeem), from the journal.");
    for (const auto& [flow, t] : journal.flows()) {
      tx.samples.push_back({"", {{"flow", flow}}, static_cast<double>(t.transactions)});
      if (flow == "cash_in")
        in_kzt.samples.push_back({"", {{"flow", flow}}, static_cast<double>(t.fiat_kzt)});
      else
        out_kzt.samples.push_back({"", {{"flow", flow}}, static_cast<double>(t.fiat_kzt)});
    }
    out.push_back(std::move(tx));
    out.push_back(std::move(in_kzt));
    out.push_back(std::move(out_kzt));
  }
  {
    MetricFamily f = family("kiosk_notes_accepted_total", "counter",
                            "Banknotes credited, by denomination, from the journal.");
    for (const auto& [kzt, n] : journal.notes_accepted())
      f.samples.push_back(
          {"", {{"denomination_kzt", std::to_string(kzt)}}, static_cast<double>(n)});
    out.push_back(std::move(f));
  }
  {
    MetricFamily f = family("kiosk_notes_rejected_total", "counter",
                            "Banknotes refused by the validator, by reason (\"returned\": given "
                            "back by the kiosk), since the kiosk started.");
    for (const auto& [reason, n] : devices.notes_rejected())
      f.samples.push_back({"", {{"reason", reason}}, static_cast<double>(n)});
    out.push_back(std::move(f));
  }
  {
    MetricFamily f = family("kiosk_device_errors_total", "counter",
                            "Device faults entered, by device and kind (dispenser: from the "
                            "journal; validator, printer: since the kiosk started).");
    for (const auto& [key, n] : devices.errors())
      f.samples.push_back(
          {"", {{"device", key.first}, {"kind", key.second}}, static_cast<double>(n)});
    for (const auto& [kind, n] : journal.dispenser_faults())
      f.samples.push_back({"", {{"device", "dispenser"}, {"kind", kind}}, static_cast<double>(n)});
    out.push_back(std::move(f));
  }
  out.push_back(gauge("kiosk_outbox_depth", "Exchange-bound requests waiting in the outbox.",
                      static_cast<double>(in.outbox_depth)));
  out.push_back(gauge("kiosk_outbox_oldest_age_seconds",
                      "Age of the oldest request waiting in the outbox (0 when empty).",
                      static_cast<double>(in.outbox_oldest_age_s)));
  out.push_back(gauge("kiosk_journal_rows", "Rows in the journal (its last sequence number).",
                      static_cast<double>(journal.last_seq())));
  out.push_back(gauge("kiosk_journal_acked_through", "The exchange holds journal rows 1 to this.",
                      static_cast<double>(in.journal_acked_through)));
  out.push_back(gauge("kiosk_cash_box_notes",
                      "Notes in the validator's cash box since the last collection.",
                      static_cast<double>(journal.cash_box_notes())));
  out.push_back(gauge("kiosk_cash_box_kzt",
                      "Tenge in the validator's cash box since the last collection.",
                      static_cast<double>(journal.cash_box_kzt())));
  {
    MetricFamily f = family("kiosk_cassette_notes", "gauge",
                            "Notes in each dispenser cassette, as the journal says.");
    for (const auto& c : in.cassettes)
      f.samples.push_back(
          {"",
           {{"cassette", std::to_string(c.index)}, {"denomination_kzt", std::to_string(c.kzt)}},
           static_cast<double>(c.count)});
    out.push_back(std::move(f));
  }
  out.push_back(decode_histogram(in.decode_times));
  {
    MetricFamily f = family("kiosk_mode", "gauge", "1 for the mode the kiosk is in, 0 for others.");
    std::vector<std::string> modes = kKnownModes;
    if (std::find(modes.begin(), modes.end(), in.mode) == modes.end()) modes.push_back(in.mode);
    for (const auto& m : modes) f.samples.push_back({"", {{"mode", m}}, m == in.mode ? 1.0 : 0.0});
    out.push_back(std::move(f));
  }
  {
    MetricFamily f = family("kiosk_offered", "gauge",
                            "1 while customers may start this (buy: cash-in, sell: cash-out).");
    f.samples.push_back({"", {{"offer", "buy"}}, in.buy_offered ? 1.0 : 0.0});
    f.samples.push_back({"", {{"offer", "sell"}}, in.sell_offered ? 1.0 : 0.0});
    out.push_back(std::move(f));
  }
  out.push_back(gauge("kiosk_uptime_seconds", "Seconds since the kiosk process started.",
                      static_cast<double>(in.uptime_s)));
  {
    MetricFamily f = family("kiosk_build_info", "gauge", "The software version, as a label.");
    f.samples.push_back({"", {{"version", in.software_version}}, 1});
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace kiosk::app
