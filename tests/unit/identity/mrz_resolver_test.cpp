// Field knowledge and check-digit repair in resolve_mrz, on hand-made glyph scores.
#include "devices/id/mrz_resolver.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "devices/id/ocrb_glyphs.hpp"

using namespace kiosk::devices::id;
using kiosk::flows::identity::MrzFormat;

namespace {

const std::vector<std::string> kKaz = {"IDKAZ0123456784900101300811<<<",
                                       "9001011M3405156KAZ<<<<<<<<<<<4",
                                       "NURLANULY<<ALIKHAN<<<<<<<<<<<<"};

// Scores that make each true character the clear winner.
std::vector<GlyphScores> clear_scores(const std::vector<std::string>& lines) {
  std::vector<GlyphScores> out;
  for (const auto& l : lines)
    for (char c : l) {
      GlyphScores s;
      s.fill(0.2f);
      s[static_cast<std::size_t>(mrz_alphabet_index(c))] = 0.9f;
      out.push_back(s);
    }
  return out;
}

void set(std::vector<GlyphScores>& s, int pos, char c, float v) {
  s[static_cast<std::size_t>(pos)][static_cast<std::size_t>(mrz_alphabet_index(c))] = v;
}

}  // namespace

TEST_CASE("clear scores resolve to the true MRZ, confident, no repairs") {
  auto r = resolve_mrz(MrzFormat::TD1, clear_scores(kKaz));
  CHECK(r.lines == kKaz);
  CHECK(r.confident);
  CHECK(r.repairs == 0);
}

TEST_CASE("field classes settle O/0 and I/1 in digit fields") {
  auto s = clear_scores(kKaz);
  set(s, 30 + 1, 'O', 0.95f);  // birth date "9001.." second char looks like O
  set(s, 30 + 3, 'I', 0.95f);  // and the fourth like I
  auto r = resolve_mrz(MrzFormat::TD1, s);
  CHECK(r.lines == kKaz);
  CHECK(r.repairs == 0);
}

TEST_CASE("a near-tie misread digit is repaired by its check digit") {
  auto s = clear_scores(kKaz);
  set(s, 30 + 2, '8', 0.92f);  // '0' read as '8' by a small margin
  auto r = resolve_mrz(MrzFormat::TD1, s);
  CHECK(r.lines == kKaz);
  CHECK(r.repairs == 1);
}

TEST_CASE("a clear misread is not repaired: the check stays failed") {
  auto s = clear_scores(kKaz);
  set(s, 30 + 2, '8', 0.95f);
  set(s, 30 + 2, '0', 0.5f);  // far behind: not a near tie
  auto r = resolve_mrz(MrzFormat::TD1, s);
  CHECK(r.lines[1][2] == '8');
  CHECK(r.repairs == 0);
}

TEST_CASE("two different repairs possible: none is made") {
  auto s = clear_scores(kKaz);
  // Document number digit 5 read as 6; alternatives near-tied at two positions both fix it.
  set(s, 5, '6', 0.95f);
  set(s, 5, '0', 0.9f);
  set(s, 6, '7', 0.85f);  // true '1'; '7' here would also satisfy both checks
  auto r = resolve_mrz(MrzFormat::TD1, s);
  CHECK(r.repairs == 0);
  CHECK(r.lines[0].substr(5, 2) == "61");
}

TEST_CASE("an unclear name character makes the reading not confident") {
  auto s = clear_scores(kKaz);
  set(s, 60 + 2, 'B', 0.88f);  // 'R' in NURLANULY nearly tied with B
  auto r = resolve_mrz(MrzFormat::TD1, s);
  CHECK_FALSE(r.confident);
  CHECK(r.doubtful == std::vector<int>{62});
}

TEST_CASE("wrong number of cells gives no lines") {
  auto s = clear_scores(kKaz);
  s.pop_back();
  CHECK(resolve_mrz(MrzFormat::TD1, s).lines.empty());
}
