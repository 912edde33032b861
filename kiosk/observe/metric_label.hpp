// A short, bounded code for a metric label or a health detail, from text a device or a flow
// produced ("unwanted_bill_type=3 returned" -> "unwanted_bill_type_3_returned"): lower-case
// letters, digits and '_' only, at most 48 bytes, "unknown" when nothing is left. Keeps label
// sets small and free of anything a person typed.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::app {

std::string metric_label_code(std::string_view text);

}  // namespace kiosk::app
