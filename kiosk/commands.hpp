// The kiosk's subcommands. Each lives in its own cmd_*.cpp; main.cpp lists them.
#pragma once

namespace kiosk::app {

int cmd_run(int argc, char** argv);            // kiosk run --config FILE | --sim [--scenario F]
int cmd_check_config(int argc, char** argv);   // kiosk check-config FILE

}  // namespace kiosk::app
