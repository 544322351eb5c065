#include "core/analytics/workbook/EventPageCache.h"

#include <algorithm>

namespace kvw::core {

EventPageCache::EventPageCache(EventQuery::Sort sort, std::int64_t pageSize, std::size_t maxPages,
                               std::int64_t edgeRows)
    : m_sort(sort),
      m_pageSize(std::max<std::int64_t>(pageSize, 1)),
      m_maxPages(std::max<std::size_t>(maxPages, 3)),
      m_edgeRows(std::max<std::int64_t>(edgeRows, 0))
{
}

void EventPageCache::setAnchors(EventQuery::Anchors anchors)
{
    if (anchors.every == m_pageSize) {
        m_anchors = std::move(anchors);
        m_count = m_anchors.rows;
    }
}

bool EventPageCache::isCached(std::int64_t index) const
{
    const auto it = m_pages.find(index / m_pageSize);
    return index >= 0 && it != m_pages.end() && index % m_pageSize < static_cast<std::int64_t>(it->second.size());
}

const EventRow* EventPageCache::row(std::int64_t index)
{
    if (index < 0) {
        return nullptr;
    }
    const std::int64_t page = index / m_pageSize;
    const auto it = m_pages.find(page);
    if (it == m_pages.end()) {
        return nullptr;
    }
    if (m_recent.front() != page) {
        m_recent.remove(page);
        m_recent.push_front(page);
    }
    const auto offset = static_cast<std::size_t>(index % m_pageSize);
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

std::optional<EventPageCache::Fetch> EventPageCache::plan(std::int64_t page) const
{
    const std::int64_t start = page * m_pageSize;
    if (page < 0 || (m_count && start >= *m_count)) {
        return std::nullopt;
    }
    Fetch f;
    f.limit = m_pageSize;
    f.viaSortIndex = m_viaSortIndex;
    // Scrolling: the next or previous page is a seek from the edge row of the page beside it.
    if (const auto before = m_pages.find(page - 1);
        before != m_pages.end() && static_cast<std::int64_t>(before->second.size()) == m_pageSize) {
        f.kind = Fetch::Kind::Seek;
        f.seek = EventQuery::Seek::After;
        f.key = EventQuery::keyOf(before->second.back(), m_sort);
        return f;
    }
    if (const auto after = m_pages.find(page + 1); after != m_pages.end() && !after->second.empty()) {
        f.kind = Fetch::Kind::Seek;
        f.seek = EventQuery::Seek::Before;
        f.key = EventQuery::keyOf(after->second.front(), m_sort);
        return f;
    }
    // A jump: the anchor is the key of the page's first row.
    if (page < static_cast<std::int64_t>(m_anchors.keys.size())) {
        f.kind = Fetch::Kind::Seek;
        f.seek = EventQuery::Seek::AtOrAfter;
        f.key = m_anchors.keys[static_cast<std::size_t>(page)];
        return f;
    }
    // Near either end a short OFFSET costs little.
    if (start < m_edgeRows) {
        f.kind = Fetch::Kind::FromStart;
        f.skip = start;
        return f;
    }
    if (m_count && *m_count - start <= m_edgeRows) {
        f.kind = Fetch::Kind::FromEnd;
        f.skip = std::max<std::int64_t>(0, *m_count - (start + m_pageSize));
        f.limit = std::min(m_pageSize, *m_count - start);
        return f;
    }
    return std::nullopt;
}

void EventPageCache::store(std::int64_t page, std::vector<EventRow> rows)
{
    if (m_pages.count(page) != 0) {
        m_recent.remove(page);
    }
    m_pages[page] = std::move(rows);
    m_recent.push_front(page);
    while (m_pages.size() > m_maxPages) {
        m_pages.erase(m_recent.back());
        m_recent.pop_back();
    }
}

Result<std::vector<EventRow>> EventPageCache::load(const EventQuery& query, const EventFilter& filter,
                                                   EventQuery::Sort sort, bool descending, const Fetch& fetch)
{
    switch (fetch.kind) {
    case Fetch::Kind::FromStart:
        return query.edge(filter, sort, descending, false, fetch.skip, fetch.limit, fetch.viaSortIndex);
    case Fetch::Kind::FromEnd:
        return query.edge(filter, sort, descending, true, fetch.skip, fetch.limit, fetch.viaSortIndex);
    case Fetch::Kind::Seek: break;
    }
    return query.seek(filter, sort, descending, fetch.seek, fetch.key, fetch.limit, fetch.viaSortIndex);
}

} // namespace kvw::core
