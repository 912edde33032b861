// The dispense planner: which notes, from which cassettes, pay an amount.
//
// Bounded change-making over the cassettes' real counts. Greedy (largest note first) is wrong for
// some mixes: 5000:10 + 2000:3 cannot pay 6000 greedily (5000 leaves 1000), but 3 x 2000 does. The
// planner is an exact dynamic programme over amounts in units of the denominations' gcd, so it
// finds a mix whenever one exists.
//
// Which mix, when several exist (the order is documented here and checked by brute force in
// tests/unit/cashout/dispense_plan_test.cpp):
//   1. fewest notes in total;
//   2. then keep the scarcer cassettes: rank the cassettes by notes available, fewest first (ties
//      by index), and take lexicographically fewest notes from them in that order. Two cassettes
//      of the same note are drawn from the fuller one first, so they empty evenly.
//
// The plan is then split into batches of at most `per_command` notes (the dispenser's limit for one
// command: 60 for LCDM-1000/2000 per TerminalClient, 100 for LCDM-4000; both UNVERIFIED against
// Puloon's manuals, so the limit comes from the driver or the config).
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "flows/money.hpp"

namespace kiosk::flows::dispense {

// One cassette as the planner sees it: its note and how many it holds now.
struct Cassette {
  int index = 0;  // the dispenser's cassette number, 0 = first
  Kzt kzt{};      // denomination
  int count = 0;  // notes available
};

struct DispenseLimits {
  int per_command = 60;                 // most notes one dispense command may move
  std::optional<int> max_notes;         // most notes for the whole amount (none: no limit)
  std::int64_t max_states = 4'000'000;  // work bound: amount / gcd must stay under this
};

struct CassetteTake {
  int index = 0;
  Kzt kzt{};
  int count = 0;
  bool operator==(const CassetteTake&) const = default;
};

// One dispense command: counts per cassette, total <= per_command.
struct DispenseBatch {
  std::vector<CassetteTake> takes;  // only cassettes with count > 0
  int notes() const;
  bool operator==(const DispenseBatch&) const = default;
};

struct DispensePlan {
  Kzt amount{};
  std::vector<CassetteTake> takes;  // per cassette with count > 0, in cassette order
  std::vector<DispenseBatch> batches;
  int total_notes = 0;
  // Count per cassette index for a dispenser with `cassettes` slots (0 where nothing is taken).
  std::vector<int> per_cassette(int cassettes) const;
  bool operator==(const DispensePlan&) const = default;
};

struct PlanError {
  enum class Kind {
    Invalid,        // amount <= 0, a negative count, a bad limit, duplicate cassette index
    NotMultiple,    // not a multiple of what the loaded notes can make (their gcd)
    NotEnoughCash,  // more than all the notes together
    NoCombination,  // enough cash and a multiple, but no mix of the notes on hand adds up
    TooManyNotes,   // payable only with more notes than max_notes
    TooLarge,       // the amount is beyond the planner's work bound
  };
  Kind kind;
  std::string message;
};
const char* to_string(PlanError::Kind k);

std::expected<DispensePlan, PlanError> plan_dispense(const std::vector<Cassette>& cassettes,
                                                     Kzt amount, const DispenseLimits& limits);

// Splits per-cassette takes into batches of at most per_command notes, fewest batches, in cassette
// order. per_command must be > 0.
std::vector<DispenseBatch> split_batches(const std::vector<CassetteTake>& takes, int per_command);

// Greatest common divisor of the denominations that have notes (0 when none).
std::int64_t note_gcd(const std::vector<Cassette>& cassettes);

}  // namespace kiosk::flows::dispense
