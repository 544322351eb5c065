#include "core/analytics/workbook/DurationPercentiles.h"

#include <algorithm>
#include <cmath>

namespace kvw::core {

DurationPercentiles::DurationPercentiles(std::size_t groups) : m_totals(groups, 0) {}

std::size_t DurationPercentiles::SameSample::operator()(const Sample& s) const
{
    std::uint64_t h = static_cast<std::uint64_t>(s.duration) * 0x9E3779B97F4A7C15ULL;
    for (const std::uint32_t g : s.groups) {
        h = (h ^ g) * 0x100000001B3ULL;
    }
    return static_cast<std::size_t>(h ^ (h >> 29));
}

bool DurationPercentiles::SameSample::operator()(const Sample& x, const Sample& y) const
{
    return x.duration == y.duration && x.groups[0] == y.groups[0] && x.groups[1] == y.groups[1] &&
           x.groups[2] == y.groups[2];
}

std::uint32_t DurationPercentiles::addGroup()
{
    m_totals.push_back(0);
    return static_cast<std::uint32_t>(m_totals.size() - 1);
}

void DurationPercentiles::add(std::int64_t duration, std::int64_t n, std::uint32_t a, std::uint32_t b, std::uint32_t c)
{
    if (n <= 0) {
        return;
    }
    const Sample sample{duration, n, {a, b, c}};
    const auto [it, added] = m_index.try_emplace(sample, m_samples.size());
    if (added) {
        m_samples.push_back(sample);
    } else {
        m_samples[it->second].n += n;
    }
    for (const std::uint32_t g : {a, b, c}) {
        if (g != NoGroup) {
            m_totals[g] += n;
        }
    }
}

std::vector<std::vector<std::optional<double>>> DurationPercentiles::compute(const std::vector<double>& ps)
{
    const std::size_t groups = m_totals.size();
    std::vector<std::vector<std::optional<double>>> out(groups, std::vector<std::optional<double>>(ps.size()));
    // The rank each group waits for next, as in MonitoringQueries::percentile: ceil(p/100 * total), at least 1.
    auto rankOf = [&](std::size_t g, std::size_t k) {
        const auto rank = static_cast<std::int64_t>(std::ceil(ps[k] / 100.0 * static_cast<double>(m_totals[g])));
        return std::clamp<std::int64_t>(rank, 1, m_totals[g]);
    };
    m_index.clear(); // the sort below moves the samples it points at
    std::vector<std::int64_t> seen(groups, 0);
    std::vector<std::size_t> next(groups, 0); // index into ps of the next percentile to answer
    std::sort(m_samples.begin(), m_samples.end(),
              [](const Sample& x, const Sample& y) { return x.duration < y.duration; });
    for (const Sample& s : m_samples) {
        for (const std::uint32_t g : s.groups) {
            if (g == NoGroup) {
                continue;
            }
            seen[g] += s.n;
            while (next[g] < ps.size() && seen[g] >= rankOf(g, next[g])) {
                out[g][next[g]++] = static_cast<double>(s.duration);
            }
        }
    }
    return out;
}

} // namespace kvw::core
