// flows::Record <-> the JSON payload of a journal row.
#pragma once

#include <nlohmann/json.hpp>

#include "flows/record.hpp"

namespace kiosk::app {

nlohmann::json record_payload(const flows::Record& r);
flows::Record record_from_payload(std::string tx_id, std::string type,
                                  const nlohmann::json& payload);

}  // namespace kiosk::app
