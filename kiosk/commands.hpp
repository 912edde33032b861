// The kiosk's subcommands. Each lives in its own cmd_*.cpp; main.cpp lists them.
#pragma once

namespace kiosk::app {

int cmd_run(int argc, char** argv);               // kiosk run --config FILE | --sim [--scenario F]
int cmd_check_config(int argc, char** argv);      // kiosk check-config FILE
int cmd_exchange_sim(int argc, char** argv);      // kiosk exchange-sim --port N
int cmd_parse_wallet(int argc, char** argv);      // kiosk parse-wallet --asset A/N TEXT
int cmd_decode_qr(int argc, char** argv);         // kiosk decode-qr IMAGE...
int cmd_read_mrz(int argc, char** argv);          // kiosk read-mrz IMAGE...
int cmd_verify_journal(int argc, char** argv);    // kiosk verify-journal DB
int cmd_export_journal(int argc, char** argv);    // kiosk export-journal DB --from SEQ --to SEQ
int cmd_plan_dispense(int argc, char** argv);     // kiosk plan-dispense --cassettes .. --amount N
int cmd_devices(int argc, char** argv);           // kiosk devices [--config FILE]
int cmd_refill_cassettes(int argc, char** argv);  // kiosk refill-cassettes DB --cassettes ..
int cmd_simulate(int argc, char** argv);          // kiosk simulate --seed N --sessions M
int cmd_operator(int argc, char** argv);          // kiosk operator keygen | sign | badge
int cmd_operator_badge(int argc, char** argv);    // kiosk operator badge --key F ...
int cmd_ctl(int argc, char** argv);               // kiosk ctl [--json] status | devices | ...

}  // namespace kiosk::app
