#include "sim/exchange/cash_out_desk.hpp"

#include <ctime>

#include "offline_queue/digest.hpp"
#include "offline_queue/exchange_messages.hpp"

namespace kiosk::sim {
namespace {

using oq::OrderStatus;

// One fixed, valid receiving address per network: the simulator does not run wallets. A real
// exchange hands out a fresh address per order.
std::string deposit_address_for(const std::string& network) {
  if (network == "bitcoin") return "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
  if (network == "litecoin") return "LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ";
  if (network == "tron") return "TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf";
  return "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
}

std::string payment_uri_for(const std::string& network, const std::string& address,
                            flows::Atoms atoms, int decimals) {
  std::string units = flows::atoms_to_string(atoms);
  if (static_cast<int>(units.size()) <= decimals)
    units.insert(0, static_cast<std::size_t>(decimals) + 1 - units.size(), '0');
  std::string amount = units.substr(0, units.size() - static_cast<std::size_t>(decimals));
  std::string frac = units.substr(units.size() - static_cast<std::size_t>(decimals));
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) amount += "." + frac;
  if (network == "bitcoin" || network == "litecoin")
    return network + ":" + address + "?amount=" + amount;
  return address;  // TRON and Ethereum wallets read a bare address most reliably
}

std::string iso_utc(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "R-" and 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L).
std::string redeem_code_for(const std::string& seed) {
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  std::string hex = oq::sha256_hex(seed);
  std::string code = "R-";
  for (std::size_t i = 0; i < 10; ++i) {
    unsigned v = static_cast<unsigned>(std::stoul(hex.substr(i * 2, 2), nullptr, 16));
    code += kAlphabet[v % (sizeof kAlphabet - 1)];
    if (i == 4) code += '-';
  }
  return code;
}

}  // namespace

void CashOutDesk::advance(SimOrder& o, std::int64_t now_ms) const {
  auto& v = o.view;
  std::int64_t age = now_ms - o.created_ms;
  if (v.status == OrderStatus::Waiting && timing.seen_after_ms >= 0 &&
      age >= timing.seen_after_ms) {
    v.status = OrderStatus::Seen;
    v.received_atoms = v.crypto_atoms;
  }
  if (v.status == OrderStatus::Seen && timing.confirm_after_ms >= 0 &&
      age >= timing.confirm_after_ms) {
    v.status = OrderStatus::Confirmed;
    v.confirmations = v.required_confirmations;
  }
  if (v.status == OrderStatus::Waiting && now_ms >= o.expires_ms) v.status = OrderStatus::Expired;
}

SimOrder* CashOutDesk::find(const std::string& order_id, std::int64_t now_ms) {
  auto it = orders_.find(order_id.empty() ? newest_ : order_id);
  if (it == orders_.end()) return nullptr;
  advance(it->second, now_ms);
  return &it->second;
}

SimResponse CashOutDesk::create(const std::string& kiosk, const std::string& body,
                                const oq::RatesSnapshot& rates, std::int64_t now_ms) {
  auto req = oq::parse_cash_out_order_request(body);
  if (!req) return error_answer(400, "bad_request", req.error().what);
  const oq::AssetRate* rate = rates.find(req->asset, req->network);
  if (rate == nullptr) return error_answer(400, "unknown_asset", "asset/network not quoted");
  std::string tx_key = kiosk + "/" + req->tx_id;
  if (by_tx_.contains(tx_key))
    return error_answer(409, "duplicate_tx", "an order exists for this tx_id under another key");
  // The customer sends enough crypto to cover the banknotes at the sell rate: round UP.
  auto atoms = flows::crypto_for_fiat(req->fiat, rate->sell, rate->decimals);
  if (!atoms) return error_answer(400, "bad_request", atoms.error().what);
  auto back = flows::fiat_for_crypto(*atoms, rate->sell, rate->decimals);
  if (!back || *back < req->fiat) *atoms += 1;

  SimOrder o;
  o.kiosk_id = kiosk;
  o.tx_id = req->tx_id;
  o.created_ms = now_ms;
  o.expires_ms = now_ms + order_ttl_ms;
  o.view.order_id = "ord-" + std::to_string(next_++);
  o.view.status = OrderStatus::Waiting;
  o.view.asset = req->asset;
  o.view.network = req->network;
  o.view.fiat = req->fiat;
  o.view.crypto_atoms = *atoms;
  o.view.required_confirmations = required_confirmations;
  o.view.redeem_code = redeem_code_for(kiosk + ":" + req->tx_id + ":" + o.view.order_id);
  o.view.customer_key = req->customer_key.value_or("");
  o.deposit_address = deposit_address_for(req->network);
  o.payment_uri = payment_uri_for(req->network, o.deposit_address, *atoms, rate->decimals);

  oq::CashOutOrder answer{
      o.view.order_id,       o.deposit_address, o.payment_uri,          *atoms,
      iso_utc(o.expires_ms), o.expires_ms,      required_confirmations, o.view.redeem_code};
  by_tx_[tx_key] = o.view.order_id;
  by_code_[o.view.redeem_code] = o.view.order_id;
  newest_ = o.view.order_id;
  orders_[o.view.order_id] = std::move(o);
  return SimResponse{200, oq::cash_out_order_answer_body(answer)};
}

