// `kiosk verify-journal DB` and `kiosk export-journal DB --from SEQ --to SEQ`: the auditor's tools.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/commands.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

int cmd_verify_journal(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: kiosk verify-journal DB\n");
    return 2;
  }
  auto store = oq::Store::open(argv[1]);
  if (!store) {
    std::fprintf(stderr, "kiosk verify-journal: %s: %s\n", argv[1], store.error().what.c_str());
    return 2;
  }
  oq::VerifyResult v = (*store)->verify();
  nlohmann::json out = {{"db", argv[1]}, {"ok", v.ok}, {"rows_checked", v.rows_checked}};
  if (!v.ok) {
    out["first_bad_seq"] =
        v.first_bad_seq ? nlohmann::json(*v.first_bad_seq) : nlohmann::json(nullptr);
    out["reason"] = v.reason;
  }
  std::cout << out.dump() << std::endl;
  return v.ok ? 0 : 1;
}

int cmd_export_journal(int argc, char** argv) {
  std::string db;
  long long from = 1, to = -1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--from" || a == "--to") && i + 1 < argc) {
      (a == "--from" ? from : to) = std::atoll(argv[++i]);
    } else if (db.empty() && !a.starts_with("--")) {
      db = a;
    } else {
      db.clear();
      break;
    }
  }
  if (db.empty() || from < 1) {
    std::fprintf(stderr, "usage: kiosk export-journal DB [--from SEQ] [--to SEQ]   (JSON lines)\n");
    return 2;
  }
  auto store = oq::Store::open(db);
  if (!store) {
    std::fprintf(stderr, "kiosk export-journal: %s: %s\n", db.c_str(), store.error().what.c_str());
    return 2;
  }
  if (to < 0) {
    auto last = (*store)->last_row();
    to = (last && *last) ? (*last)->seq : 0;
  }
  auto rows = (*store)->rows_range(from, to);
  if (!rows) {
    std::fprintf(stderr, "kiosk export-journal: %s\n", rows.error().what.c_str());
    return 1;
  }
  for (const auto& r : *rows) {
    nlohmann::json payload = nlohmann::json::parse(r.payload, nullptr, false);
    std::cout << nlohmann::json{{"seq", r.seq},     {"tx_id", r.tx_id},
                                {"type", r.type},   {"payload", payload},
                                {"at_ms", r.at_ms}, {"prev_hash", r.prev_hash},
                                {"hash", r.hash}}
                     .dump()
              << '\n';
  }
  return 0;
}

}  // namespace kiosk::app
