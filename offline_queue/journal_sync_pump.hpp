// The Asio shell around JournalSync (journal_sync.hpp): on a steady timer, sends the next batch
// of journal rows through the ExchangeClient (one batch in flight) and records the answer.
// kick() after a journal append syncs at once instead of at the next idle poll. Runs on the
// io_context's thread; logs one key=value line per outcome that is not routine.
#pragma once

#include <memory>

#include "offline_queue/exchange_client.hpp"
#include "offline_queue/journal_sync.hpp"
#include "offline_queue/wall_clock.hpp"

namespace kiosk::oq {

class JournalSyncPump {
 public:
  // `store` and `client` must outlive the pump.
  JournalSyncPump(boost::asio::io_context& io, Store& store, ExchangeClient& client,
                  WallClockMs wall_clock, JournalSyncConfig config = {});
  ~JournalSyncPump();
  JournalSyncPump(const JournalSyncPump&) = delete;
  JournalSyncPump& operator=(const JournalSyncPump&) = delete;

  void start();
  void stop();  // no new sends; an answer in flight is still recorded
  void kick();  // look for new rows now
  JournalSync::Status status() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace kiosk::oq