SimResponse CashOutDesk::view(const std::string& order_id, std::int64_t now_ms) {
  SimOrder* o = order_id.empty() ? nullptr : find(order_id, now_ms);
  if (o == nullptr) return error_answer(404, "not_found", "no such order");
  return SimResponse{200, oq::order_view_body(o->view)};
}

SimResponse CashOutDesk::redeem(const std::string& code, std::int64_t now_ms) {
  auto it = by_code_.find(code);
  if (it == by_code_.end()) return error_answer(404, "not_found", "no such redeem code");
  return view(it->second, now_ms);
}

SimResponse CashOutDesk::claim(const std::string& order_id, const std::string& body,
                               const std::string& key, std::int64_t now_ms) {
  auto tx = oq::parse_claim_body(body);
  if (!tx) return error_answer(400, "bad_request", tx.error().what);
  SimOrder* o = order_id.empty() ? nullptr : find(order_id, now_ms);
  if (o == nullptr) return error_answer(404, "not_found", "no such order");
  if (!o->claim_key.empty()) return error_answer(409, "already_claimed", "the order was paid out");
  if (o->view.status == OrderStatus::Expired)
    return error_answer(409, "expired", "the order expired");
  if (!oq::deposit_settled(o->view))
    return error_answer(409, "not_confirmed", "the deposit is not confirmed in full");
  o->claim_key = key;
  o->view.status = OrderStatus::Dispensing;
  return SimResponse{200, oq::order_view_body(o->view)};
}

SimResponse CashOutDesk::dispensed(const std::string& order_id, const std::string& body,
                                   std::int64_t now_ms) {
  auto report = oq::parse_dispensed_report(body);
  if (!report) return error_answer(400, "bad_request", report.error().what);
  SimOrder* o = order_id.empty() ? nullptr : find(order_id, now_ms);
  if (o == nullptr) return error_answer(404, "not_found", "no such order");
  if (o->view.status != OrderStatus::Dispensing)
    return error_answer(409, "not_claimed", "report a dispense only for a claimed order");
  if (report->fiat + report->shortfall != o->view.fiat)
    return error_answer(400, "bad_request", "delivered plus shortfall differs from the order");
  o->report = *report;
  o->view.status = OrderStatus::Dispensed;
  return SimResponse{200, R"({"status":"dispensed"})"};
}

SimResponse CashOutDesk::move_deposit(const std::string& order_id, DepositAction action,
                                      std::optional<flows::Atoms> atoms, std::int64_t now_ms) {
  SimOrder* o = find(order_id, now_ms);
  if (o == nullptr) return error_answer(404, "not_found", "no such order");
  auto& v = o->view;
  bool open = v.status == OrderStatus::Waiting || v.status == OrderStatus::Seen ||
              v.status == OrderStatus::Confirmed;
  if (!open)
    return error_answer(409, "order_closed",
                        "the order is already " + std::string(to_string(v.status)));
  switch (action) {
    case DepositAction::Seen:
      v.status = OrderStatus::Seen;
      v.received_atoms = atoms.value_or(v.crypto_atoms);
      v.confirmations = 0;
      break;
    case DepositAction::Confirm:
      v.status = OrderStatus::Confirmed;
      v.received_atoms = atoms.value_or(v.crypto_atoms);
      v.confirmations = v.required_confirmations;
      break;
    case DepositAction::Expire:
      v.status = OrderStatus::Expired;
      break;
  }
  return SimResponse{200, oq::order_view_body(v)};
}

}  // namespace kiosk::sim
