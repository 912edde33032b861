#include "kiosk/shell/cash_out_exchange.hpp"

#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/retry_policy.hpp"

namespace kiosk::app {
namespace {

template <typename T, typename Parse>
void call(const CashOutExchange::Send& send, oq::HttpRequest req, Parse parse,
          CashOutExchange::Done<T> done) {
  send(std::move(req), [parse, done = std::move(done)](oq::ExchangeResult result) {
    auto body = classify_exchange_result(result);
    if (!body) return done(std::unexpected(body.error()));
    auto parsed = parse(*body);
    if (!parsed)
      return done(std::unexpected(
          ExchangeRefusal{ExchangeRefusal::Kind::BadAnswer, "bad_answer", parsed.error().what}));
    done(std::move(*parsed));
  });
}

}  // namespace

CashOutExchange::CashOutExchange(oq::ExchangeClient& client)
    : send_([&client](oq::HttpRequest req, std::function<void(oq::ExchangeResult)> done) {
        client.request(std::move(req), std::move(done));
      }) {}

ExchangeReply<std::string> classify_exchange_result(const oq::ExchangeResult& result) {
  using Kind = ExchangeRefusal::Kind;
  // The outbox's reading of an answer (offline_queue/retry_policy.hpp), with the refusal's code.
  switch (oq::classify(result)) {
    case oq::Verdict::Delivered:
      return result->body;
    case oq::Verdict::Retry:
      if (!result)
        return std::unexpected(ExchangeRefusal{Kind::Unreachable,
                                               std::string(oq::to_string(result.error().kind)),
                                               result.error().what});
      if (result->status >= 200 && result->status < 300)
        return std::unexpected(ExchangeRefusal{Kind::BadAnswer, "bad_answer", "not JSON"});
      return std::unexpected(ExchangeRefusal{
          Kind::Unreachable, "http_" + std::to_string(result->status), "try later"});
    case oq::Verdict::Failed:
      break;
  }
  auto err = oq::parse_error_body(result->body);
  if (!err)
    return std::unexpected(ExchangeRefusal{Kind::Refused, "http_" + std::to_string(result->status),
                                           "the exchange refused without a reason"});
  return std::unexpected(ExchangeRefusal{Kind::Refused, err->code, err->message});
}

void CashOutExchange::create_order(const oq::CashOutOrderRequest& req,
                                   const std::string& idempotency_key,
                                   Done<oq::CashOutOrder> done) {
  call<oq::CashOutOrder>(
      send_, {"POST", "/v1/cash-out/orders", oq::cash_out_order_body(req), idempotency_key},
      [](const std::string& b) { return oq::parse_cash_out_order_answer(b); }, std::move(done));
}

void CashOutExchange::order_status(const std::string& order_id, Done<oq::OrderView> done) {
  call<oq::OrderView>(
      send_, {"GET", "/v1/cash-out/orders/" + order_id, "", std::nullopt},
      [](const std::string& b) { return oq::parse_order_view(b); }, std::move(done));
}

void CashOutExchange::redeem_lookup(const std::string& code, Done<oq::OrderView> done) {
  if (!flows::cash_out::plausible_redeem_code(code))  // it travels in a URL path
    return done(std::unexpected(
        ExchangeRefusal{ExchangeRefusal::Kind::Refused, "not_found", "not a redeem code"}));
  call<oq::OrderView>(
      send_, {"GET", "/v1/redeem/" + code, "", std::nullopt},
      [](const std::string& b) { return oq::parse_order_view(b); }, std::move(done));
}

void CashOutExchange::claim(const std::string& order_id, const std::string& tx_id,
                            const std::string& idempotency_key, Done<oq::OrderView> done) {
  call<oq::OrderView>(
      send_,
      {"POST", "/v1/cash-out/orders/" + order_id + "/claim", oq::claim_body(tx_id),
       idempotency_key},
      [](const std::string& b) { return oq::parse_order_view(b); }, std::move(done));
}

}  // namespace kiosk::app
