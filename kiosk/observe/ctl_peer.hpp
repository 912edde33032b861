// Who may talk to the kiosk over the `kiosk ctl` socket. The socket file is mode 0660 in the
// kiosk's group, and on top the server checks every peer's credentials (SO_PEERCRED for uid and
// gid, SO_PEERGROUPS for the supplementary groups): root, the kiosk's own user, or a member of the
// kiosk's group. Everyone else is refused. Pure.
#pragma once

#include <sys/types.h>

#include <vector>

namespace kiosk::app {

struct PeerIdentity {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary
};

bool ctl_peer_allowed(const PeerIdentity& peer, uid_t kiosk_uid, gid_t kiosk_gid);

}  // namespace kiosk::app
