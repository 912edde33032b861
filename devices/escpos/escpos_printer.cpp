#include "devices/escpos/escpos_printer.hpp"

#include <boost/asio/post.hpp>
#include <cstdio>

#include "devices/escpos/escpos_encoder.hpp"
#include "devices/escpos/escpos_status.hpp"

namespace kiosk::devices {

namespace {

void log_line(const std::string& transport, const char* event, const std::string& detail) {
  std::fprintf(stderr, "level=warn component=escpos transport=%s event=%s detail=\"%s\"\n",
               transport.c_str(), event, detail.c_str());
}

}  // namespace

EscPosPrinter::EscPosPrinter(boost::asio::io_context& io, std::unique_ptr<Transport> transport,
                             EscPosProfile profile, std::function<Instant()> now)
    : io_(io),
      transport_(std::move(transport)),
      profile_(std::move(profile)),
      now_(std::move(now)),
      timer_(io) {
  start_transport();
}

void EscPosPrinter::start_transport() {
  const std::uint64_t gen = ++link_gen_;
  transport_->start(
      [this, alive = alive_, gen](ByteView rx) {
        if (*alive && gen == link_gen_) on_bytes(rx);
      },
      [this, alive = alive_, gen](const std::string& why) {
        if (*alive && gen == link_gen_) on_link_error(why);
      });
}

void EscPosPrinter::replace_transport(std::unique_ptr<Transport> transport) {
  if (!transport) return;
  transport_->close();
  transport_ = std::move(transport);
  link_lost_.reset();
  start_transport();
  log_line(transport_->describe(), "link_replaced", "new transport");
  if (running_ && waiting_) {  // asked over the old link: ask again, from the first query
    ++query_seq_;
    timer_.cancel();
    round_ = PrinterStatus{};
    ignored_.clear();
    query_index_ = 0;
    send_query();
  }
}

EscPosPrinter::~EscPosPrinter() {
  *alive_ = false;
  timer_.cancel();
  transport_->close();
}

void EscPosPrinter::print(const flows::Receipt& receipt, PrintDone done) {
  queue_.push_back(Job{render_receipt(receipt, profile_), std::move(done), nullptr});
  if (!busy_) schedule_next();
}

void EscPosPrinter::query_status(StatusDone done) {
  queue_.push_back(Job{std::nullopt, nullptr, std::move(done)});
  if (!busy_) schedule_next();
}

void EscPosPrinter::schedule_next() {
  busy_ = true;  // reserved until start_next runs, so a second call does not schedule twice
  boost::asio::post(io_, [this, alive = alive_] {
    if (*alive) start_next();
  });
}

void EscPosPrinter::start_next() {
  if (queue_.empty()) {
    busy_ = false;
    return;
  }
  busy_ = true;
  running_ = true;
  round_ = PrinterStatus{};
  ignored_.clear();
  query_index_ = 0;
  if (profile_.status_queries.empty()) {
    finish_round(round_);  // nothing to ask: trust the printer
    return;
  }
  send_query();
}

void EscPosPrinter::send_query() {
  const std::uint8_t n = profile_.status_queries[query_index_];
  waiting_ = true;
  const std::uint64_t seq = ++query_seq_;
  timer_.expires_after(profile_.status_timeout);
  timer_.async_wait([this, alive = alive_, seq](const boost::system::error_code& ec) {
    if (ec || !*alive || seq != query_seq_ || !waiting_) return;
    on_timeout();
  });
  transport_->write(escpos::status_request(n));
}

void EscPosPrinter::on_bytes(ByteView rx) {
  if (!rx.empty()) link_lost_.reset();  // the printer is talking again (a sim cable put back)
  for (std::uint8_t b : rx) {
    if (!waiting_) return;  // unsolicited bytes: nothing asked for them
    const std::uint8_t n = profile_.status_queries[query_index_];
    auto folded = escpos::apply_status_answer(round_, n, b);
    if (!folded) {
      ignored_ = folded.error().what;  // noise: keep waiting for a real answer until the timeout
      continue;
    }
    round_ = *folded;
    waiting_ = false;
    ++query_seq_;
    timer_.cancel();
    // The rest of this chunk cannot answer the next query, which is not even sent yet.
    if (++query_index_ < profile_.status_queries.size()) {
      send_query();
    } else {
      finish_round(round_);
    }
    return;
  }
}

void EscPosPrinter::on_timeout() {
  const std::uint8_t n = profile_.status_queries[query_index_];
  waiting_ = false;
  std::string why = "printer did not answer DLE EOT " + std::to_string(n) + " within " +
                    std::to_string(profile_.status_timeout.count()) + " ms";
  if (!ignored_.empty()) why += " (ignored: " + ignored_ + ")";
  if (link_lost_) why += " (printer link lost: " + *link_lost_ + ")";
  last_status_ = PrinterStatus{};
  last_status_.online = false;
  last_status_at_ = now_();
  log_line(transport_->describe(), "status_timeout", why);
  finish_round(std::unexpected(why));
}

void EscPosPrinter::on_link_error(const std::string& why) {
  link_lost_ = why;
  last_status_ = PrinterStatus{};
  last_status_.online = false;
  last_status_at_ = now_();
  log_line(transport_->describe(), "link_lost", why);
  if (!busy_ || !waiting_) return;
  waiting_ = false;
  ++query_seq_;
  timer_.cancel();
  finish_round(std::unexpected("printer link lost: " + why));
}

void EscPosPrinter::finish_round(std::expected<PrinterStatus, std::string> result) {
  if (result) {
    last_status_ = *result;
    last_status_at_ = now_();
  }
  Job job = std::move(queue_.front());
  queue_.pop_front();
  running_ = false;
  schedule_next();  // the next job starts after this one's callback has run
  complete(std::move(job), std::move(result));
}

void EscPosPrinter::complete(Job job, std::expected<PrinterStatus, std::string> result) {
  if (job.status_done) {
    job.status_done(std::move(result));
    return;
  }
  if (!result) {
    job.print_done(std::unexpected(result.error()));
    return;
  }
  if (!result->ok()) {
    const std::string why = "printer not ready: " + result->describe();
    log_line(transport_->describe(), "print_refused", result->describe());
    job.print_done(std::unexpected(why));
    return;
  }
  if (link_lost_) {  // never report a receipt printed over a link known to be gone
    job.print_done(std::unexpected("printer link lost: " + *link_lost_));
    return;
  }
  transport_->write(*job.print_bytes);
  job.print_done({});
}

}  // namespace kiosk::devices
