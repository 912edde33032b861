#include "kiosk/observe/health_answer.hpp"

#include <nlohmann/json.hpp>

namespace kiosk::app {

ui::HttpAnswer health_answer(const std::string& mode, const std::string& reason) {
  if (mode == "in_service") return {200, "text/plain; charset=utf-8", "ok"};
  nlohmann::json body = {
      {"status", "unavailable"}, {"mode", mode}, {"reason", reason.empty() ? mode : reason}};
  return {503, "application/json",
          body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"};
}

}  // namespace kiosk::app
