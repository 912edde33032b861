#include "kiosk/observe/ctl_peer.hpp"

#include <doctest/doctest.h>

using namespace kiosk::app;

TEST_CASE("the ctl socket serves root, the kiosk's user and the kiosk's group only") {
  const uid_t kiosk_uid = 998;
  const gid_t kiosk_gid = 997;
  CHECK(ctl_peer_allowed({0, 0, {}}, kiosk_uid, kiosk_gid));               // root
  CHECK(ctl_peer_allowed({998, 100, {}}, kiosk_uid, kiosk_gid));           // the kiosk itself
  CHECK(ctl_peer_allowed({1000, 997, {}}, kiosk_uid, kiosk_gid));          // primary group kiosk
  CHECK(ctl_peer_allowed({1000, 1000, {27, 997}}, kiosk_uid, kiosk_gid));  // a technician in it
  CHECK_FALSE(ctl_peer_allowed({1000, 1000, {27, 100}}, kiosk_uid, kiosk_gid));
  CHECK_FALSE(ctl_peer_allowed({65534, 65534, {}}, kiosk_uid, kiosk_gid));  // nobody
  // A kiosk run as root (CI): its group is root's; nobody is still refused.
  CHECK_FALSE(ctl_peer_allowed({65534, 65534, {}}, 0, 0));
  CHECK(ctl_peer_allowed({1000, 1000, {0}}, 0, 0));
}
