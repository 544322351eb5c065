#pragma once

#include "core/query/SqlWhere.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace kvw::core {

class Database;

// The first and last event time under a condition on table events.
class EventTimeBounds
{
public:
    // [first, last] in ticks; nullopt when no event matches. Throws DatabaseError.
    static std::optional<std::pair<std::int64_t, std::int64_t>> of(const Database& db, const SqlWhere& where);
};

} // namespace kvw::core
