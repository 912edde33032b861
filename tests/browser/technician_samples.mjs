// The technician's screens (ui/www/technician_screens.js) in every state worth looking at, as the
// kiosk sends them (kiosk/runtime/technician_desk.cpp); added to SAMPLES by screen_samples.mjs.

const ALL = [
  { id: "refill", available: true, why: null },
  { id: "collect_cash_box", available: true, why: null },
  { id: "device_status", available: true, why: null },
  { id: "test_print", available: true, why: null },
  { id: "test_dispense", available: false, why: "not_in_this_version" },
  { id: "validator_self_test", available: false, why: "not_in_this_version" },
  { id: "view_config", available: true, why: null },
  { id: "set_config", available: false, why: "not_in_this_version" },
];
const CASSETTES = [
  { n: 1, kzt: "20 000 ₸", count: 50 }, { n: 2, kzt: "10 000 ₸", count: 100 },
  { n: 3, kzt: "5 000 ₸", count: 100 }, { n: 4, kzt: "2 000 ₸", count: 100 },
];
const NOTES = ["200 ₸", "500 ₸", "1 000 ₸", "2 000 ₸", "5 000 ₸", "10 000 ₸", "20 000 ₸"];
const DESK = { technician: "T-0042", offered: ALL, cassettes: CASSETTES, notes: NOTES, result: null };
const t = (screen, data = {}, deadline_s = null) => ({ screen, data, deadline_s });

export const TECHNICIAN_SAMPLES = [
  ["welcome-service", { screen: "welcome", deadline_s: null, data: {
    languages: ["kk", "ru", "en"], prices: [], cash_out: true, offers: { buy: true, sell: true },
    sell_kzt: {}, service: true,
  } }],
  ["out-of-service-maintenance", t("out_of_service", { reason: "maintenance", service: true })],
  ["technician-scan", t("technician_scan", {}, 60)],
  ["technician-refused-forged", t("technician_refused", { reason: "bad_signature" }, 10)],
  ["technician-refused-expired", t("technician_refused", { reason: "expired" }, 10)],
  ["technician-pin", t("technician_pin", { technician: "T-0042", tries_left: null }, 60)],
  ["technician-pin-wrong", t("technician_pin", { technician: "T-0042", tries_left: 3 }, 60)],
  ["technician-desk", t("technician_desk", DESK)],
  ["technician-desk-refill-only", t("technician_desk", { ...DESK, offered: ALL.slice(0, 1) })],
  ["technician-refilled", t("technician_desk", { ...DESK, result: {
    action: "refill", status: "executed", reason: null,
    rows: CASSETTES.map((c) => ({ key: "cassette", n: c.n, value: `${c.kzt} × ${c.count}` })),
  } })],
  ["technician-devices", t("technician_desk", { ...DESK, result: {
    action: "device_status", status: "executed", reason: null,
    rows: [{ key: "validator", value_key: "health.ok" }, { key: "dispenser", value_key: "health.ok" },
      { key: "printer", value_key: "health.fault" }, { key: "camera", value_key: "health.ok" }],
  } })],
  ["technician-print-failed", t("technician_desk", { ...DESK, result: {
    action: "test_print", status: "failed", reason: "printer_not_ready", rows: [],
  } })],
];
