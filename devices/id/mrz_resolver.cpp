#include "devices/id/mrz_resolver.hpp"

#include <algorithm>

#include "devices/id/ocrb_glyphs.hpp"
#include "flows/identity/check_digit.hpp"

namespace kiosk::devices::id {
namespace {

using flows::identity::CharClass;
using flows::identity::CheckedField;
using flows::identity::MrzFormat;

struct Choice {
  char c;
  float score;
};

// Allowed characters for a position, best first.
std::vector<Choice> ranked(const GlyphScores& s, CharClass cls) {
  std::vector<Choice> out;
  for (std::size_t i = 0; i < kMrzAlphabet.size(); ++i)
    if (flows::identity::char_allowed(cls, kMrzAlphabet[i])) out.push_back({kMrzAlphabet[i], s[i]});
  std::sort(out.begin(), out.end(),
            [](const Choice& a, const Choice& b) { return a.score > b.score; });
  return out;
}

bool field_passes(const std::string& text, const CheckedField& f) {
  std::string covered;
  for (auto [from, to] : f.covered)
    covered += text.substr(static_cast<std::size_t>(from), static_cast<std::size_t>(to - from));
  auto c = flows::identity::mrz_check_digit(covered);
  char d = text[static_cast<std::size_t>(f.digit)];
  if (!c) return false;
  if (d == static_cast<char>('0' + *c)) return true;
  // TD3 personal number: the check digit may be '<' when the field is all filler.
  return f.name == "optional_data" && d == '<' &&
         std::all_of(covered.begin(), covered.end(), [](char ch) { return ch == '<'; });
}

std::vector<int> positions_of(const CheckedField& f) {
  std::vector<int> v;
  for (auto [from, to] : f.covered)
    for (int i = from; i < to; ++i) v.push_back(i);
  v.push_back(f.digit);
  return v;
}

}  // namespace

ResolvedMrz resolve_mrz(MrzFormat format, const std::vector<GlyphScores>& scores,
                        const ResolverOptions& options) {
  ResolvedMrz out;
  const auto shape = flows::identity::mrz_shape(format);
  const std::size_t n = static_cast<std::size_t>(shape.lines * shape.length);
  if (scores.size() != n) return out;

  // First pass with the generic classes, to read the issuing state; then the classes for it.
  auto classes = flows::identity::mrz_char_classes(format);
  std::string text(n, '<');
  auto pick = [&](const std::vector<CharClass>& cls) {
    std::vector<std::vector<Choice>> choices(n);
    for (std::size_t i = 0; i < n; ++i) {
      choices[i] = ranked(scores[i], cls[i]);
      text[i] = choices[i].front().c;
    }
    return choices;
  };
  auto choices = pick(classes);
  std::string state = text.substr(format == MrzFormat::TD1 ? 2 : 2, 3);
  classes = flows::identity::mrz_char_classes(format, state);
  choices = pick(classes);

  out.margin.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    out.margin[i] = choices[i].size() > 1 ? choices[i][0].score - choices[i][1].score : 1.0f;

  const auto fields = flows::identity::mrz_checked_fields(format);
  std::vector<bool> covered(n, false);
  std::vector<bool> undecided(n, false);  // a checked field that its check digit cannot vouch for
  auto passes_keeping_others = [&](const std::string& trial, const CheckedField& f) {
    if (!field_passes(trial, f)) return false;
    // A repair must not break a check that already passes.
    for (const auto& g : fields)
      if (&g != &f && field_passes(text, g) && !field_passes(trial, g)) return false;
    return true;
  };
  for (const auto& f : fields) {
    // The positions this check decides: the composite only those no other check covers.
    std::vector<int> own;
    for (int p : positions_of(f))
      if (!covered[static_cast<std::size_t>(p)]) own.push_back(p);
    for (int p : own) covered[static_cast<std::size_t>(p)] = true;
    // Positions whose best character is not a clear winner: each is a decision, and one check
    // digit can vouch for one decision only (three O/0, S/5, Z/2 swaps can cancel modulo 10).
    std::vector<int> open;
    for (int p : own)
      if (out.margin[static_cast<std::size_t>(p)] < options.decision_margin) open.push_back(p);
    if (open.size() >= 2) {
      for (int p : open) undecided[static_cast<std::size_t>(p)] = true;
      continue;
    }
    if (open.size() == 1) {
      const int p = open.front();
      const auto& ch = choices[static_cast<std::size_t>(p)];
      std::vector<char> passing;
      for (const auto& c : ch) {
        if (ch[0].score - c.score > options.near_tie) break;
        std::string trial = text;
        trial[static_cast<std::size_t>(p)] = c.c;
        if (c.c == ch[0].c ? field_passes(trial, f) : passes_keeping_others(trial, f))
          passing.push_back(c.c);
      }
      if (passing.size() == 1) {
        if (passing.front() != ch[0].c) {
          ++out.repairs;
          out.repaired.push_back(p);
        }
        text[static_cast<std::size_t>(p)] = passing.front();
      } else if (passing.size() > 1) {
        undecided[static_cast<std::size_t>(p)] = true;
      }
      continue;
    }
    if (field_passes(text, f)) continue;
    struct Fix {
      int pos;
      char c;
      float loss;
    };
    std::vector<Fix> fixes;
    for (int p : own) {
      const auto& ch = choices[static_cast<std::size_t>(p)];
      for (std::size_t k = 1; k < ch.size(); ++k) {
        if (ch[0].score - ch[k].score > options.near_tie) break;
        std::string trial = text;
        trial[static_cast<std::size_t>(p)] = ch[k].c;
        if (passes_keeping_others(trial, f))
          fixes.push_back({p, ch[k].c, ch[0].score - ch[k].score});
      }
    }
    // The cheapest swap, when it is unique or clearly cheaper than the next one.
    std::sort(fixes.begin(), fixes.end(),
              [](const Fix& a, const Fix& b) { return a.loss < b.loss; });
    if (fixes.size() == 1 ||
        (fixes.size() > 1 && fixes[1].loss - fixes[0].loss >= options.clear_repair)) {
      text[static_cast<std::size_t>(fixes[0].pos)] = fixes[0].c;
      ++out.repairs;
      out.repaired.push_back(fixes[0].pos);
    }
  }

  out.confident = true;
  for (std::size_t i = 0; i < n; ++i) {
    // The field's class chose a character the glyph scores do not hold close to the best of
    // all 37 (a '0' forced where only an 'O' is seen): a substitution, not a reading.
    const float raw_best = *std::max_element(scores[i].begin(), scores[i].end());
    bool doubtful = undecided[i] || raw_best - choices[i][0].score > options.near_tie;
    if (!covered[i])
      doubtful =
          doubtful || choices[i][0].score < options.min_score || out.margin[i] < options.min_margin;
    if (doubtful) {
      out.confident = false;
      out.doubtful.push_back(static_cast<int>(i));
    }
  }
  for (int r = 0; r < shape.lines; ++r)
    out.lines.push_back(text.substr(static_cast<std::size_t>(r * shape.length),
                                    static_cast<std::size_t>(shape.length)));
  return out;
}

}  // namespace kiosk::devices::id
