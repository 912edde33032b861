// The ESC/POS receipt printer on a Transport (USB printer class, USB-serial, tty, or an in-memory
// pipe to sim/escpos): the Asio shell around the pure encoder and status decoder.
//
// Every job (print or status query) runs alone, in the order asked; the others wait in a queue.
// A job first asks DLE EOT for each of profile.status_queries, one at a time, each with
// profile.status_timeout. A print is refused when the printer is offline, its cover is open, it is
// out of paper or reports an error, or does not answer; otherwise the rendered receipt is written.
// ESC/POS has no "printed" acknowledgement: success means the printer was ready and took the bytes.
//
// Link loss: the running job fails at once ("printer link lost: unplugged"); a job started while
// the link is down waits for its status answer as usual and, unanswered, fails with a timeout that
// names the loss. replace_transport() (after a replug, from DeviceLink) swaps in the new link;
// a job still waiting then asks its status again over it (nothing of it was printed yet).
//
// Callbacks run on the io_context, never inside print()/query_status(). Not thread-safe: use it
// from the io_context's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "devices/escpos/escpos_profile.hpp"
#include "devices/receipt_printer.hpp"
#include "devices/transport.hpp"
#include "flows/receipt.hpp"
#include "flows/time.hpp"

namespace kiosk::devices {

class EscPosPrinter {
 public:
  using PrintDone = std::function<void(std::expected<void, std::string>)>;
  using StatusDone = std::function<void(std::expected<PrinterStatus, std::string>)>;

  EscPosPrinter(boost::asio::io_context& io, std::unique_ptr<Transport> transport,
                EscPosProfile profile, std::function<Instant()> now);
  ~EscPosPrinter();
  EscPosPrinter(const EscPosPrinter&) = delete;
  EscPosPrinter& operator=(const EscPosPrinter&) = delete;

  // Renders `receipt` now and queues the job. `done` gets {} once the printer was ready and the
  // bytes were handed to the transport, or an error saying why nothing was printed
  // ("printer not ready: paper out", "printer did not answer DLE EOT 1 within 500 ms", ...).
  void print(const flows::Receipt& receipt, PrintDone done);
  // Queues a status query; `done` gets the status (whatever it says) or an error when the printer
  // did not answer or the link was lost.
  void query_status(StatusDone done);
  // A new link after an unplug (DeviceLink's on_reconnect). The old transport is closed and
  // nothing it says is heard afterwards; a job waiting for a status answer asks again over the new
  // one. last_status() stays as it was until the next round.
  void replace_transport(std::unique_ptr<Transport> transport);

  // The status from the last completed query round (all clear before the first one; offline after
  // a round that got no answer).
  PrinterStatus last_status() const { return last_status_; }
  // When that status was learned (nullopt before the first round).
  std::optional<Instant> last_status_at() const { return last_status_at_; }
  // Jobs waiting behind the running one.
  std::size_t queued() const { return queue_.size() - (running_ ? 1 : 0); }
  const EscPosProfile& profile() const { return profile_; }
  std::string transport_name() const { return transport_->describe(); }

 private:
  struct Job {
    std::optional<Bytes> print_bytes;  // set for a print job
    PrintDone print_done;
    StatusDone status_done;
  };

  void start_transport();
  void schedule_next();
  void start_next();
  void send_query();
  void on_bytes(ByteView rx);
  void on_timeout();
  void on_link_error(const std::string& why);
  void finish_round(std::expected<PrinterStatus, std::string> result);
  void complete(Job job, std::expected<PrinterStatus, std::string> result);

  boost::asio::io_context& io_;
  std::unique_ptr<Transport> transport_;
  EscPosProfile profile_;
  std::function<Instant()> now_;
  boost::asio::steady_timer timer_;

  std::deque<Job> queue_;  // front is the running job when running_
  bool busy_ = false;      // a job is running or start_next is posted
  bool running_ = false;
  bool waiting_ = false;         // a DLE EOT is out and its answer not yet in
  std::size_t query_index_ = 0;  // into profile_.status_queries
  std::uint64_t query_seq_ = 0;  // tells a stale timer from the current one
  PrinterStatus round_;          // the answers of this round so far
  std::string ignored_;          // the last byte rejected during this round, for the error text
  std::uint64_t link_gen_ = 0;   // tells the current transport's callbacks from a replaced one's
  std::optional<std::string> link_lost_;  // why the link was lost, until bytes or a new link come

  PrinterStatus last_status_;
  std::optional<Instant> last_status_at_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::devices
