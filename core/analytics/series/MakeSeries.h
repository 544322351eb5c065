#pragma once

#include "core/common/Result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace kvw::core {

// A regular series: values[i] aggregates the points of [binStarts[i], binStarts[i] + step).
struct BinnedSeries
{
    std::vector<std::int64_t> binStarts; // 100-ns ticks since the Unix epoch (or any int64 axis)
    std::vector<double> values;
    std::int64_t step = 0;
};

// The make-series operator for one series (one `by` group) of (timestamp, value) points.
//   fromTo(start, end, step):   `on T from start to end step step` - bins are bin_at(T, step, start) and end is
//                               exclusive. A missing start means the first bin with data (bin() aligned), a
//                               missing end the upper bound of the last bin with data.
//   inRange(start, stop, step): `on T in range(start, stop, step)` - bins are bin(T, step), so the first bin
//                               may begin before start, and stop is inclusive. Our reading of the docs: the
//                               axis runs from bin(start) to bin(stop) and only points in [start, stop] count.
// Bins without points get the default value (0 unless set). With both bounds given, an empty input still
// yields the default-filled axis, as kind=nonempty does (plain Kusto emits no row for a group without data).
class MakeSeries
{
public:
    enum class Aggregation { Count, Sum, Avg, Min, Max };

    struct Point
    {
        std::int64_t ticks = 0;
        double value = 0.0;
    };

    // Kusto caps make-series arrays at 2^20 values; we refuse rather than truncate.
    static constexpr std::size_t MaxBins = std::size_t{1} << 20;

    static MakeSeries fromTo(std::optional<std::int64_t> start, std::optional<std::int64_t> end, std::int64_t step);
    static MakeSeries inRange(std::int64_t start, std::int64_t stop, std::int64_t step);

    MakeSeries& setAggregation(Aggregation aggregation);
    MakeSeries& setDefaultValue(double value);

    // Non-finite values are nulls: count() counts their rows, sum/avg/min/max skip them, and a bin whose
    // values are all null gets the default value.
    Result<BinnedSeries> build(std::span<const Point> points) const;
    // count() over bare timestamps, the common case (events per hour / day).
    Result<BinnedSeries> buildCounts(std::span<const std::int64_t> ticks) const;

private:
    enum class Form { FromTo, InRange };
    MakeSeries(Form form, std::optional<std::int64_t> start, std::optional<std::int64_t> end, std::int64_t step);

    Form m_form;
    std::optional<std::int64_t> m_start;
    std::optional<std::int64_t> m_end;
    std::int64_t m_step;
    Aggregation m_aggregation = Aggregation::Count;
    double m_default = 0.0;
};

} // namespace kvw::core
