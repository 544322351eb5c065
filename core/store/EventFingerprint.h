#pragma once

#include "core/model/Event.h"

#include <cstdint>

namespace kvw::core {

// Content key used to de-duplicate records across re-opened files and across formats. It hashes what every format
// carries identically: time cut to milliseconds (portal CSV precision), resource, operation, correlation id, caller,
// status, URIs and identity.
class EventFingerprint
{
public:
    static std::int64_t of(const Event& e);
};

} // namespace kvw::core
