// Errors of the durable store, as values.
#pragma once

#include <string>

namespace kiosk::oq {

struct StoreError {
  enum class Kind {
    Open,          // the database file cannot be opened or configured
    Schema,        // unknown or newer schema version
    Io,            // SQLite failed (disk full, I/O error, locked past the busy timeout)
    DuplicateKey,  // an outbox idempotency key that already exists
    BadInput,      // the caller's data is not acceptable (payload not JSON, empty type, ...)
    NotFound,      // no outbox request with that key, or not in a state that allows the change
  };
  Kind kind;
  std::string what;
};

}  // namespace kiosk::oq
