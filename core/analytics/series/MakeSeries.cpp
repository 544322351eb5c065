#include "core/analytics/series/MakeSeries.h"

#include "core/common/Timestamp.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace kvw::core {
namespace {

constexpr std::int64_t Int64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t Int64Min = std::numeric_limits<std::int64_t>::min();

// bin_at(t, step, anchor): the start of the bin holding t on a grid through anchor (bin() is anchor 0).
std::int64_t binAt(std::int64_t t, std::int64_t step, std::int64_t anchor)
{
    return anchor + Timestamp::floorDiv(t - anchor, step) * step;
}

Error makeSeriesError(Error::Code code, std::string message)
{
    return Error{code, {}, 0, "make-series: " + std::move(message)};
}

struct Axis
{
    std::int64_t firstBin = 0; // start of bin 0
    std::size_t bins = 0;
    std::int64_t lowest = 0; // points outside [lowest, highest] are dropped
    std::int64_t highest = 0;
};

struct Bounds
{
    bool inRange = false;
    std::optional<std::int64_t> start;
    std::optional<std::int64_t> end; // exclusive for from..to, inclusive stop for in range()
    std::int64_t step = 0;
};

template <typename TicksOf> Result<Axis> axisFor(const Bounds& bounds, std::size_t count, TicksOf ticksOf)
{
    const std::int64_t step = bounds.step;
    if (step <= 0) {
        return makeSeriesError(Error::Code::Usage, "step must be positive");
    }
    Axis axis;
    std::int64_t lastBin = 0; // start of the last bin
    if (bounds.inRange) {
        axis.lowest = *bounds.start;
        axis.highest = *bounds.end;
        if (*bounds.end < *bounds.start) {
            return axis;
        }
        axis.firstBin = binAt(*bounds.start, step, 0);
        lastBin = binAt(*bounds.end, step, 0);
    } else {
        axis.lowest = bounds.start.value_or(Int64Min);
        axis.highest = bounds.end ? *bounds.end - 1 : Int64Max;
        // A missing bound comes from the data inside the other one.
        std::int64_t minT = Int64Max;
        std::int64_t maxT = Int64Min;
        if (!bounds.start || !bounds.end) {
            for (std::size_t i = 0; i < count; ++i) {
                const std::int64_t t = ticksOf(i);
                if (t >= axis.lowest && t <= axis.highest) {
                    minT = std::min(minT, t);
                    maxT = std::max(maxT, t);
                }
            }
            if (minT > maxT) {
                return axis; // an open bound and no data: an empty series
            }
        }
        const std::int64_t anchor = bounds.start.value_or(0);
        axis.firstBin = bounds.start ? *bounds.start : binAt(minT, step, anchor);
        if (bounds.end && *bounds.end <= axis.firstBin) {
            return axis;
        }
        lastBin = bounds.end ? binAt(*bounds.end - 1, step, anchor) : binAt(maxT, step, anchor);
    }
    const std::int64_t bins = (lastBin - axis.firstBin) / step + 1;
    if (bins < 0 || static_cast<std::uint64_t>(bins) > MakeSeries::MaxBins) {
        return makeSeriesError(Error::Code::Limit, std::to_string(bins) + " bins exceed the limit of " +
                                                       std::to_string(MakeSeries::MaxBins));
    }
    axis.bins = static_cast<std::size_t>(bins);
    return axis;
}

// One pass over the points into per-bin accumulators: rows decide count(), finite values the others.
template <typename PointAt>
Result<BinnedSeries> aggregate(const Bounds& bounds, MakeSeries::Aggregation aggregation, double defaultValue,
                               std::size_t count, PointAt pointAt)
{
    using Aggregation = MakeSeries::Aggregation;
    const Result<Axis> axis = axisFor(bounds, count, [&](std::size_t i) { return pointAt(i).ticks; });
    if (!axis) {
        return axis.error();
    }
    const std::size_t bins = axis->bins;
    const bool counting = aggregation == Aggregation::Count;
    BinnedSeries out;
    out.step = bounds.step;
    out.binStarts.resize(bins);
    for (std::size_t b = 0; b < bins; ++b) {
        out.binStarts[b] = axis->firstBin + static_cast<std::int64_t>(b) * bounds.step;
    }

    std::vector<double> acc(counting ? 0 : bins, 0.0);
    std::vector<std::size_t> hits(bins, 0); // rows for count(), finite values otherwise
    for (std::size_t i = 0; i < count; ++i) {
        const MakeSeries::Point p = pointAt(i);
        if (p.ticks < axis->lowest || p.ticks > axis->highest) {
            continue;
        }
        const std::int64_t index = Timestamp::floorDiv(p.ticks - axis->firstBin, bounds.step);
        if (index < 0 || static_cast<std::uint64_t>(index) >= bins) {
            continue;
        }
        const auto b = static_cast<std::size_t>(index);
        if (counting) {
            ++hits[b];
            continue;
        }
        if (!std::isfinite(p.value)) {
            continue;
        }
        double& a = acc[b];
        if (hits[b]++ == 0) {
            a = p.value;
        } else if (aggregation == Aggregation::Min) {
            a = std::min(a, p.value);
        } else if (aggregation == Aggregation::Max) {
            a = std::max(a, p.value);
        } else {
            a += p.value;
        }
    }

    out.values.resize(bins);
    for (std::size_t b = 0; b < bins; ++b) {
        if (hits[b] == 0) {
            out.values[b] = defaultValue;
        } else if (counting) {
            out.values[b] = static_cast<double>(hits[b]);
        } else if (aggregation == Aggregation::Avg) {
            out.values[b] = acc[b] / static_cast<double>(hits[b]);
        } else {
            out.values[b] = acc[b];
        }
    }
    return out;
}

} // namespace

MakeSeries::MakeSeries(Form form, std::optional<std::int64_t> start, std::optional<std::int64_t> end, std::int64_t step)
    : m_form(form), m_start(start), m_end(end), m_step(step)
{
}

MakeSeries MakeSeries::fromTo(std::optional<std::int64_t> start, std::optional<std::int64_t> end, std::int64_t step)
{
    return {Form::FromTo, start, end, step};
}

MakeSeries MakeSeries::inRange(std::int64_t start, std::int64_t stop, std::int64_t step)
{
    return {Form::InRange, start, stop, step};
}

MakeSeries& MakeSeries::setAggregation(Aggregation aggregation)
{
    m_aggregation = aggregation;
    return *this;
}

MakeSeries& MakeSeries::setDefaultValue(double value)
{
    m_default = value;
    return *this;
}

Result<BinnedSeries> MakeSeries::build(std::span<const Point> points) const
{
    const Bounds bounds{m_form == Form::InRange, m_start, m_end, m_step};
    return aggregate(bounds, m_aggregation, m_default, points.size(), [&](std::size_t i) { return points[i]; });
}

Result<BinnedSeries> MakeSeries::buildCounts(std::span<const std::int64_t> ticks) const
{
    const Bounds bounds{m_form == Form::InRange, m_start, m_end, m_step};
    return aggregate(bounds, Aggregation::Count, m_default, ticks.size(), [&](std::size_t i) {
        return Point{ticks[i], 1.0};
    });
}

} // namespace kvw::core
