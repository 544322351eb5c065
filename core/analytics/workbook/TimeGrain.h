#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"

namespace kvw::core {

// The workbook's automatic {TimeRange:grain}: the smallest "nice" step (1 min … 30 days) that keeps a range within
// ~150 buckets, with buckets aligned to whole steps in UTC.
class TimeGrain
{
public:
    static constexpr int MaxBuckets = 150;

    static std::int64_t forRange(std::int64_t rangeTicks, int maxBuckets = MaxBuckets);
    // An axis covering [from, to) with the automatic grain.
    static TimeAxis axis(Timestamp from, Timestamp to, int maxBuckets = MaxBuckets);
    // An axis covering [from, to) with a given grain.
    static TimeAxis axisWithGrain(Timestamp from, Timestamp to, std::int64_t grain);
    // "1 h", "15 min", "1 d".
    static std::string describe(std::int64_t grainTicks);
};

} // namespace kvw::core
