#pragma once

#include "core/query/SqlWhere.h"

#include <cstdint>

namespace kvw::core {

// Where a row sits in the grid's order: the sorted column's value, then time, then the event id. Every grid order is
// (value, time, id) so that it is total and each seek is an index range scan ((column, time) indexes; rowid last).
struct EventSortKey
{
    SqlWhere::Value value = std::int64_t{0};   // unused when the grid is sorted by time
    std::int64_t time = 0;
    std::int64_t id = 0;

    bool operator==(const EventSortKey&) const = default;
};

} // namespace kvw::core
