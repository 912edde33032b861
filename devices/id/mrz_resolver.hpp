// From glyph scores to MRZ text, using what the layout knows (ICAO 9303): each position takes the
// best-scoring character its field allows (digits in dates and check digits, letters in codes
// and names, M/F/< for sex, an issuer's number patterns), and that character must be among the
// glyph's close alternatives. In each checked field a character that is not a clear winner is a
// decision: one such decision is settled by the check digit only when exactly one of its close
// alternatives passes; two or more make the reading not `confident` (three O/0, S/5, Z/2 swaps
// can cancel modulo 10). A failing check with no open decision is repaired by one near-tied
// swap when that swap is the only one or clearly the cheapest, so no field is ever repaired
// twice. Characters no check digit covers (names, states, sex) must be clear winners. A misread
// therefore shows up as a failed check or low confidence, never as a passing document. Pure.
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
  // A checked character leading by less is a decision its check digit must make; a field with
  // two or more such decisions is not confident (one check digit vouches for one decision).
  float decision_margin = 0.04f;
};

struct ResolvedMrz {
  std::vector<std::string> lines;
  std::vector<float> margin;  // per position (row-major): best - second best allowed
  int repairs = 0;            // characters changed to satisfy a check digit (<= 1 per field)
  std::vector<int> repaired;  // their positions (row-major)
  bool confident = false;     // every character outside the checks is a clear winner
  std::vector<int> doubtful;  // positions (row-major) that made it not confident
};

ResolvedMrz resolve_mrz(flows::identity::MrzFormat format, const std::vector<GlyphScores>& scores,
                        const ResolverOptions& options = {});

}  // namespace kiosk::devices::id
