#pragma once

#include "core/model/Event.h"

#include <cstdint>
#include <string>

namespace kvw::core {

// A stored event with its identity in the case and its provenance.
struct EventRow
{
    std::int64_t id = 0;
    Event event;
    std::string file;
    std::int64_t recordIndex = 0;
    std::string format;
    std::string tags;   // the analyst's tags on this event, "malicious, needs-review" (EventQuery reads them)
};

} // namespace kvw::core
