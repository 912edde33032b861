#include "kiosk/runtime/identity_desk.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "devices/face/face_detector.hpp"
#include "devices/face/selfie_scanner.hpp"
#include "devices/id/id_scanner.hpp"
#include "flows/compliance/document_identity.hpp"
#include "kiosk/config/key_files.hpp"
#include "kiosk/log.hpp"
#include "kiosk/shell/cash_in_shell.hpp"
#include "kiosk/shell/person_usage.hpp"
#include "offline_queue/blocked_list_pump.hpp"
#include "offline_queue/blocked_list_sync.hpp"
#include "offline_queue/kyc_pump.hpp"
#include "offline_queue/kyc_vault.hpp"
#include "offline_queue/usage_client.hpp"

namespace kiosk::app {

namespace cp = flows::compliance;

namespace {

// What the exchange gets about the person, from the MRZ that identified them.
oq::KycIdentity kyc_identity(const cp::CustomerIdentity& who, const flows::identity::MrzRecord& r) {
  oq::KycIdentity k;
  k.kind = who.kind == cp::CustomerIdentity::Kind::Resident ? oq::KycIdentity::Kind::Resident
                                                            : oq::KycIdentity::Kind::Foreign;
  k.key = who.key;
  k.name = who.name;
  k.birth_date = who.birth_date;
  k.sex = (r.sex == 'M' || r.sex == 'F') ? std::string(1, r.sex) : "X";
  k.nationality = r.nationality;
  k.document.type = r.document_code.starts_with("P") ? "passport" : "id_card";
  k.document.number = r.document_number;
  k.document.issuing_state = r.issuing_state;
  k.document.expiry = cp::iso_date(r.expiry_date);
  return k;
}

}  // namespace

struct IdentityDesk::Impl {
  boost::asio::io_context& io;
  const KioskConfig& config;
  oq::Store& store;
  ShellClock clock;
  IdentityDeskPorts ports;
  std::string pseudonym_key;
  std::unique_ptr<devices::id::MrzReader> reader;
  std::unique_ptr<devices::face::FaceDetector> faces;
  std::unique_ptr<devices::id::IdScanner> id_scanner;
  std::unique_ptr<devices::face::SelfieScanner> selfie_scanner;
  std::unique_ptr<oq::KycVault> vault;
  std::unique_ptr<oq::KycPump> kyc_pump;
  std::unique_ptr<oq::BlockedListSync> blocked;
  std::unique_ptr<oq::BlockedListPump> blocked_pump;
  std::unique_ptr<oq::UsageClient> usage;
  boost::asio::steady_timer purge_timer;
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);

  // The session on screen: what the document and the selfie gave (personal data, memory only).
  std::string tx_id;
  std::optional<flows::identity::MrzRecord> record;
  std::string document_jpeg;
  std::optional<std::string> selfie_jpeg;

  Impl(boost::asio::io_context& io_, const KioskConfig& c, oq::Store& s, ShellClock clk,
       IdentityDeskPorts p)
      : io(io_),
        config(c),
        store(s),
        clock(std::move(clk)),
        ports(std::move(p)),
        purge_timer(io_) {}

  // Runs `f` on the io thread unless the desk is gone by then.
  void post(std::function<void()> f) {
    boost::asio::post(io, [alive = std::weak_ptr<bool>(alive), f = std::move(f)] {
      if (alive.lock()) f();
    });
  }

  void on_capture(const devices::id::IdCapture& c) {
    if (!c.reading.record) return;
    std::vector<unsigned char> jpeg;
    cv::imencode(".jpg", c.document, jpeg, {cv::IMWRITE_JPEG_QUALITY, 85});
    post([this, record = *c.reading.record, jpeg = std::string(jpeg.begin(), jpeg.end())] {
      auto who = cp::identity_from_document(record);
      if (!who) {
        log_event(LogLevel::Info, "kyc.document_refused", {{"reason", who.error()}});
        id_scanner->reset();  // the customer may show another document
        ports.to_flow(cp::DocumentChecked{std::nullopt, who.error()});
        return;
      }
      this->record = record;
      document_jpeg = jpeg;
      log_event(LogLevel::Info, "kyc.document_read",
                {{"person", cp::mask_identity_key(who->key)}, {"format", record.document_code}});
      ports.to_flow(cp::DocumentChecked{*who, ""});
    });
  }

  void on_selfie(devices::face::SelfieResult r) {
    post([this, r = std::move(r)] {
      log_event(LogLevel::Info, "kyc.selfie",
                {{"accepted", r.accepted ? "true" : "false"},
                 {"guidance", std::string(to_string(r.guidance))}});
      if (!r.accepted) {
        ports.to_flow(cp::SelfieChecked{false, std::string(to_string(r.guidance))});
        return;
      }
      selfie_jpeg = std::string(r.jpeg.begin(), r.jpeg.end());
      ports.to_flow(cp::SelfieChecked{true, ""});
    });
  }

