// Models of the USB chips a kiosk meets, each with a real protocol simulator behind it: any
// kiosk::devices::DeviceEndpoint (sim/ccnet, sim/id003, sim/ssp, sim/lcdm, sim/escpos, ...). They
// answer the control requests like the chip (facts: shared/reference/cash-devices.md 5.3 and 6)
// and keep what the host set, so tests assert the configuration that reached the "chip"
// (line_settings() decodes it the way the chip would drive its UART).
#pragma once

#include <deque>
#include <functional>
#include <memory>

#include "devices/memory_transport.hpp"
#include "devices/tty_transport.hpp"
#include "tests/usb/usb_device_model.hpp"

namespace usb_test {

using kiosk::devices::DeviceEndpoint;

using kiosk::devices::SerialSettings;
using kiosk::devices::usb::UsbBridge;

// Common to the serial bridges: bytes to the OUT endpoint go to the simulator, its answers wait
// in a queue for the IN endpoint. A simulator that speaks later on its own (DeviceEndpoint::
// wake_at, e.g. a dispenser answering once the notes are out) is woken while the host polls IN.
class SerialBridgeModel : public UsbDeviceModel {
 public:
  SerialBridgeModel(DeviceDesc desc, std::shared_ptr<DeviceEndpoint> device, std::uint8_t ep_in,
                    std::uint8_t ep_out);
  void bulk_out(std::uint8_t ep, ByteView data) override;
  std::optional<Bytes> bulk_in(std::uint8_t ep, std::size_t max, Millis waited) override;
  // Bytes pushed by the device on its own (noise, unsolicited data).
  void push_from_device(ByteView data);
  std::size_t bytes_from_host() const { return from_host_; }
  // The UART settings the host programmed into the chip, decoded as the chip would apply them
  // (the baud it would really run at); nullopt until set, or for a chip without a UART.
  virtual std::optional<SerialSettings> line_settings() const { return std::nullopt; }

 protected:
  // Lets a simulator whose wake_at() has come say what it has to say.
  void wake_device();

  std::shared_ptr<DeviceEndpoint> device_;
  std::uint8_t ep_in_, ep_out_;
  std::deque<std::uint8_t> to_host_;
  std::size_t from_host_ = 0;
};

// FTDI FT232R (0403:6001): vendor requests 00..0A, and every bulk IN packet (64 bytes) starts
// with the modem and line status bytes; with nothing to send the chip still completes an IN
// transfer with a status-only packet each time the latency timer runs out.
class FtdiModel final : public SerialBridgeModel {
 public:
  FtdiModel(std::shared_ptr<DeviceEndpoint> device, std::string serial = "FTSIM001",
            std::uint16_t pid = 0x6001);
  std::optional<Bytes> bulk_in(std::uint8_t ep, std::size_t max, Millis waited) override;
  std::optional<SerialSettings> line_settings() const override;

  std::uint16_t baud_value = 0, baud_index = 0, line = 0, modem = 0;
  unsigned latency_ms = 16;  // the chip's default
  std::uint64_t status_only_packets = 0;
  std::uint64_t data_packets = 0;

 protected:
  std::optional<Bytes> on_control(const ControlRequest& r) override;
};

// WCH CH340 (1A86:7523): version, serial init, registers 1312 / 2518, modem control.
class Ch340Model final : public SerialBridgeModel {
 public:
  Ch340Model(std::shared_ptr<DeviceEndpoint> device, std::uint8_t version = 0x30);
  std::optional<SerialSettings> line_settings() const override;
  std::map<std::uint16_t, std::uint16_t> registers;  // wValue -> wIndex of WRITE_REG
  std::uint16_t modem_control = 0;
  bool initialised = false;

 protected:
  std::optional<Bytes> on_control(const ControlRequest& r) override;

 private:
  std::uint8_t version_;
};

// Prolific PL2303 HX (067B:2303): vendor register reads/writes plus the CDC line requests.
class Pl2303Model final : public SerialBridgeModel {
 public:
  explicit Pl2303Model(std::shared_ptr<DeviceEndpoint> device);
  std::optional<SerialSettings> line_settings() const override;
  std::map<std::uint16_t, std::uint16_t> registers;
  Bytes line_coding;
  std::uint16_t control_lines = 0;

 protected:
  std::optional<Bytes> on_control(const ControlRequest& r) override;
};

// A CDC-ACM device (e.g. a validator with a native USB port): communication interface 0 with a
// notification endpoint, data interface 1.
class CdcAcmModel final : public SerialBridgeModel {
 public:
  CdcAcmModel(std::shared_ptr<DeviceEndpoint> device, std::uint16_t vid = 0x1234,
              std::uint16_t pid = 0x5678);
  std::optional<SerialSettings> line_settings() const override;
  Bytes line_coding;
  std::uint16_t control_lines = 0;

 protected:
  std::optional<Bytes> on_control(const ControlRequest& r) override;
};

// A USB printer class interface (07/01/02, bidirectional): ESC/POS on bulk OUT, DLE EOT answers on
// bulk IN, GET_DEVICE_ID and GET_PORT_STATUS computed from the printer simulator's state.
class PrinterModel final : public SerialBridgeModel {
 public:
  // `port_status` gives the GET_PORT_STATUS byte from the simulator's state.
  PrinterModel(std::shared_ptr<DeviceEndpoint> device, std::string device_id,
               std::function<std::uint8_t()> port_status);
  bool soft_reset = false;

 protected:
  std::optional<Bytes> on_control(const ControlRequest& r) override;

 private:
  std::string device_id_;
  std::function<std::uint8_t()> port_status_;
};

// The serial bridges, for tests that run a protocol over each of them.
inline constexpr UsbBridge kSerialBridges[] = {UsbBridge::Ftdi, UsbBridge::Ch340, UsbBridge::Pl2303,
                                               UsbBridge::CdcAcm};

// A model of the `kind` serial chip with `device` behind it, with the chip's default ids.
std::shared_ptr<SerialBridgeModel> make_bridge(UsbBridge kind,
                                               std::shared_ptr<DeviceEndpoint> device);

}  // namespace usb_test
