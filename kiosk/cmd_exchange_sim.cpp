// `kiosk exchange-sim --port N [--kiosk-id ID --secret-file F] [--seed S] [--bind ADDR]
// [--command-key PEM]`: runs the exchange simulator standalone until SIGINT / SIGTERM. Prints the
// url it listens on as the first line on stdout (for scripts). Without --kiosk-id / --secret-file
// it accepts the simulator's default kiosk "sim-kiosk" with the secret "sim-secret" (simulator
// only).
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/system/system_error.hpp>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>

#include "kiosk/source_tree.hpp"
#include "offline_queue/key_file.hpp"
#include "sim/exchange/exchange_sim.hpp"

namespace kiosk::app {

int cmd_exchange_sim(int argc, char** argv);

namespace {

int usage(const std::string& why) {
  std::fprintf(stderr,
               "kiosk exchange-sim: %s\n"
               "usage: kiosk exchange-sim --port N [--kiosk-id ID --secret-file FILE] "
               "[--seed S] [--bind ADDR] [--command-key PEM]\n",
               why.c_str());
  return 2;
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

int cmd_exchange_sim(int argc, char** argv) {
  sim::ExchangeSimConfig config;
  std::string kiosk_id = "sim-kiosk", secret_file;
  std::string command_key_file = sim_config_dir() + "/sim-operator-command.key";
  bool have_port = false;
  int i = 1;
  if (i < argc && std::string_view(argv[i]) == "exchange-sim") ++i;  // tolerate the verb
  for (; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) return usage("missing value after " + std::string(flag));
    std::string_view value = argv[++i];
    if (flag == "--port") {
      if (!parse_number(value, config.port)) return usage("--port wants 0..65535");
      have_port = true;
    } else if (flag == "--kiosk-id") {
      kiosk_id = value;
    } else if (flag == "--secret-file") {
      secret_file = value;
    } else if (flag == "--seed") {
      if (!parse_number(value, config.seed)) return usage("--seed wants a number");
    } else if (flag == "--command-key") {
      command_key_file = value;
    } else if (flag == "--bind") {
      config.bind_address = value;
    } else {
      return usage("unknown option " + std::string(flag));
    }
  }
  if (!have_port) return usage("--port is required (0 picks a free port)");

  std::string secret = "sim-secret";
  if (!secret_file.empty()) {
    auto read = oq::read_key_file(secret_file);
    if (!read) return usage("the secret file " + read.error());
    secret = *read;
  }
  config.kiosks[kiosk_id] = secret;
  auto command_key = oq::Ed25519PrivateKey::from_pem_file(command_key_file);
  if (!command_key) return usage("the operator command key " + command_key.error());
  config.command_key = std::move(*command_key);

  boost::asio::io_context io;
  try {
    sim::ExchangeSim exchange(io, config);
    std::printf("%s\n", exchange.url().c_str());
    std::fflush(stdout);
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      exchange.stop();
      io.stop();
    });
    io.run();
  } catch (const boost::system::system_error& e) {
    std::fprintf(stderr, "kiosk exchange-sim: cannot listen on %s:%u: %s\n",
                 config.bind_address.c_str(), static_cast<unsigned>(config.port), e.what());
    return 1;
  }
  return 0;
}

}  // namespace kiosk::app
