// Field knowledge and check-digit repair in resolve_mrz, on hand-made glyph scores.
#include "devices/id/mrz_resolver.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "devices/id/ocrb_glyphs.hpp"
#include "flows/identity/mrz.hpp"

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

// A TD3 passport of `state`, document number N56324301, personal number `personal`.
std::vector<std::string> passport(const std::string& state, const std::string& personal) {
  kiosk::flows::identity::MrzFields f{
      MrzFormat::TD3, "P<",     state, "N56324301", personal,  "",
      state,          "880620", 'F',   "310101",    "ABENOVA", "AIGERIM"};
  auto lines = kiosk::flows::identity::compose_mrz(f);
  REQUIRE(lines.has_value());
  return *lines;
}

// The letter twin of each digit at `positions` of line 2 scores a little above the digit.
void twins(std::vector<GlyphScores>& s, const std::vector<std::string>& lines,
           const std::vector<std::pair<int, char>>& positions) {
  for (auto [col, letter] : positions) {
    const int pos = 44 + col;
    set(s, pos, letter, 0.91f);
    set(s, pos, lines[1][static_cast<std::size_t>(col)], 0.90f);
  }
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

TEST_CASE("NS63Z43O1 for N56324301: check digit passes both ways, so the read is not confident") {
  // Issue 14: three near-tied letter twins whose swaps cancel modulo 10; an alphanumeric field
  // (no issuer pattern for RUS), so the classes cannot settle them.
  auto truth = passport("RUS", "");
  auto s = clear_scores(truth);
  twins(s, truth, {{1, 'S'}, {4, 'Z'}, {7, 'O'}});
  auto r = resolve_mrz(MrzFormat::TD3, s);
  CHECK(r.lines[1].substr(0, 9) == "NS63Z43O1");
  CHECK_FALSE(r.confident);
  CHECK(r.doubtful == std::vector<int>{45, 48, 51});
}

TEST_CASE("one letter/digit decision in a field is settled by its check digit") {
  auto truth = passport("RUS", "");
  auto s = clear_scores(truth);
  twins(s, truth, {{7, 'O'}});
  auto r = resolve_mrz(MrzFormat::TD3, s);
  CHECK(r.lines == truth);
  CHECK(r.confident);
  CHECK(r.repairs == 1);
  CHECK(r.repaired == std::vector<int>{51});
}

TEST_CASE("a Kazakh passport's number and IIN take digits: N56324301, 880620484723") {
  auto truth = passport("KAZ", "880620484723");
  auto s = clear_scores(truth);
  twins(s, truth, {{1, 'S'}, {4, 'Z'}, {7, 'O'}, {28 + 2, 'Q'}, {28 + 5, 'O'}});
  auto r = resolve_mrz(MrzFormat::TD3, s);
  CHECK(r.lines == truth);
  CHECK(r.confident);
  CHECK(r.repairs == 0);
}

TEST_CASE("a digit forced where the glyph is clearly a letter is not confident") {
  auto s = clear_scores(kKaz);
  set(s, 30 + 1, 'O', 0.95f);
  set(s, 30 + 1, '0', 0.5f);  // the class picks '0', far from what was seen
  auto r = resolve_mrz(MrzFormat::TD1, s);
  CHECK(r.lines[1][1] == '0');
  CHECK_FALSE(r.confident);
  CHECK(r.doubtful == std::vector<int>{31});
}
