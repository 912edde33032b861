// The cash-out calls the kiosk makes while a customer waits: create an order, read its status,
// look up a redeem code, claim the order before dispensing. Unlike cash-in purchases these are not
// queued: cash-out needs the exchange now, and an unreachable exchange ends the session with a
// clear screen. Each POST carries an Idempotency-Key from the journal, so a retry after a lost
// answer returns the first answer, never a second order or a second claim. The dispense report
// (`/dispensed`) is different: it goes through the outbox with the journal row that records it.
#pragma once

#include <expected>
#include <functional>
#include <string>

#include "flows/cash_out/redeem_flow.hpp"
#include "offline_queue/cash_out_messages.hpp"
#include "offline_queue/exchange_client.hpp"

namespace kiosk::app {

struct ExchangeRefusal {
  enum class Kind {
    Unreachable,  // no answer, a 5xx, 408 or 429: try later
    Refused,      // a 4xx with an error code (`code`): will not succeed as asked
    BadAnswer,    // a 2xx whose body could not be read
  };
  Kind kind;
  std::string code;  // the exchange's error code, or the transport error
  std::string message;
};

template <typename T>
using ExchangeReply = std::expected<T, ExchangeRefusal>;

class CashOutExchange {
 public:
  template <typename T>
  using Done = std::function<void(ExchangeReply<T>)>;

  // How a request reaches the exchange: the ExchangeClient in the runtime, the simulated network
  // in `kiosk simulate`. The answer comes back later through the callback, never inside the call.
  using Send = std::function<void(oq::HttpRequest, std::function<void(oq::ExchangeResult)>)>;

  explicit CashOutExchange(oq::ExchangeClient& client);
  explicit CashOutExchange(Send send) : send_(std::move(send)) {}
  const Send& sender() const { return send_; }

  void create_order(const oq::CashOutOrderRequest& req, const std::string& idempotency_key,
                    Done<oq::CashOutOrder> done);
  void order_status(const std::string& order_id, Done<oq::OrderView> done);
  void redeem_lookup(const std::string& code, Done<oq::OrderView> done);
  void claim(const std::string& order_id, const std::string& tx_id,
             const std::string& idempotency_key, Done<oq::OrderView> done);

 private:
  Send send_;
};

// How an exchange result reads for the cash-out shell (public for tests).
ExchangeReply<std::string> classify_exchange_result(const oq::ExchangeResult& result);

}  // namespace kiosk::app
