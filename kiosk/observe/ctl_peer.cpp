#include "kiosk/observe/ctl_peer.hpp"

#include <algorithm>

namespace kiosk::app {

bool ctl_peer_allowed(const PeerIdentity& peer, uid_t kiosk_uid, gid_t kiosk_gid) {
  if (peer.uid == 0 || peer.uid == kiosk_uid) return true;
  if (peer.gid == kiosk_gid) return true;
  return std::find(peer.groups.begin(), peer.groups.end(), kiosk_gid) != peer.groups.end();
}

}  // namespace kiosk::app
