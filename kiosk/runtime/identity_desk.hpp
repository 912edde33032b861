// The identification desk behind the identification screens of both flows (cash-in before the
// first note, cash-out before the amount): everything that
// touches a camera, a key or the exchange for the compliance gate, wired on the io_context.
//
//   scan_document screen -> IdScanner (MRZ + face on the document) -> DocumentChecked to the flow
//   selfie screen        -> SelfieScanner (exactly one face)       -> SelfieChecked to the flow
//   LookUpCustomer       -> pseudonym, blocked list (synced, sealed), usage (exchange, with a
//                           timeout, plus this kiosk's unacknowledged purchases) ->
//                           CustomerStanding
//   SubmitKyc            -> KycVault (sealed at rest, own sender; images gone once acknowledged)
//
// Images and MRZ fields are held in memory for the one session on screen and dropped when the
// flow leaves it; they reach disk only sealed in the vault. Nothing personal is logged: people
// appear in logs by masked key or pseudonym.
#pragma once

#include <boost/asio/io_context.hpp>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flows/compliance/kyc_gate.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/shell/shell_clock.hpp"

namespace kiosk::devices {
class FrameSource;
}
namespace kiosk::oq {
class ExchangeClient;
class Store;
}  // namespace kiosk::oq

namespace kiosk::app {

// Which camera the active flow's screen needs.
enum class CameraUse { None, Document, Selfie };

struct IdentityDeskPorts {
  // To the active flow, on the io thread: DocumentChecked or SelfieChecked.
  std::function<void(const flows::compliance::IdentificationEvent&)> to_flow;
  std::function<void(const std::string& guidance)> guidance;     // "move_closer", ...; "" = none
  std::function<void(std::vector<unsigned char> jpeg)> preview;  // from a camera thread
};

class IdentityDesk {
 public:
  static std::expected<std::unique_ptr<IdentityDesk>, std::string> create(
      boost::asio::io_context& io, const KioskConfig& config, devices::FrameSource& camera,
      oq::Store& store, oq::ExchangeClient& client, ShellClock clock, IdentityDeskPorts ports);
  ~IdentityDesk();

  void start();  // blocked-list sync, KYC delivery, retention purge
  void stop();
  // Follows the active flow's screen: runs the document or the selfie camera, drops a finished
  // session's data.
  void follow(CameraUse use, const std::string& tx_id);
  bool camera_on() const;  // a document or selfie camera runs (its preview may be shown)
  void look_up(const flows::compliance::CustomerIdentity& who,
               std::function<void(flows::compliance::CustomerStanding)> answer);
  void submit(const flows::compliance::SubmitKyc& k);

  void refresh_blocked_list();  // fetch now (the sim console changed it)
  std::int64_t blocked_list_version() const;
  std::int64_t kyc_pending() const;  // submissions not yet acknowledged by the exchange
  // The pseudonym of a person (scenarios and the sim console use it to set usage).
  std::string pseudonym(const flows::compliance::CustomerIdentity& who) const;

 private:
  struct Impl;
  explicit IdentityDesk(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::app
