#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kvw::core {

// Sums counts per key and bucket as rows stream in (in any order), then ranks the keys: the top N by total
// (ties by key), the rest summed as "Other". Summing here rather than in a GROUP BY saves SQLite a sort.
class KeyedSeriesBuilder
{
public:
    explicit KeyedSeriesBuilder(const TimeAxis& axis);

    // Counts `n` events of `key` in `bucket` (buckets outside the axis add to the key's total only).
    void add(std::string_view key, std::int64_t bucket, std::int64_t n);
    KeyedSeries build(int topN) const;

private:
    struct Counts
    {
        std::int64_t total = 0;
        std::vector<std::int64_t> buckets;
    };

    TimeAxis m_axis;
    std::unordered_map<std::string, Counts> m_byKey;
    std::string m_lastKey;
    Counts* m_last = nullptr; // rows of one key often come in runs
};

} // namespace kvw::core
