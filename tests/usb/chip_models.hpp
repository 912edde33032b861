// Models of the USB chips a kiosk meets, each with a real protocol simulator behind it (a
// kiosk::devices::DeviceEndpoint: sim/ccnet, sim/escpos, ...). They answer the control requests
// like the chip (facts: shared/reference/cash-devices.md 5.3 and 6) and keep what the host set, so
// tests assert the configuration that reached the "chip".
#pragma once

#include <deque>
#include <functional>
#include <memory>

#include "devices/memory_transport.hpp"
#include "devices/tty_transport.hpp"
#include "tests/usb/usb_device_model.hpp"

namespace usb_test {

using kiosk::devices::DeviceEndpoint;

// Common to the serial bridges: bytes to the OUT endpoint go to the simulator, its answers wait
// in a queue for the IN endpoint.
class SerialBridgeModel : public UsbDeviceModel {
 public:
  SerialBridgeModel(DeviceDesc desc, std::shared_ptr<DeviceEndpoint> device, std::uint8_t ep_in,
                    std::uint8_t ep_out);
  void bulk_out(std::uint8_t ep, ByteView data) override;
  std::optional<Bytes> bulk_in(std::uint8_t ep, std::size_t max, Millis waited) override;
  // Bytes pushed by the device on its own (noise, unsolicited data).
  void push_from_device(ByteView data);
  std::size_t bytes_from_host() const { return from_host_; }

 protected:
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

}  // namespace usb_test
