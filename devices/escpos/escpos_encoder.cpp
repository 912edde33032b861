// render_receipt: the receipt layout for one paper width (see escpos_encoder.hpp).
#include "devices/escpos/escpos_encoder.hpp"

#include <algorithm>
#include <string_view>

#include "devices/escpos/cp866_text.hpp"

namespace kiosk::devices {

namespace {

using escpos::Align;
using flows::ReceiptLine;

class JobWriter {
 public:
  JobWriter(const EscPosProfile& profile) : profile_(profile), text_(profile) {
    columns_ = std::max(profile.columns, 2);
  }

  void add(const Bytes& b) { out_.insert(out_.end(), b.begin(), b.end()); }

  void line(const Bytes& text) {
    add(text);
    out_.push_back(escpos::kLf);
  }

  // Model text that may hold several paragraphs ('\n'), each wrapped to `width`.
  void paragraphs(std::string_view utf8, int width) {
    while (true) {
      const std::size_t nl = utf8.find('\n');
      const std::string_view para = utf8.substr(0, nl);
      const auto lines = escpos::wrap_text(text_.encode(para), width);
      if (lines.empty()) line({});  // keep an intended blank line
      for (const Bytes& l : lines) line(l);
      if (nl == std::string_view::npos) break;
      utf8.remove_prefix(nl + 1);
    }
  }

  void header(const flows::Receipt& r) {
    add(escpos::align(Align::Centre));
    if (!r.operator_name.empty()) {
      add(escpos::bold(true));
      paragraphs(r.operator_name, columns_);
      add(escpos::bold(false));
    }
    for (const std::string& info : r.operator_info) paragraphs(info, columns_);
    if (!r.title.empty()) {
      if (!r.operator_name.empty() || !r.operator_info.empty()) line({});
      big_bold(r.title);
    }
    add(escpos::align(Align::Left));
    rule();
  }

  void body_line(const ReceiptLine& l) {
    switch (l.style) {
      case ReceiptLine::Style::Title:
        add(escpos::align(Align::Centre));
        big_bold(l.label.empty() ? l.value : l.label + " " + l.value);
        add(escpos::align(Align::Left));
        return;
      case ReceiptLine::Style::Bold:
        add(escpos::bold(true));
        label_value(l.label, l.value);
        add(escpos::bold(false));
        return;
      case ReceiptLine::Style::Normal:
      case ReceiptLine::Style::Small:  // printed in font A too: font B widths vary by model
        label_value(l.label, l.value);
        return;
    }
  }

  void qr(const std::string& payload) {
    const ByteView data(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size());
    auto store = escpos::qr_store(data);
    if (!store || payload.size() > escpos::qr_capacity(profile_.qr_error_correction)) {
      // Too long for a QR symbol: print it as text, cut into full lines, rather than lose it.
      const Bytes all = text_.encode(payload);
      const std::size_t cols = static_cast<std::size_t>(columns_);
      for (std::size_t at = 0; at < all.size(); at += cols) {
        line(Bytes(all.begin() + static_cast<std::ptrdiff_t>(at),
                   all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), at + cols))));
      }
      return;
    }
    line({});
    add(escpos::align(Align::Centre));
    add(escpos::qr_model(2));
    add(escpos::qr_module_size(profile_.qr_module_size));
    add(escpos::qr_error_correction(profile_.qr_error_correction));
    add(*store);
    add(escpos::qr_print());
    line({});
    add(escpos::align(Align::Left));
  }

  void footer(const std::vector<std::string>& lines) {
    rule();
    add(escpos::align(Align::Centre));
    for (const std::string& f : lines) paragraphs(f, columns_);
    add(escpos::align(Align::Left));
  }

  Bytes take() { return std::move(out_); }

 private:
  void rule() { line(Bytes(static_cast<std::size_t>(columns_), '-')); }

  void big_bold(const std::string& text) {
    add(escpos::char_size(2, 2));
    add(escpos::bold(true));
    paragraphs(text, columns_ / 2);
    add(escpos::bold(false));
    add(escpos::char_size(1, 1));
  }

  // "label      value" on one line when both fit, else the label's lines followed by the value's
  // lines, each right-aligned.
  void label_value(const std::string& label, const std::string& value) {
    if (label.empty()) {
      paragraphs(value, columns_);
      return;
    }
    const Bytes l = text_.encode(label);
    const Bytes v = text_.encode(value);
    const std::size_t cols = static_cast<std::size_t>(columns_);
    if (l.size() + 1 + v.size() <= cols) {
      Bytes one = l;
      if (!v.empty()) one.resize(cols - v.size(), ' ');
      one.insert(one.end(), v.begin(), v.end());
      line(one);
      return;
    }
    for (const Bytes& part : escpos::wrap_text(l, columns_)) line(part);
    for (const Bytes& part : escpos::wrap_text(v, columns_)) {
      Bytes right(cols - part.size(), ' ');
      right.insert(right.end(), part.begin(), part.end());
      line(right);
    }
  }

  const EscPosProfile& profile_;
  Cp866Text text_;
  int columns_;
  Bytes out_;
};

}  // namespace

Bytes render_receipt(const flows::Receipt& receipt, const EscPosProfile& profile) {
  JobWriter job(profile);
  job.add(escpos::init());
  job.add(escpos::select_code_page(profile.code_page));
  job.header(receipt);
  for (const ReceiptLine& l : receipt.lines) job.body_line(l);
  if (!receipt.qr_payload.empty()) job.qr(receipt.qr_payload);
  if (!receipt.footer.empty()) job.footer(receipt.footer);
  job.add(escpos::cut(profile.cut, profile.cut_feed));
  return job.take();
}

}  // namespace kiosk::devices
