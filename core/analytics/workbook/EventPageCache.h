#pragma once

#include "core/common/Result.h"
#include "core/query/EventFilter.h"
#include "core/query/EventQuery.h"
#include "core/query/EventRow.h"

#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <vector>

namespace kvw::core {

// The pages of one grid order (filter + sort) that are in memory, and how to fetch a missing page without OFFSET:
// by a keyset seek from a neighbouring page's edge row, from the anchor key of its first row (EventQuery::anchors,
// computed once per order), or, near either end, by a short OFFSET. It does not fetch: the owner runs the Fetch
// (off the GUI thread) and stores the rows, so a view can paint placeholders meanwhile. Least recently used pages go
// first. A new filter or sort means a new cache.
class EventPageCache
{
public:
    struct Fetch
    {
        enum class Kind { FromStart, FromEnd, Seek };
        Kind kind = Kind::FromStart;
        EventQuery::Seek seek = EventQuery::Seek::After;
        EventSortKey key;
        std::int64_t skip = 0;    // FromStart: rows before the page; FromEnd: rows after it
        std::int64_t limit = 0;
        bool viaSortIndex = false;   // EventQuery::seek / edge
    };

    explicit EventPageCache(EventQuery::Sort sort, std::int64_t pageSize = 500, std::size_t maxPages = 24,
                            std::int64_t edgeRows = 20'000);

    EventQuery::Sort sort() const { return m_sort; }
    std::int64_t pageSize() const { return m_pageSize; }
    std::int64_t edgeRows() const { return m_edgeRows; }
    std::int64_t pageOf(std::int64_t index) const { return index / m_pageSize; }
    std::size_t cachedPages() const { return m_pages.size(); }

    void setCount(std::int64_t rows) { m_count = rows; }
    const std::optional<std::int64_t>& count() const { return m_count; }
    // Anchors must have one key per page (every == pageSize); others are ignored.
    void setAnchors(EventQuery::Anchors anchors);
    bool hasAnchors() const { return !m_anchors.keys.empty(); }
    // Fetches walk the sorted column's index (EventQuery::preferSortIndex decides).
    void setViaSortIndex(bool on) { m_viaSortIndex = on; }

    // The cached row at `index`, or nullptr when its page is not in memory.
    const EventRow* row(std::int64_t index);
    bool isCached(std::int64_t index) const;
    bool hasPage(std::int64_t page) const { return m_pages.count(page) != 0; }
    // How to fetch `page` now, or nothing when it needs the anchors first (or lies past the end).
    std::optional<Fetch> plan(std::int64_t page) const;
    void store(std::int64_t page, std::vector<EventRow> rows);

    // Runs a fetch plan.
    static Result<std::vector<EventRow>> load(const EventQuery& query, const EventFilter& filter, EventQuery::Sort sort,
                                              bool descending, const Fetch& fetch);

private:
    EventQuery::Sort m_sort;
    std::int64_t m_pageSize;
    std::size_t m_maxPages;
    std::int64_t m_edgeRows;
    std::optional<std::int64_t> m_count;
    bool m_viaSortIndex = false;
    EventQuery::Anchors m_anchors;
    std::map<std::int64_t, std::vector<EventRow>> m_pages;
    std::list<std::int64_t> m_recent;   // most recent first
};

} // namespace kvw::core
