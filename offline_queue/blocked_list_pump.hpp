// Fetches the blocked list periodically (BlockedListSync, blocked_list_sync.hpp) through the
// ExchangeClient: at start, then every `period` after each answer (errors are logged and the next
// fetch waits the same period). Logs the version and the number of entries, never the entries.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "offline_queue/blocked_list_sync.hpp"
#include "offline_queue/exchange_client.hpp"

namespace kiosk::oq {

class BlockedListPump {
 public:
  // Runs after each fetch: true when a newer version was applied, or the error.
  using OnFetched = std::function<void(const std::expected<bool, BlockedSyncError>&)>;

  // `sync` and `client` must outlive the pump.
  BlockedListPump(boost::asio::io_context& io, BlockedListSync& sync, ExchangeClient& client,
                  std::chrono::milliseconds period = std::chrono::minutes(5));
  ~BlockedListPump();
  BlockedListPump(const BlockedListPump&) = delete;
  BlockedListPump& operator=(const BlockedListPump&) = delete;

  void on_fetched(OnFetched cb);
  void start();
  void stop();
  // Fetch now (unless a fetch is in flight).
  void kick();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace kiosk::oq
