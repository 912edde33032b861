// Every customer screen in every state worth looking at, as the kiosk sends it (ui/README.md):
// [name, screen message without lang]. The amounts are what the kiosk's formatters print.
// Used by the screen-fit test, `make screenshots` and bench-ui.

import { TECHNICIAN_SAMPLES } from "./technician_samples.mjs";

const BTC = { id: "BTC/bitcoin", name: "Bitcoin", symbol: "BTC", price_kzt: "48 231 000 ₸" };
const ASSETS = [
  BTC,
  { id: "ETH/ethereum", name: "Ethereum", symbol: "ETH", price_kzt: "1 650 000 ₸" },
  { id: "USDT/tron", name: "Tether (TRON)", symbol: "USDT", price_kzt: "520.50 ₸" },
];
const SELL_ASSETS = ASSETS.map((a) => ({ ...a, price_kzt: a.symbol === "BTC" ? "46 800 000 ₸" : a.price_kzt }));

// A QR-like SVG (not a real code: the screens only show it).
const QR = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><rect width="29" height="29" fill="#fff"/>${
  Array.from({ length: 120 }, (_, i) => `<rect x="${(i * 7) % 29}" y="${(i * 11) % 29}" width="1" height="1"/>`).join("")
}<rect x="1" y="1" width="7" height="7"/><rect x="21" y="1" width="7" height="7"/><rect x="1" y="21" width="7" height="7"/></svg>`;

const INSERT = {
  asset: BTC,
  address: "bc1qw5…f3t4",
  inserted_kzt: "0 ₸",
  fee_kzt: "0 ₸",
  crypto: "0 BTC",
  max_kzt: "200 000 ₸",
  remaining_kzt: "200 000 ₸",
  limit_reached: false,
  denominations: ["200 ₸", "500 ₸", "1 000 ₸", "2 000 ₸", "5 000 ₸", "10 000 ₸", "20 000 ₸"],
  offline: false,
  note_in_escrow: false,
  can_confirm: false,
  limit_binding: "tier",
  can_take_selfie: true,
  rate_kzt: "48 231 000 ₸",
  fee_percent: "3 %",
  cancel_buys: false,
  message: null,
};
const INSERTED = {
  ...INSERT, inserted_kzt: "15 000 ₸", fee_kzt: "450 ₸", crypto: "0.00030167 BTC",
  remaining_kzt: "185 000 ₸", can_confirm: true, can_take_selfie: false, cancel_buys: true,
};

const AMOUNTS = [2000, 5000, 10000, 15000, 20000, 37000, 50000, 100000, 150000, 200000]
  .map((kzt) => ({ kzt, text: `${String(kzt).replace(/\B(?=(\d{3})+$)/g, " ")} ₸` }));

const SELL_AMOUNT = {
  asset: BTC,
  amounts: AMOUNTS,
  presets: AMOUNTS.filter((a) => [5000, 10000, 20000, 50000, 100000, 200000].includes(a.kzt)),
  min_kzt: "2 000 ₸",
  max_payable_kzt: "200 000 ₸",
  max_kzt: "200 000 ₸",
  limit_binding: "tier",
  can_take_selfie: false,
  message: null,
};

const DEPOSIT = {
  asset: BTC,
  crypto: "0.00108013 BTC",
  address: "bc1qar0…5mdq",
  fiat_kzt: "50 000 ₸",
  qr_svg: QR,
  status: "waiting",
  confirmations: 0,
  required_confirmations: 2,
  redeem_code: "R-7K3M9Q2T",
  message: null,
};

const DONE = {
  tx_id: "TX-20261208-0042",
  fiat_kzt: "15 000 ₸",
  crypto: "0.00030167 BTC",
  address: "bc1qw5…f3t4",
  offline: false,
  receipt_printed: true,
  message: null,
  ended_by: "completed",
  rate_kzt: "48 231 000 ₸",
  fee_kzt: "450 ₸",
  receipt_qr_svg: null,
};

const t = (screen, data = {}, deadline_s = 90) => ({ screen, data, deadline_s });

export const SAMPLES = [
  ["welcome", { screen: "welcome", deadline_s: null, data: {
    languages: ["kk", "ru", "en"], prices: ASSETS, cash_out: true, offers: { buy: true, sell: true },
    sell_kzt: { "BTC/bitcoin": "46 800 000 ₸", "ETH/ethereum": "1 600 000 ₸", "USDT/tron": "505.25 ₸" },
  } }],
  ["welcome-sell-only", { screen: "welcome", deadline_s: null, data: {
    languages: ["kk", "ru", "en"], prices: [], cash_out: true, offers: { buy: false, sell: true }, sell_kzt: {},
  } }],
  ["choose-asset", t("choose_asset", { assets: ASSETS, cash_out: true })],
  ["choose-asset-buy-off", t("choose_asset", { assets: [], cash_out: true, offers: { buy: false, sell: true } })],
  ["scan-wallet", t("scan_wallet", { asset: BTC, error: null })],
  ["scan-wallet-wrong", t("scan_wallet", { asset: BTC, error: "wrong_asset" })],
  ["identify", t("identify", { consent_version: "2026-01", anonymous_allowed: true, anonymous_max_kzt: "50 000 ₸", asset: BTC })],
  ["scan-document", t("scan_document", { error: null })],
  ["scan-document-expired", t("scan_document", { error: "document_expired" })],
  ["checking", t("checking_customer", {}, null)],
  ["selfie", t("selfie", { error: null })],
  ["selfie-two-faces", t("selfie", { error: "several_faces" })],
  ["insert-first", t("insert_notes", INSERT)],
  ["insert-cash-in", t("insert_notes", INSERTED)],
  ["insert-over-limit", t("insert_notes", {
    ...INSERTED, inserted_kzt: "190 000 ₸", remaining_kzt: "10 000 ₸",
    denominations: ["200 ₸", "500 ₸", "1 000 ₸", "2 000 ₸", "5 000 ₸", "10 000 ₸"],
    message: { key: "note_over_limit", params: { kzt: "10 000 ₸" } },
  })],
  ["insert-limit-reached", t("insert_notes", {
    ...INSERTED, inserted_kzt: "200 000 ₸", remaining_kzt: "0 ₸", limit_reached: true, denominations: [],
  })],
  ["insert-offline", t("insert_notes", { ...INSERTED, offline: true, limit_binding: "daily" })],
  ["processing", t("processing", { message: "sending" }, null)],
  ["done", t("done", DONE, null)],
  ["done-cancelled-no-receipt", t("done", {
    ...DONE, ended_by: "cancelled", receipt_printed: false, receipt_qr_svg: QR,
  }, null)],
  ["done-validator-failed", t("done", { ...DONE, ended_by: "device_fault", offline: true }, null)],
  ["ended-timeout", t("session_ended", { reason: "timeout", owed_kzt: null, message: null }, 30)],
  ["ended-owed", t("session_ended", {
    reason: "device_fault", tx_id: "TX-20261208-0042", owed_kzt: "5 000 ₸", receipt_qr_svg: QR,
    message: { key: "note_unresolved", params: { kzt: "5 000 ₸", tx: "TX-20261208-0042" } },
  }, 30)],
  ["out-of-service", { screen: "out_of_service", deadline_s: null, data: { reason: "device" } }],
  ["sell-asset", t("sell_asset", { assets: SELL_ASSETS, message: null })],
  ["sell-amount", t("sell_amount", SELL_AMOUNT)],
  ["sell-amount-selfie", t("sell_amount", { ...SELL_AMOUNT, can_take_selfie: true })],
  ["sell-amount-none", t("sell_amount", { ...SELL_AMOUNT, amounts: [], presets: [] })],
  ["sell-deposit", t("sell_deposit", DEPOSIT, 900)],
  ["sell-deposit-seen", t("sell_deposit", { ...DEPOSIT, status: "seen", confirmations: 1 }, 600)],
  ["sell-wait", t("sell_wait", { message: "dispensing" }, null)],
  ["sell-done", t("sell_done", {
    result: "complete", delivered_kzt: "50 000 ₸", tx_id: "TX-20261208-0043", receipt_printed: true,
  })],
  ["sell-done-partial", t("sell_done", {
    result: "partial", delivered_kzt: "40 000 ₸", shortfall_kzt: "10 000 ₸", tx_id: "TX-20261208-0043",
    receipt_printed: false, receipt_qr_svg: QR,
  })],
  ["sell-ended-later", t("sell_ended", { reason: "redeem_later", payment_seen: true, redeem_code: "R-7K3M9Q2T" })],
  ["sell-ended-unpaid", t("sell_ended", { reason: "redeem_later", payment_seen: false, redeem_code: "R-7K3M9Q2T" })],
  ["redeem-enter", t("redeem_enter", { code: "R-7K3M", can_submit: false, message: null })],
  ["redeem-bad-code", t("redeem_enter", { code: "R-7K3M9Q2TZZ", can_submit: true, message: "bad_code" })],
  ...TECHNICIAN_SAMPLES,
];
