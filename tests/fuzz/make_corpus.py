#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus/<target>/ from the reference vectors
(../shared/reference/cash-devices.md), the unit tests' examples and the shipped configs.
Run from anywhere; rewrites only the files it names. Small valid inputs only: libFuzzer grows
the corpus from them (in build-fuzz/corpus, not here)."""
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fuzz" / "corpus"


def hx(s):
    return bytes.fromhex(s.replace(" ", ""))


def put(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (d / name).write_bytes(data)


CCNET = {
    "poll": "02 03 06 33 DA 81", "reset": "02 03 06 30 41 B3",
    "enable": "02 03 0C 34 FF FF FF FF FF FF FE F7", "power_up": "02 03 06 10 43 92",
    "escrow_t2": "02 03 07 80 02 9E 10", "stacked_t2": "02 03 07 81 02 46 09",
    "failed": "02 03 07 47 50 AB E6", "status_reply": "02 03 0B 00 00 3F 00 00 00 A3 99",
    "bill_table": "02 03 7D 02 4B 41 5A 02 05 4B 41 5A 02 01 4B 41 5A 03 02 4B 41 5A 03"
                  " 05 4B 41 5A 03 01 4B 41 5A 04 02 4B 41 5A 04" + " 00" * 85 + " 43 2F",
}
for k, v in CCNET.items():
    put("ccnet_codec_fuzz", k, hx(v))
put("ccnet_codec_fuzz", "stream", hx(CCNET["power_up"] + CCNET["escrow_t2"] + CCNET["stacked_t2"]))

ID003 = {
    "status_req": "FC 05 11 27 56", "enable": "FC 07 C0 00 00 2D B5",
    "escrow": "FC 06 13 63 A2 D8", "vend_valid": "FC 05 15 03 10", "stacked": "FC 05 16 98 22",
    "reject": "FC 06 17 79 19 00", "failure": "FC 06 49 A2 A0 21", "inhibit": "FC 06 C3 01 8D C7",
}
for k, v in ID003.items():
    put("id003_codec_fuzz", k, hx(v))
put("id003_codec_fuzz", "stream", hx(ID003["escrow"] + ID003["vend_valid"] + ID003["stacked"]))

SSP = {
    "sync": "7F 80 01 11 65 82", "poll": "7F 80 01 07 12 02", "ok": "7F 80 01 F0 23 80",
    "credit": "7F 80 04 F0 EE 01 EB B9 48", "read3": "7F 80 03 F0 EF 03 C5 CA",
    "stuffed": "7F 80 02 11 7F 7F 31 E7",
    "key_exchange": "7F 80 09 4C 79 C8 9C E2 DE 06 00 00 9D 52",
    "encrypted_poll": "7F 00 11 7E F1 C0 52 FE B2 C4 EC 74 76 63 65 EC CE 94 63 D1 DC 8E",
}
for k, v in SSP.items():
    put("ssp_codec_fuzz", k, hx(v))

LCDM = {
    "purge": "04 50 02 44 03 11", "status": "04 50 02 46 03 13",
    "upper5": "04 50 02 45 30 35 03 15", "rsp_purge": "01 50 02 44 30 03 24",
    "rsp_status": "01 50 02 46 30 30 80 06 03 90",
    "rsp_upper5": "01 50 02 45 30 35 30 35 30 30 30 30 03 15",
    "rsp_upper5_err": "01 50 02 45 30 35 30 34 32 30 30 31 03 17",
    "4000_dispense": "04 30 02 52 23 21 20 20 20 20" + " 20" * 9 + " 03 45",
    "4000_rsp_dispense": "01 30 02 52 20 30 23 20 31 21 20 32 20 20 30 20 20 30" + " 20" * 9
                         + " 03 53",
    "ack_then_rsp": "06 01 50 02 44 30 03 24",
}
for k, v in LCDM.items():
    put("lcdm_codec_fuzz", k, hx(v))

# Driver targets read a script of operations (see each *_driver_fuzz.cpp); a few short scripts.
for t in ("ccnet_driver_fuzz", "id003_driver_fuzz", "ssp_driver_fuzz", "lcdm_driver_fuzz"):
    put(t, "ticks", bytes([1, 2, 50, 2, 50, 2, 50, 2, 200]))
    put(t, "mixed", bytes([1, 3, 0x7F, 2, 30, 7, 1, 2, 30, 7, 2, 5, 2, 30, 4, 2, 100]))
    put(t, "statuses", bytes([0, 7, 4, 7, 8, 7, 12, 7, 13, 2, 40, 9, 3, 9, 5, 2, 60]))

put("escpos_status_fuzz", "all_ok", bytes([1, 0x12, 2, 0x12, 3, 0x12, 4, 0x12]))
put("escpos_status_fuzz", "problems", bytes([1, 0x1A, 2, 0x16, 3, 0x32, 4, 0x7E]))
ESCPOS = (b"\x1b@\x1bt\x11Kiosk Astana\n\x1b!\x08BOLD\x1b!\x00\n\x1da\x00"
          b"\x1d(k\x03\x001C\x05\x1d(k\x04\x001A2\x00\x1d(k\x08\x001P0abc1\x1d(k\x03\x001Q0"
          b"\n\n\x1dV\x00")
put("escpos_interpreter_fuzz", "receipt", ESCPOS)
put("escpos_interpreter_fuzz", "status_requests", b"\x10\x04\x01\x10\x04\x02\x10\x04\x04")
put("escpos_render_fuzz", "receipt", b"Operator\x00Receipt\x00Amount\x0020 000 T\x00Total\x00"
    b"bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\x00Thank you")
put("escpos_render_fuzz", "kazakh", "ҚАЗАҚСТАН\x00Түбіртек\x00Сома\x0050 000 ₸\x00Ә\x00R-ABCDE".encode())

put("usb_wire_fuzz", "ftdi", b"\x01\x60hello\x01\x60world")
put("usb_wire_fuzz", "device_id", b"\x00\x2cMFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;CLS:PRINTER;")
put("usb_wire_fuzz", "line_coding", hx("80 25 00 00 00 00 08"))

put("mrz_parse_fuzz", "td3", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n")
put("mrz_parse_fuzz", "td1_kaz", "IDKAZ0123456784900101300811<<<\n9001011M3405156KAZ<<<<<<<<<<<4\n"
    "ZHANUZAKOV<<ASKAR<<<<<<<<<<<<<\n")
put("mrz_parse_fuzz", "td1_uto", "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\n"
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n")
put("mrz_parse_fuzz", "shape", bytes([0]) + b"IDKAZ0123456784900101300811")

ADDRESSES = ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
             "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
             "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9",
             "TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"]
for i, a in enumerate(ADDRESSES):
    put("wallet_address_fuzz", f"addr{i}", a)
    put("wallet_uri_fuzz", f"prefix{i}", bytes([0]) + a.encode())
for i in range(6):
    put("wallet_uri_fuzz", f"edit{i}", bytes([2 * i + 1, 5, ord("x"), 9, 0]))
put("wallet_uri_fuzz", "uri", bytes([2]) + b"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.1")

put("dispense_fuzz", "takes", "0:5000:4;2:2000:3")
put("dispense_fuzz", "moves", "0:4:1;1:0:2")
put("dispense_fuzz", "redeem", "R-ABCDE-FGHJK")
put("dispense_fuzz", "plan", bytes([40, 9, 0, 130, 4, 10, 5, 10, 3, 20, 2, 5]))

RATES = ('{"as_of":"2024-05-01T10:00:00Z","rates":[{"asset":"BTC","network":"bitcoin","decimals":8,'
         '"buy_kzt_per_unit":"48231000.25","sell_kzt_per_unit":"47000000"}]}')
ORDER = ('{"order_id":"ord-1","status":"confirmed","asset":"BTC","network":"bitcoin","fiat_kzt":99000,'
         '"crypto_atoms":"200000","received_atoms":"200000","confirmations":1,'
         '"required_confirmations":1,"redeem_code":"R-ABCDE-FGHJK"}')
for i in range(7):
    put("exchange_response_fuzz", f"template{i}", bytes([i, 0, 0]))
put("exchange_response_fuzz", "rates", RATES)
put("exchange_response_fuzz", "order", ORDER)
put("exchange_response_fuzz", "ack", '{"acked_through":42}')
put("exchange_response_fuzz", "error", '{"error":{"code":"limit_exceeded","message":"over"}}')
for i in range(6):
    put("exchange_request_fuzz", f"template{i}", bytes([i, 3 * i]))
put("exchange_request_fuzz", "raw_cash_out", bytes([0x80 | 4, 1]) +
    b'{"tx_id":"t","asset":"BTC","network":"bitcoin","fiat_kzt":20000}')
for i in range(5):
    put("kyc_messages_fuzz", f"template{i}", bytes([i, 2 * i]))
put("kyc_messages_fuzz", "raw_blocked", bytes([0x82, 2]) +
    b'{"version":3,"added":[{"iin":"900101300017"}],"removed":[]}')

for name in ("sim.json", "astana.json", "almaty.json"):
    put("kiosk_config_fuzz", "raw_" + name.split(".")[0], b"\x00" + (ROOT / "config" / name).read_bytes())
for i, b in enumerate((1, 3, 5, 0x41, 0x83)):
    put("kiosk_config_fuzz", f"splice{i}", bytes([b, 7 * i, 0x20]))

UI = {
    "touch": '{"type":"action","action":"choose_language","value":"ru","screen":"welcome"}',
    "amount": '{"type":"action","action":"choose_amount","value":"20000","screen":"sell_amount"}',
    "key": '{"type":"action","action":"key","value":"A"}',
    "sim": '{"type":"sim","action":"insert_note","kzt":5000}',
    "route": "/index.html?lang=kk",
    "route_ws": "/ws/sim",
    "host_origin": "127.0.0.1:8080\nhttp://127.0.0.1:8080",
    "screen": '{"type":"screen","screen":"choose_asset","data":{"assets":[{"id":"BTC/bitcoin"}],'
              '"cash_out":true},"action":"start_cash_out"}',
}
for k, v in UI.items():
    put("ui_client_message_fuzz", k, v)

CANON = {
    "payload": '{"tx_id":"t-1","kzt":5000,"notes":[{"kzt":5000,"count":1}],"name":"\\u0410"}',
    "nested": '{"b":[1,2,{"z":null,"a":true}],"a":"x\\n"}',
    "base64": "/9j/4AAQSkZJRgABAQ==",
    "url": "https://exchange.example.kz:8443/api",
    "url6": "http://[::1]:8080",
}
for k, v in CANON.items():
    put("canonical_json_fuzz", k, v)
