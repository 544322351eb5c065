#include "core/analytics/workbook/EventPageCache.h"

#include <algorithm>

namespace kvw::core {

EventPageCache::EventPageCache(Fetch fetch, std::int64_t pageSize, std::size_t maxPages)
    : m_fetch(std::move(fetch)), m_pageSize(std::max<std::int64_t>(pageSize, 1)), m_maxPages(std::max<std::size_t>(maxPages, 1))
{
}

bool EventPageCache::isCached(std::int64_t index) const
{
    const auto it = m_pages.find(index / m_pageSize);
    return it != m_pages.end() && index % m_pageSize < static_cast<std::int64_t>(it->second.size());
}

const EventRow* EventPageCache::row(std::int64_t index)
{
    if (index < 0) {
        return nullptr;
    }
    const std::int64_t page = index / m_pageSize;
    auto it = m_pages.find(page);
    if (it == m_pages.end()) {
        auto rows = m_fetch(page * m_pageSize, m_pageSize);
        ++m_fetches;
        if (!rows) {
            m_lastError = rows.error();
            return nullptr;
        }
        m_lastError.reset();
        it = m_pages.emplace(page, std::move(*rows)).first;
        m_recent.push_front(page);
        while (m_pages.size() > m_maxPages) {
            m_pages.erase(m_recent.back());
            m_recent.pop_back();
        }
        it = m_pages.find(page);
    } else if (m_recent.front() != page) {
        m_recent.remove(page);
        m_recent.push_front(page);
    }
    const auto offset = static_cast<std::size_t>(index % m_pageSize);
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

void EventPageCache::clear()
{
    m_pages.clear();
    m_recent.clear();
    m_lastError.reset();
}

} // namespace kvw::core
