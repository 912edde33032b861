// The simulator console: buttons that send {"type":"sim","action":...} to the kiosk over /ws/sim,
// and a view of the last "sim_state" the kiosk pushed (fleet, devices, stacked notes, receipts, log).
// Every button carries data-sim="<action>" plus one data-* attribute per parameter, so a test can
// click e.g. button[data-sim="insert_note"][data-kzt="5000"].

import { el } from "./dom.js";
import { ReconnectingSocket } from "./socket.js";

const DENOMINATIONS = [200, 500, 1000, 2000, 5000, 10000, 20000];
const DEFAULT_ASSETS = ["BTC/bitcoin", "LTC/litecoin", "ETH/ethereum", "USDT/tron", "USDT/ethereum"];

const socket = new ReconnectingSocket("/ws/sim", {
  onMessage: (msg) => {
    if (msg.type === "sim_state") showState(msg);
  },
  onStatus: (connected) => {
    document.body.dataset.connected = String(connected);
    document.getElementById("link-state").textContent = connected ? "connected" : "reconnecting…";
  },
});

let assets = DEFAULT_ASSETS;

// A button sending {type:"sim", action, ...params}; params also become data-* attributes.
function simButton(label, action, params = {}, kind = "") {
  const attrs = { type: "button", class: `sim ${kind}`, "data-sim": action };
  for (const [k, v] of Object.entries(params)) attrs[`data-${k}`] = String(v);
  attrs.on = { click: () => socket.send({ type: "sim", action, ...params }) };
  return el("button", attrs, label);
}

function group(title, ...children) {
  return el("fieldset", {}, el("legend", {}, title), ...children);
}

function formatKzt(n) {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ")} ₸`;
}

function qrControls() {
  const input = el("input", { type: "text", id: "qr-payload", placeholder: "any QR text", "aria-label": "QR payload" });
  return group("Camera: show a QR code",
    el("div", { class: "grid" }, assets.flatMap((asset) => [
      simButton(`${asset} ✓`, "present_qr", { asset, valid: true }),
      simButton(`${asset} ✗`, "present_qr", { asset, valid: false }, "bad"),
    ])),
    el("div", { class: "inline" }, input,
      el("button", {
        type: "button", class: "sim", "data-sim": "present_qr", "data-payload": "",
        on: { click: () => socket.send({ type: "sim", action: "present_qr", payload: input.value }) },
      }, "Show text")));
}

function identityControls() {
  return group("Camera: show a document or a face",
    el("div", { class: "grid" },
      simButton("Kazakh ID card", "present_id", { kind: "id_card", seed: 1 }),
      simButton("Another ID card", "present_id", { kind: "id_card", seed: 2 }),
      simButton("Russian passport", "present_id", { kind: "passport", seed: 3 }),
      simButton("Expired ID card", "present_id", { kind: "id_card", seed: 4, expired: true }, "bad"),
      simButton("Selfie: one face", "present_selfie", { faces: 1 }),
      simButton("Selfie: two faces", "present_selfie", { faces: 2 }, "bad"),
      simButton("Selfie: no face", "present_selfie", { faces: 0 }, "bad"),
      simButton("Selfie: ID card held up", "present_document_selfie", { kind: "id_card", seed: 1 },
        "bad")),
    el("div", { class: "grid" },
      simButton("Exchange blocks “Another ID card”", "block_person", { kind: "id_card", seed: 2 }, "bad"),
      simButton("Review of “Russian passport”: rejected", "decide_review",
        { kind: "passport", seed: 3, state: "rejected" }, "bad"),
      simButton("Review of “Russian passport”: approved", "decide_review",
        { kind: "passport", seed: 3, state: "approved" })));
}

// A technician's badge QR, signed with the simulator's test operator key (kiosk/runtime/sim_badge.hpp);
// press "Service" on the customer screen first.
function badgeControls() {
  return group("Camera: show a technician badge",
    el("div", { class: "grid" },
      simButton("Badge: every permission", "present_badge", { technician: "T-0042" }),
      simButton("Badge: refill only", "present_badge", { technician: "T-0043", permissions: ["refill"] }),
      simButton("Badge: collect only", "present_badge", { technician: "T-0044", permissions: ["collect"] }),
      simButton("Badge with PIN 2468", "present_badge", { technician: "T-0045", pin: "2468" }),
      simButton("Forged badge", "present_badge", { technician: "T-0042", forged: true }, "bad"),
      simButton("Expired badge", "present_badge", { technician: "T-0042", expired: true }, "bad"),
      simButton("Badge for another kiosk", "present_badge", { technician: "T-0042", kiosk: "ala-002" }, "bad")));
}

