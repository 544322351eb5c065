#pragma once

#include "core/common/Result.h"
#include "core/query/EventFilter.h"
#include "core/query/EventRow.h"
#include "core/query/EventSortKey.h"

#include <atomic>
#include <string>
#include <vector>

namespace kvw::core {

class CaseFile;

// Pages of events under a filter, sorted in SQL, never loaded whole. The grid order is always (sorted column, time,
// id), ascending or descending as a whole. Pages are reached by keyset seeks (an index range scan from a known row's
// key, whatever its position) rather than OFFSET, which SQLite pays for row by row; `anchors` gives the key of every
// K-th row in one pass, so that any position can be reached by a seek.
class EventQuery
{
public:
    enum class Sort { Time, Vault, Operation, Status, CallerIp, Identity, Duration, ObjectName };
    enum class Seek {
        After,      // rows strictly after the key, in grid order
        AtOrAfter,  // the key's row (when still there) and the rows after it
        Before,     // the rows strictly before the key, returned in grid order (the last ones before it)
    };
    struct Anchors
    {
        std::vector<EventSortKey> keys;   // keys[k] is the key of row k * every
        std::int64_t every = 0;
        std::int64_t rows = 0;            // rows under the filter (the pass counts them on the way)
    };

    explicit EventQuery(const CaseFile& caseFile) : m_case(caseFile) {}

    Result<std::int64_t> count(const EventFilter& filter) const;
    // OFFSET paging: simple, exact, O(offset) in SQLite. Kept for exports and as the reference the seeks are tested
    // against; the grid uses seek/edge.
    Result<std::vector<EventRow>> page(const EventFilter& filter, Sort sort, bool descending, std::int64_t offset,
                                       std::int64_t limit) const;
    // Up to `limit` rows next to `key` (see Seek), by index range scans. `viaSortIndex` makes the rows past the
    // key's value come from the sorted column's index even when the filter has an index of its own (a vault): SQLite
    // would otherwise read every row of that vault and sort them, for each page. Worth it when the filter keeps a
    // large share of the rows (see preferSortIndex); ignored for time and when the case lacks the index.
    Result<std::vector<EventRow>> seek(const EventFilter& filter, Sort sort, bool descending, Seek how,
                                       const EventSortKey& key, std::int64_t limit, bool viaSortIndex = false) const;
    // The first rows (skipping `skip`), or with `fromEnd` the last rows (the `skip` last ones left out), in grid
    // order. Cheap only for a small `skip`: for pages near either end before anchors exist.
    Result<std::vector<EventRow>> edge(const EventFilter& filter, Sort sort, bool descending, bool fromEnd,
                                       std::int64_t skip, std::int64_t limit, bool viaSortIndex = false) const;
    // An upper bound of the events in the case, in O(log n) (the largest id).
    Result<std::int64_t> rowEstimate() const;
    // Walking the sorted column's index and checking the filter row by row reads about pageSize * total / rows
    // rows per page; letting SQLite read the filter's rows and sort them reads `rows`: the index wins when
    // rows^2 > pageSize * total.
    static bool preferSortIndex(std::int64_t rows, std::int64_t total, std::int64_t pageSize);
    // One ordered pass over the keys under the filter (a covering index scan when the filter allows it). Stops with
    // Error::Code::Cancelled when `cancel` becomes true.
    Result<Anchors> anchors(const EventFilter& filter, Sort sort, bool descending, std::int64_t every,
                            const std::atomic<bool>* cancel = nullptr) const;
    // EXPLAIN QUERY PLAN details of the statements a seek runs (tests check they are index range scans).
    Result<std::vector<std::string>> seekPlan(const EventFilter& filter, Sort sort, bool descending,
                                              bool viaSortIndex = false) const;
    Result<EventRow> byId(std::int64_t id) const;
    // Events whose ids are given (a finding's evidence), in time order.
    Result<std::vector<EventRow>> byIds(const std::vector<std::int64_t>& ids) const;

    // The SQL expression of the sorted column (nullable columns as ifnull(column, -1), matching their indexes).
    static const char* sortColumn(Sort sort);
    // The (column, time) index that serves a sort.
    static const char* sortIndex(Sort sort);
    // " ORDER BY column, e.time, e.id" in the grid's direction (or reversed).
    static std::string orderBy(Sort sort, bool descending);
    static EventSortKey keyOf(const EventRow& row, Sort sort);

private:
    // What the rows are read from: through the sort's index when asked for and the case has it, else "events".
    std::string eventSource(Sort sort, bool viaSortIndex) const;

    const CaseFile& m_case;
};

} // namespace kvw::core
