// The kiosk's hardware as the simulation sees it: the device simulators (CCNET validator, LCDM
// dispenser, ESC/POS printer) that speak the real wire bytes, and the cables to their drivers.
// They outlive a crash of the kiosk process: a note in escrow is still in the validator when the
// kiosk comes back, and the cassette holds what it held.
#pragma once

#include "kiosk/simulate/sim_dispenser.hpp"
#include "sim/ccnet/ccnet_device_sim.hpp"
#include "sim/escpos/escpos_printer_sim.hpp"
#include "sim/lcdm/lcdm_device_sim.hpp"

namespace kiosk::simulate {

struct ValidatorCable {
  bool unplugged = false;        // nothing passes either way
  int drop_answers = 0;          // the next n answers are lost on the wire
  std::uint64_t bytes_down = 0;  // host -> device
  std::uint64_t bytes_up = 0;    // device -> host
};

struct SimDevices {
  sim::ccnet::CcnetDeviceSim validator;
  sim::EscPosPrinterSim printer;
  ValidatorCable cable;
  sim::lcdm::LcdmDeviceSim dispenser;
  DispenserCable dispenser_cable;
};

}  // namespace kiosk::simulate