function renderControls() {
  document.getElementById("controls").replaceChildren(
    group("Bill validator: insert",
      el("div", { class: "grid" },
        DENOMINATIONS.map((kzt) => simButton(formatKzt(kzt), "insert_note", { kzt })),
        simButton("Fake note", "insert_fake", {}, "bad"))),
    group("Bill validator: faults",
      el("div", { class: "grid" },
        simButton("Jam", "jam_validator", {}, "bad"),
        simButton("Clear jam", "clear_jam"),
        simButton("Cassette full", "cassette_full", { on: true }, "bad"),
        simButton("Cassette not full", "cassette_full", { on: false }),
        simButton("Remove cassette", "remove_cassette", { on: true }, "bad"),
        simButton("Insert cassette", "remove_cassette", { on: false }),
        simButton("Unplug", "unplug", { device: "validator" }, "bad"),
        simButton("Replug", "replug", { device: "validator" }),
        simButton("Power-cycle", "power_cycle_validator", {}, "bad"),
        simButton("Take returned cash", "take_cash"))),
    qrControls(),
    identityControls(),
    badgeControls(),
    group("Receipt printer",
      el("div", { class: "grid" },
        simButton("Paper ok", "printer_paper", { state: "ok" }),
        simButton("Paper near end", "printer_paper", { state: "near_end" }, "bad"),
        simButton("Paper out", "printer_paper", { state: "out" }, "bad"),
        simButton("Unplug", "unplug", { device: "printer" }, "bad"),
        simButton("Replug", "replug", { device: "printer" }))),
    group("Cash-out: the customer's crypto deposit",
      el("div", { class: "grid" },
        simButton("Deposit seen (unconfirmed)", "see_deposit"),
        simButton("Deposit confirmed", "confirm_deposit"),
        simButton("Under-paid deposit", "confirm_deposit", { atoms: "1" }, "bad"),
        simButton("Expire the order", "expire_deposit", {}, "bad"))),
    group("Dispenser: faults",
      el("div", { class: "grid" },
        simButton("Jam after 1 note", "jam_dispenser", { after: 1 }, "bad"),
        simButton("Pick error after 1 note", "dispenser_pick_error", { after: 1 }, "bad"),
        simButton("Next note to reject tray", "dispenser_rejects", { notes: 1 }, "bad"),
        simButton("Drop its next answer", "dispenser_drop_response", {}, "bad"),
        simButton("Unplug", "unplug", { device: "dispenser" }, "bad"),
        simButton("Replug", "replug", { device: "dispenser" }))),
    group("Exchange",
      el("div", { class: "grid" },
        simButton("Cut the network", "cut_exchange", {}, "bad"),
        simButton("Restore the network", "restore_exchange"))));
}

function isFault(key, value) {
  return (value === true && ["jammed", "partitioned", "cassette_full", "cassette_removed", "cover_open"].includes(key)) ||
    (value === false && ["plugged", "online"].includes(key)) ||
    (typeof value === "string" && ["out", "fault", "failure", "jammed", "disconnected"].includes(value));
}

function showDevices(devices) {
  const cards = Object.entries(devices || {}).map(([name, fields]) => el("div", { class: "device", "data-device": name },
    el("h3", {}, name),
    el("dl", {}, Object.entries(fields || {}).flatMap(([k, v]) => [
      el("dt", {}, k),
      el("dd", { class: isFault(k, v) ? "fault" : "", "data-key": k }, typeof v === "object" ? JSON.stringify(v) : String(v)),
    ]))));
  document.getElementById("devices").replaceChildren(...cards);
}

function showStacked(stacked) {
  const entries = Object.entries(stacked || {}).sort((a, b) => Number(a[0]) - Number(b[0]));
  const total = entries.reduce((sum, [kzt, n]) => sum + Number(kzt) * Number(n), 0);
  document.getElementById("stacked").replaceChildren(
    ...entries.map(([kzt, n]) => el("tr", { "data-kzt": kzt }, el("td", {}, formatKzt(kzt)), el("td", {}, `× ${n}`))),
    el("tr", { class: "total" }, el("td", {}, "total"), el("td", { "data-field": "stacked_total" }, formatKzt(total))));
}

function showReceipts(receipts) {
  const list = Array.isArray(receipts) ? [...receipts].reverse() : [];
  document.getElementById("receipts").replaceChildren(...list.map((r) => el("pre", { class: "receipt" },
    (r.lines || []).join("\n"),
    ...(r.qr || []).map((q) => el("span", { class: "qr" }, `\n[QR] ${q}`)))));
}

// One line per kiosk, from the heartbeats the exchange simulator holds.
function showFleet(fleet) {
  const lines = Array.isArray(fleet) ? fleet : [];
  document.getElementById("fleet").replaceChildren(...lines.map((k) => el("tr", { "data-kiosk": k.kiosk_id },
    el("td", {}, k.kiosk_id),
    el("td", { class: k.mode === "in_service" ? "" : "fault", "data-key": "mode" },
      k.valid ? `${k.mode}${k.reason ? ` (${k.reason})` : ""}` : "heartbeat not v1"),
    el("td", { "data-key": "last_seen" }, `seen ${k.last_seen_s} s ago`),
    el("td", { "data-key": "outbox" }, `outbox ${k.outbox_depth ?? "?"}`),
    el("td", { "data-key": "cash" },
      `cash box ${formatKzt(k.cash_box_kzt ?? 0)}, cassettes ${formatKzt(k.cassettes_kzt ?? 0)}`))));
}

function showState(msg) {
  if (Array.isArray(msg.assets) && msg.assets.length && msg.assets.join() !== assets.join()) {
    assets = msg.assets.map(String);
    renderControls();
  }
  showFleet(msg.fleet);
  showDevices(msg.devices);
  showStacked(msg.notes_stacked);
  showReceipts(msg.receipts);
  const log = document.getElementById("log");
  log.textContent = (Array.isArray(msg.log) ? msg.log : []).join("\n");
  log.scrollTop = log.scrollHeight;
}

renderControls();
socket.connect();
