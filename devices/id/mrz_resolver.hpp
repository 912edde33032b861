// From glyph scores to MRZ text, using what the layout knows (ICAO 9303): each position takes the
// best-scoring character its field allows (digits in dates and check digits, letters in codes
// and names, M/F/< for sex), then a check digit that fails is repaired only by swapping in a
// near-tied alternative when one such swap makes that check pass without breaking a passing
// one, and every other such swap costs clearly more score. Characters no check digit covers (names,
// states, sex) must be clear winners, or the reading is not `confident`. So a misread shows up as a
// failed check or low confidence, never as a passing document. Pure.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "flows/identity/mrz_layout.hpp"

namespace kiosk::devices::id {

using GlyphScores = std::array<float, 37>;  // per kMrzAlphabet character, higher is better

struct ResolverOptions {
  float near_tie = 0.12f;      // alternatives within this of the best are tried for repairs
  float clear_repair = 0.04f;  // several swaps pass: the cheapest must be this much cheaper
  float min_score = 0.45f;     // an unchecked character needs at least this score
  float min_margin = 0.06f;    // ... and this lead over the next allowed character
};

struct ResolvedMrz {
  std::vector<std::string> lines;
  std::vector<float> margin;  // per position (row-major): best - second best allowed
  int repairs = 0;            // characters changed to satisfy a check digit
  bool confident = false;     // every character outside the checks is a clear winner
  std::vector<int> doubtful;  // positions (row-major) that made it not confident
};

ResolvedMrz resolve_mrz(flows::identity::MrzFormat format, const std::vector<GlyphScores>& scores,
                        const ResolverOptions& options = {});

}  // namespace kiosk::devices::id
