// The bytes the simulator writes for its `junk_rate` fault instead of an answer, then closes the
// connection: a client must treat each as "try later" and keep the request queued.
#pragma once

#include <cstdint>
#include <string>

namespace kiosk::sim {

enum class JunkKind {
  Garbage,    // bytes that are not HTTP at all
  Truncated,  // a 200 whose body stops before its Content-Length
  Oversized,  // a 200 announcing a body larger than any client limit (2 GiB), a few bytes sent
  NotJson,    // a whole 200 whose body is not JSON
};
inline constexpr int kJunkKinds = 4;

JunkKind junk_kind(std::uint64_t n);  // the n-th junk answer cycles through the kinds
std::string junk_answer(JunkKind kind);

}  // namespace kiosk::sim