  void guidance(std::string g) {
    post([this, g = std::move(g)] {
      log_event(LogLevel::Info, "kyc.camera_guidance", {{"value", g}});
      if (ports.guidance) ports.guidance(g);
    });
  }

  void forget_session() {
    tx_id.clear();
    record.reset();
    document_jpeg.clear();
    selfie_jpeg.reset();
  }

  void purge_old() {
    auto retention = std::chrono::hours(24) * config.compliance.image_retention_days;
    auto n = vault->purge(clock.wall_ms(), retention);
    if (n && *n > 0) log_event(LogLevel::Info, "kyc.purged", {{"boxes", std::to_string(*n)}});
    purge_timer.expires_after(std::chrono::hours(1));
    purge_timer.async_wait([this, alive = std::weak_ptr<bool>(alive)](auto ec) {
      if (!ec && alive.lock()) purge_old();
    });
  }
};

IdentityDesk::IdentityDesk(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

IdentityDesk::~IdentityDesk() { stop(); }

std::expected<std::unique_ptr<IdentityDesk>, std::string> IdentityDesk::create(
    boost::asio::io_context& io, const KioskConfig& config, devices::FrameSource& camera,
    oq::Store& store, oq::ExchangeClient& client, ShellClock clock, IdentityDeskPorts ports) {
  const auto& cc = config.compliance;
  auto impl = std::make_unique<Impl>(io, config, store, std::move(clock), std::move(ports));
  auto pk = read_pseudonym_key(config);
  if (!pk) return std::unexpected(pk.error());
  impl->pseudonym_key = *pk;
  auto seal = read_seal_key(config);
  if (!seal) return std::unexpected(seal.error());
  auto reader = devices::id::MrzReader::create();
  if (!reader) return std::unexpected("MRZ reader: " + reader.error());
  impl->reader = std::make_unique<devices::id::MrzReader>(std::move(*reader));
  auto faces = devices::face::FaceDetector::create(cc.face_cascade);
  if (!faces) return std::unexpected("compliance.face_cascade: " + faces.error());
  impl->faces = std::make_unique<devices::face::FaceDetector>(std::move(*faces));

  Impl* d = impl.get();
  devices::id::IdScannerOptions io_opts;
  io_opts.session.combine_frames = cc.document_frames;
  io_opts.session.find_face = [d](const cv::Mat& doc) { return d->faces->find_document_face(doc); };
  impl->id_scanner = std::make_unique<devices::id::IdScanner>(
      camera, *impl->reader, [d](const devices::id::IdCapture& c) { d->on_capture(c); }, io_opts);
  impl->id_scanner->on_guidance(
      [d](devices::id::CaptureGuidance g) { d->guidance(std::string(to_string(g))); });
  impl->selfie_scanner = std::make_unique<devices::face::SelfieScanner>(
      camera, *impl->faces, [d](devices::face::SelfieResult r) { d->on_selfie(std::move(r)); });
  impl->selfie_scanner->on_guidance(
      [d](devices::face::SelfieGuidance g) { d->guidance(std::string(to_string(g))); });
  if (impl->ports.preview) {
    impl->id_scanner->on_preview(impl->ports.preview);
    impl->selfie_scanner->on_preview(impl->ports.preview);
  }

  impl->vault = std::make_unique<oq::KycVault>(store, *seal);
  impl->kyc_pump = std::make_unique<oq::KycPump>(io, *impl->vault, client, impl->clock.wall_ms);
  impl->blocked = std::make_unique<oq::BlockedListSync>(store, *seal);
  if (auto loaded = impl->blocked->load(); !loaded)
    log_event(LogLevel::Warn, "kyc.blocked_list_unreadable", {{"error", loaded.error().what}});
  impl->blocked_pump = std::make_unique<oq::BlockedListPump>(
      io, *impl->blocked, client, std::chrono::seconds(cc.blocked_list_refresh_s));
  impl->usage = std::make_unique<oq::UsageClient>(io, client);
  return std::unique_ptr<IdentityDesk>(new IdentityDesk(std::move(impl)));
}

void IdentityDesk::start() {
  impl_->kyc_pump->start();
  impl_->blocked_pump->start();
  impl_->purge_old();
}

void IdentityDesk::stop() {
  if (!impl_) return;
  impl_->id_scanner->stop();
  impl_->selfie_scanner->stop();
  impl_->kyc_pump->stop();
  impl_->blocked_pump->stop();
  impl_->purge_timer.cancel();
}

void IdentityDesk::follow(CameraUse use, const std::string& tx_id) {
  Impl& d = *impl_;
  if (tx_id != d.tx_id) {
    d.forget_session();
    d.tx_id = tx_id;
  }
  bool document = use == CameraUse::Document, selfie = use == CameraUse::Selfie;
  if (document && !d.id_scanner->running()) {
    d.id_scanner->reset();
    d.id_scanner->start();
  } else if (!document && d.id_scanner->running()) {
    d.id_scanner->stop();
  }
  if (selfie && !d.selfie_scanner->running()) {
    d.selfie_scanner->reset();
    d.selfie_scanner->start();
  } else if (!selfie && d.selfie_scanner->running()) {
    d.selfie_scanner->stop();
  }
  if (!document && !selfie && d.ports.guidance) d.ports.guidance("");
}

bool IdentityDesk::camera_on() const {
  return impl_->id_scanner->running() || impl_->selfie_scanner->running();
}

void IdentityDesk::look_up(const cp::CustomerIdentity& who,
                           std::function<void(cp::CustomerStanding)> answer) {
  Impl& d = *impl_;
  std::int64_t now = d.clock.wall_ms();
  std::string ref = customer_ref(d.pseudonym_key, who);
  bool blocked = d.blocked->list().blocks(who);
  auto local = local_usage(d.store, ref, now, d.config.compliance.utc_offset_minutes);
  if (!local) {  // the kiosk's own records are unreadable: no amount can be vouched for
    log_event(LogLevel::Error, "kyc.local_usage_failed", {{"error", local.error()}});
    return answer(cp::CustomerStanding{
        ref, blocked, cp::Usage{flows::Kzt{1'000'000'000'000}, flows::Kzt{1'000'000'000'000}},
        false});
  }
  d.usage->fetch(
      ref, iso8601_utc(now), std::chrono::milliseconds(d.config.compliance.usage_timeout_ms),
      [ref, blocked, local = *local, answer = std::move(answer)](oq::UsageClient::Result r) {
        std::optional<cp::Usage> exchange;
        auto review = cp::ReviewState::None;
        if (r) {
          exchange = r->usage;
          review = r->review;
        } else {
          log_event(LogLevel::Warn, "kyc.usage_unavailable",
                    {{"person", ref}, {"error", std::string(oq::to_string(r.error().kind))}});
        }
        answer(cp::CustomerStanding{ref, blocked, cp::combine_usage(exchange, local),
                                    exchange.has_value(), review});
      });
}

void IdentityDesk::submit(const cp::SubmitKyc& k) {
  Impl& d = *impl_;
  if (!d.record || d.document_jpeg.empty() || k.tx_id != d.tx_id) {
    log_event(LogLevel::Error, "kyc.nothing_to_submit", {{"tx", k.tx_id}});
    return;
  }
  std::int64_t now = d.clock.wall_ms();
  oq::KycSubmission s;
  s.kyc_id = "kyc-" + k.tx_id + "-" + cp::to_string(k.tier);
  s.tx_id = k.tx_id;
  s.identity = kyc_identity(k.who, *d.record);
  // The consent's own time: the flow's clock at the touch, dated against the wall clock now.
  std::int64_t consent_ms = now;
  if (k.consent_at)
    consent_ms -= std::max<std::int64_t>(0, (d.clock.now() - *k.consent_at).count());
  s.consent = oq::KycConsent{k.consent_version, k.lang, iso8601_utc(consent_ms)};
  s.tier = k.tier;
  s.customer_key = k.customer_ref;
  s.document_jpeg = d.document_jpeg;
  if (k.tier != cp::Tier::Document) s.selfie_jpeg = d.selfie_jpeg;
  s.captured_at = iso8601_utc(now);
  auto id = d.vault->submit(s, now);
  if (!id) {
    log_event(LogLevel::Error, "kyc.submit_failed", {{"tx", k.tx_id}, {"error", id.error().what}});
    return;
  }
  log_event(LogLevel::Info, "kyc.submitted",
            {{"tx", k.tx_id}, {"person", k.customer_ref}, {"tier", cp::to_string(k.tier)}});
  d.kyc_pump->kick();
}

void IdentityDesk::refresh_blocked_list() { impl_->blocked_pump->kick(); }

std::int64_t IdentityDesk::blocked_list_version() const { return impl_->blocked->version(); }

std::int64_t IdentityDesk::kyc_pending() const { return impl_->vault->depth().value_or(-1); }

std::string IdentityDesk::pseudonym(const cp::CustomerIdentity& who) const {
  return customer_ref(impl_->pseudonym_key, who);
}

}  // namespace kiosk::app
