// Compact text forms of plans and dispense moves for journal records (flows/record.hpp has flat
// fields only): "0:5000:4;1:2000:3" (index:kzt:count) and "0:4:0;1:3:1" (index:delivered:rejected).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flows/dispense/cassette_book.hpp"
#include "flows/dispense/dispense_plan.hpp"

namespace kiosk::flows::dispense {

std::string takes_to_text(const std::vector<CassetteTake>& takes);
std::optional<std::vector<CassetteTake>> takes_from_text(std::string_view text);

std::string moves_to_text(const std::vector<CassetteMove>& moves);
std::optional<std::vector<CassetteMove>> moves_from_text(std::string_view text);

}  // namespace kiosk::flows::dispense
