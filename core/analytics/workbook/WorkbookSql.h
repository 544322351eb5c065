#pragma once

// Internal helpers shared by the workbook query classes (not part of the public API).

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/common/Result.h"
#include "core/query/EventFilter.h"
#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"

#include <map>
#include <optional>
#include <string>

namespace kvw::core::workbook_sql {

// The SQL expression over table `events` that yields a group key. Fixed text only, never a value.
std::string keyExpression(GroupKey key);

// The axis for a filter: its own range when it has both ends, else the span of the matching events.
// nullopt when there is neither a range nor any event. Throws DatabaseError.
std::optional<TimeAxis> scopeAxis(const CaseFile& caseFile, const EventFilter& filter, int maxBuckets);

// Counts per key per bucket under `filter` plus an optional fixed extra condition, both over the columns of `kind`
// (read from the rollups where they can answer); top N keys, the rest as "Other". Throws DatabaseError.
KeyedSeries seriesByKey(const CaseFile& caseFile, const EventFilter& filter, const std::string& keyExpr,
                        const TimeAxis& axis, int topN, const std::string& extraCondition = {},
                        const std::vector<SqlWhere::Value>& extraValues = {},
                        RollupSource::Kind kind = RollupSource::Kind::Events);

// Splits a group_concat of distinct values (separated by the unit separator \x1f).
std::vector<std::string> splitSet(const std::string& s);

// Runs f(), converting a DatabaseError into an Error value naming the case.
template <typename F>
auto guarded(const CaseFile& caseFile, F&& f) -> decltype(f())
{
    try {
        return f();
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, e.what()};
    }
}

} // namespace kvw::core::workbook_sql
