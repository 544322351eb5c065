#include "core/analytics/workbook/TimeGrain.h"

#include <algorithm>
#include <array>

namespace kvw::core {
namespace {

constexpr std::int64_t M = Timestamp::TicksPerMinute;
constexpr std::int64_t H = Timestamp::TicksPerHour;
constexpr std::int64_t D = Timestamp::TicksPerDay;
constexpr std::array<std::int64_t, 16> kGrains{M,     5 * M, 10 * M, 15 * M, 30 * M, H,     2 * H,  3 * H,
                                               6 * H, 12 * H, D,     2 * D,  7 * D,  14 * D, 30 * D, 90 * D};

} // namespace

std::int64_t TimeGrain::forRange(std::int64_t rangeTicks, int maxBuckets)
{
    for (const auto g : kGrains) {
        if ((rangeTicks + g - 1) / g <= maxBuckets) {
            return g;
        }
    }
    return kGrains.back();
}

TimeAxis TimeGrain::axisWithGrain(Timestamp from, Timestamp to, std::int64_t grain)
{
    TimeAxis a;
    a.grain = std::max<std::int64_t>(grain, Timestamp::TicksPerSecond);
    a.start = Timestamp::fromTicks(Timestamp::floorDiv(from.ticks(), a.grain) * a.grain);
    const std::int64_t span = std::max<std::int64_t>(to.ticks() - a.start.ticks(), 1);
    a.buckets = static_cast<int>((span + a.grain - 1) / a.grain);
    return a;
}

TimeAxis TimeGrain::axis(Timestamp from, Timestamp to, int maxBuckets)
{
    return axisWithGrain(from, to, forRange(std::max<std::int64_t>(to.ticks() - from.ticks(), 1), maxBuckets));
}

std::string TimeGrain::describe(std::int64_t g)
{
    if (g % D == 0) {
        return std::to_string(g / D) + " d";
    }
    if (g % H == 0) {
        return std::to_string(g / H) + " h";
    }
    if (g % M == 0) {
        return std::to_string(g / M) + " min";
    }
    return std::to_string(g / Timestamp::TicksPerSecond) + " s";
}

} // namespace kvw::core
