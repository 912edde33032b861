// `kiosk operator badge --key FILE --technician ID --kiosks ID[,ID..]|* --permissions P[,P..]
// [--hours H] [--pin-stdin] [--svg FILE]`: a technician badge (offline_queue/technician_badge.hpp)
// signed with the operator's key: the QR payload on one line, and with --svg the QR as an SVG to
// print. --pin-stdin reads a 4-8 digit PIN from standard input and puts its scrypt hash (a fresh
// random salt) in the badge; the PIN itself is written nowhere.
#include <openssl/rand.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "kiosk/commands.hpp"
#include "kiosk/maintenance/badge_pin.hpp"
#include "kiosk/shell/qr_svg.hpp"
#include "offline_queue/technician_badge.hpp"

namespace kiosk::app {
namespace {

int usage(const std::string& why) {
  std::fprintf(stderr,
               "kiosk operator badge: %s\n"
               "usage: kiosk operator badge --key FILE --technician ID --kiosks ID[,ID..]|*\n"
               "                            --permissions refill,collect,diagnostics,config\n"
               "                            [--hours H] [--pin-stdin] [--svg FILE]\n",
               why.c_str());
  return 2;
}

std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  std::stringstream in{std::string(s)};
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

int cmd_operator_badge(int argc, char** argv) {
  std::string key_file, svg_file;
  oq::TechnicianBadge b;
  std::int64_t hours = 12;
  bool pin_stdin = false;
  for (int i = 2; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--pin-stdin") {
      pin_stdin = true;
      continue;
    }
    if (i + 1 >= argc) return usage("missing value after " + std::string(a));
    std::string_view v = argv[++i];
    if (a == "--key") {
      key_file = v;
    } else if (a == "--technician") {
      b.technician = v;
    } else if (a == "--kiosks") {
      b.kiosks = split(v);
    } else if (a == "--permissions") {
      for (const auto& p : split(v)) {
        auto perm = oq::badge_permission_from(p);
        if (!perm) return usage("unknown permission " + p);
        b.permissions.push_back(*perm);
      }
    } else if (a == "--hours") {
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), hours);
      if (ec != std::errc() || p != v.data() + v.size() || hours < 1 || hours > 24 * 31)
        return usage("--hours wants 1 to 744");
    } else if (a == "--svg") {
      svg_file = v;
    } else {
      return usage("unknown option " + std::string(a));
    }
  }
  if (key_file.empty() || b.technician.empty() || b.kiosks.empty() || b.permissions.empty())
    return usage("--key, --technician, --kiosks and --permissions are required");
  auto key = oq::Ed25519PrivateKey::from_pem_file(key_file);
  if (!key) return usage(key.error());
  if (pin_stdin) {
    std::string pin;
    std::getline(std::cin, pin);
    std::string salt(16, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), 16) != 1)
      return usage("no random salt");
    auto h = hash_pin(pin, salt);
    if (!h) return usage(h.error());
    b.pin = *h;
  }
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  b.issued_at = now;
  b.expires_at = now + hours * 3600;
  b.id = "badge-" + b.technician + "-" + std::to_string(now);
  const std::string payload = oq::sign_badge(b, *key);
  // Checked as a kiosk would (any kiosk it names), so a bad badge is never printed.
  auto pub = key->public_key();
  auto v = oq::verify_badge(payload,
                            {&pub, b.kiosks.front() == "*" ? "any" : b.kiosks.front(), now, 300});
  if (!v.ok()) return usage("the badge does not verify: " + v.detail);
  if (!svg_file.empty()) {
    auto svg = qr_svg(payload);
    if (!svg) return usage("QR: " + svg.error());
    std::ofstream(svg_file) << *svg;
  }
  std::printf("%s\n", payload.c_str());
  return 0;
}

}  // namespace kiosk::app
