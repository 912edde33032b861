// kiosk: one executable, git-style subcommands. `kiosk help` lists them.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "kiosk/commands.hpp"

namespace {

struct Command {
  const char* name;
  int (*run)(int, char**);
  const char* usage;
};

const Command kCommands[] = {
    {"run", kiosk::app::cmd_run,
     "run --config FILE | --sim [--scenario FILE] [--port N] [--db PATH]   run a kiosk"},
    {"check-config", kiosk::app::cmd_check_config,
     "check-config [--sim] FILE          validate a config (for a real kiosk, or --sim), print "
     "every problem"},
    {"parse-wallet", kiosk::app::cmd_parse_wallet,
     "parse-wallet --asset ASSET/NETWORK [--allow-testnet] TEXT   a wallet QR payload as JSON"},
    {"decode-qr", kiosk::app::cmd_decode_qr,
     "decode-qr IMAGE...                 one JSON line per image: payloads, corners, ms"},
    {"read-mrz", kiosk::app::cmd_read_mrz,
     "read-mrz [--today DATE] IMAGE...   one JSON line per image: MRZ, fields, checks, IIN, ms"},
    {"verify-journal", kiosk::app::cmd_verify_journal,
     "verify-journal DB                  check the journal's hash chain, report the first broken "
     "row"},
    {"export-journal", kiosk::app::cmd_export_journal,
     "export-journal DB [--from SEQ] [--to SEQ]   journal rows as JSON lines, for an auditor"},
    {"plan-dispense", kiosk::app::cmd_plan_dispense,
     "plan-dispense --cassettes KZT:N,... --amount KZT [--max-notes N] [--per-command N]"},
    {"refill-cassettes", kiosk::app::cmd_refill_cassettes,
     "refill-cassettes DB --cassettes KZT:N,... [--reject-emptied N]   journal a refill, "
     "print the reconciliation"},
    {"ctl", kiosk::app::cmd_ctl,
     "ctl [--socket PATH | --config FILE] [--json] status|devices|cassettes|journal tail [N]|"
     "refill ...   talk to the running kiosk"},
    {"devices", kiosk::app::cmd_devices,
     "devices [--config FILE]            attached USB devices; matched / missing per config"},
    {"simulate", kiosk::app::cmd_simulate,
     "simulate [--seed N] [--sessions M] [--seeds K] [--replay-to STEP]   the whole kiosk on "
     "virtual time, seeded faults and crashes, invariants checked after every step"},
    {"operator", kiosk::app::cmd_operator,
     "operator keygen --out PREFIX | sign --key F --kiosk ID --seq N --name CMD [--args JSON] | "
     "badge --key F --technician ID --kiosks ID,.. --permissions P,..   operator keys, signed "
     "commands, technician badges"},
    {"exchange-sim", kiosk::app::cmd_exchange_sim,
     "exchange-sim --port N [--kiosk-id ID --secret-file F]   the exchange simulator"},
};

int help() {
  std::printf("usage: kiosk COMMAND [ARGS]\n\ncommands:\n");
  for (const auto& c : kCommands) std::printf("  %s\n", c.usage);
  std::printf("  help                               this list\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    help();
    return 2;
  }
  std::string_view name = argv[1];
  if (name == "help" || name == "--help" || name == "-h") return help();
  for (const auto& c : kCommands)
    if (name == c.name) return c.run(argc - 1, argv + 1);
  std::fprintf(stderr, "kiosk: unknown command '%s' (see 'kiosk help')\n", argv[1]);
  return 2;
}
