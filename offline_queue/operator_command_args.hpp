// The operator commands a kiosk knows and the arguments each takes (exchange-api.md, "Operator
// commands"). Pure: the verifier asks whether a name is known and whether its args fit; the kiosk
// asks which commands move money or need maintenance. Args are refused when any key is unknown,
// a type or range is wrong, a text is too long, a list too long, or the whole is too big or too
// deeply nested (kMaxArgsBytes, kMaxArgsDepth).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::oq {

inline constexpr std::size_t kMaxArgsBytes = 4096;   // canonical text of "args"
inline constexpr int kMaxArgsDepth = 4;              // "args" itself is depth 1
inline constexpr std::int64_t kMaxExportRows = 200;  // export_journal: rows per command

struct CommandSpec {
  std::string name;
  // Moves money or changes the cash the kiosk holds, or could disturb a customer: refused `busy`
  // while a customer is in a session.
  bool disruptive = false;
  // Runs only in maintenance mode (else refused `busy`).
  bool maintenance_only = false;
};

// Every command, in the order of exchange-api.md.
const std::vector<CommandSpec>& operator_commands();
const CommandSpec* find_command(std::string_view name);

// "" when `args` fits the command's schema; otherwise what is wrong ("args.cassettes[1].count:
// must be an integer 0..10000"). `name` must be a known command.
std::string command_args_problem(std::string_view name, const nlohmann::json& args);

// Depth of a JSON value (a scalar is 1), counted up to `limit + 1` and no further.
int json_depth(const nlohmann::json& j, int limit);

}  // namespace kiosk::oq
