#include "core/query/EventTimeBounds.h"

#include "core/store/Database.h"

namespace kvw::core {

std::optional<std::pair<std::int64_t, std::int64_t>> EventTimeBounds::of(const Database& db, const SqlWhere& where)
{
    // Two subqueries: SQLite answers a lone min() or max() from one end of a time index, but scans every row for
    // both in one SELECT (0.6 s at 10 M events).
    auto st = db.prepare("SELECT (SELECT min(time) FROM events" + where.sql() + "), (SELECT max(time) FROM events" +
                         where.sql() + ")");
    where.bind(st, where.bind(st));
    if (!st.step() || st.isNull(0)) {
        return std::nullopt;
    }
    return std::make_pair(st.int64(0), st.int64(1));
}

} // namespace kvw::core
