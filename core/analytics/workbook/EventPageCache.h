#pragma once

#include "core/common/Result.h"
#include "core/query/EventRow.h"

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <optional>
#include <vector>

namespace kvw::core {

// Pages of events fetched on demand and kept for a while (least recently used out), so a virtual grid over millions
// of rows only ever holds a few pages. The fetch function runs the query (EventQuery::page with the current filter
// and sort); clear() drops everything when the filter or sort changes.
class EventPageCache
{
public:
    using Fetch = std::function<Result<std::vector<EventRow>>(std::int64_t offset, std::int64_t limit)>;

    explicit EventPageCache(Fetch fetch, std::int64_t pageSize = 500, std::size_t maxPages = 6);

    // The row at `index`, fetching its page when needed; nullptr past the end or when the fetch failed.
    const EventRow* row(std::int64_t index);
    bool isCached(std::int64_t index) const;
    void clear();

    std::int64_t pageSize() const { return m_pageSize; }
    std::size_t cachedPages() const { return m_pages.size(); }
    std::int64_t fetchCount() const { return m_fetches; }
    const std::optional<Error>& lastError() const { return m_lastError; }

private:
    Fetch m_fetch;
    std::int64_t m_pageSize;
    std::size_t m_maxPages;
    std::map<std::int64_t, std::vector<EventRow>> m_pages;
    std::list<std::int64_t> m_recent;   // most recent first
    std::int64_t m_fetches = 0;
    std::optional<Error> m_lastError;
};

} // namespace kvw::core
