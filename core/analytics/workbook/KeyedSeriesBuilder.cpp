#include "core/analytics/workbook/KeyedSeriesBuilder.h"

#include <algorithm>

namespace kvw::core {

KeyedSeriesBuilder::KeyedSeriesBuilder(const TimeAxis& axis) : m_axis(axis) {}

void KeyedSeriesBuilder::add(std::string_view key, std::int64_t bucket, std::int64_t n)
{
    if (m_last == nullptr || key != m_lastKey) {
        m_lastKey.assign(key);
        m_last = &m_byKey[m_lastKey]; // node-based: the pointer survives rehashing
        if (m_last->buckets.empty()) {
            m_last->buckets.assign(static_cast<std::size_t>(std::max(m_axis.buckets, 0)), 0);
        }
    }
    m_last->total += n;
    if (bucket >= 0 && bucket < m_axis.buckets) {
        m_last->buckets[static_cast<std::size_t>(bucket)] += n;
    }
}

KeyedSeries KeyedSeriesBuilder::build(int topN) const
{
    KeyedSeries s;
    s.axis = m_axis;
    std::vector<std::pair<const std::string*, const Counts*>> ranked;
    ranked.reserve(m_byKey.size());
    for (const auto& [k, c] : m_byKey) {
        ranked.emplace_back(&k, &c);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second->total != b.second->total ? a.second->total > b.second->total : *a.first < *b.first;
    });
    const std::size_t kept = std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(std::max(topN, 1)));
    for (std::size_t i = 0; i < kept; ++i) {
        s.keys.push_back(*ranked[i].first);
        s.totals.push_back(static_cast<double>(ranked[i].second->total));
    }
    if (ranked.size() > kept) {
        s.keys.emplace_back(KeyedSeries::OtherKey);
        double sum = 0;
        for (std::size_t i = kept; i < ranked.size(); ++i) {
            sum += static_cast<double>(ranked[i].second->total);
        }
        s.totals.push_back(sum);
    }
    const auto buckets = static_cast<std::size_t>(std::max(m_axis.buckets, 0));
    s.values.assign(s.keys.size(), std::vector<double>(buckets, 0.0));
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        auto& row = s.values[std::min(i, kept)];
        const auto& counts = ranked[i].second->buckets;
        for (std::size_t b = 0; b < buckets; ++b) {
            row[b] += static_cast<double>(counts[b]);
        }
    }
    return s;
}

} // namespace kvw::core
