// The kinds of fault the simulation draws from its seed, and their counts for the summary.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace kiosk::simulate {

enum class Fault {
  // the validator (CCNET simulator controls and the in-memory wire between it and the driver)
  NoteJam,
  CassetteFull,
  CassetteRemoved,
  ValidatorFailure,
  PowerCycle,         // power cut and back; with a note in escrow when one is there
  PowerCycleInStack,  // ... and the note in the path ends in the cassette
  CommandNak,         // the validator NAKs the next valid commands
  FrameCorrupted,     // one answer goes out with a bad CRC
  FrameDropped,       // one answer is lost on the wire
  LineGarbage,        // noise bytes before an answer
  Unplugged,          // the validator's cable is out for a while (no answers at all)
  // the dispenser (LCDM simulator controls and the wire between it and the driver)
  DispenserPickError,        // a pick-up fails mid-dispense: that note to the reject tray, stop
  DispenserRejects,          // the next notes picked are diverted to the reject tray (partial)
  DispenserJam,              // a note jams in the path (a purge clears it)
  DispenserJamStuck,         // ... and will not move until a technician takes it out
  DispenserCassetteRemoved,  // a cassette is pulled for a while
  DispenserTrayRemoved,      // the reject tray is pulled for a while
  DispenserNearEnd,          // a cassette holds fewer notes than counted (down to near-end)
  DispenserEmpty,            // a cassette is empty though the count says otherwise
  DispenserCommandNak,       // the dispenser NAKs the next valid commands
  DispenserFrameCorrupted,   // bad BCC on the next answers
  DispenserFrameDropped,     // answers lost on the wire
  DispenserUnplugged,        // the cable is out for a while
  DispenserPowerCycle,       // power cut and back (a command in progress gives no answer)
  DispenserAnswerLost,       // the next command is carried out but its response never comes
  // the printer
  PaperOut,
  CoverOpen,
  // the exchange behind the simulated network
  NetDrop,        // no answer (the request may or may not have been applied)
  NetError,       // 503
  NetJunk,        // bytes that are not an answer (applied or not)
  NetSlow,        // the answer comes after the client's timeout (applied)
  NetAnswerLost,  // applied, then the connection is reset
  NetPartition,   // nothing gets through for a while
  RatesJunk,      // the rates answer is a 200 that is not rates
  // the process
  Crash,
  CrashMidDispense,  // the process dies while notes are moving (the unknown-dispense path)
  kCount
};

const char* to_string(Fault f);

class FaultCounts {
 public:
  void add(Fault f) { ++n_[static_cast<std::size_t>(f)]; }
  std::int64_t operator[](Fault f) const { return n_[static_cast<std::size_t>(f)]; }
  void merge(const FaultCounts& o) {
    for (std::size_t i = 0; i < n_.size(); ++i) n_[i] += o.n_[i];
  }
  nlohmann::json to_json() const;  // every kind, also those with 0

 private:
  std::array<std::int64_t, static_cast<std::size_t>(Fault::kCount)> n_{};
};

}  // namespace kiosk::simulate
