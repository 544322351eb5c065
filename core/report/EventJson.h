#pragma once

#include "core/query/EventRow.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace kvw::core {

// The one machine-readable shape of an event (CLI, exports, reports), and its CSV column order.
class EventJson
{
public:
    static nlohmann::json toJson(const EventRow& row);
    static const std::vector<std::string>& csvHeader();
    static std::vector<std::string> csvCells(const EventRow& row);
};

} // namespace kvw::core
