#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace kvw::core {

// Nearest-rank percentiles of request durations for many groups at once (the axis buckets, the operations, the
// whole range), from weighted samples (the duration rollup keeps one row per distinct duration). A sample can count
// towards several groups; all of them are answered with one sort of the samples instead of one per group.
class DurationPercentiles
{
public:
    static constexpr std::uint32_t NoGroup = UINT32_MAX;

    explicit DurationPercentiles(std::size_t groups);

    // Appends an empty group (for keys found while reading the samples); returns its index.
    std::uint32_t addGroup();

    // `n` requests of `duration` ms, counted in up to three groups (NoGroup: none).
    void add(std::int64_t duration, std::int64_t n, std::uint32_t a, std::uint32_t b = NoGroup,
             std::uint32_t c = NoGroup);

    // result[group][k]: the ps[k] percentile (0..100, ascending) of the group, nullopt for an empty group; the
    // same value MonitoringQueries::percentile gives over the group's durations, each repeated n times.
    std::vector<std::vector<std::optional<double>>> compute(const std::vector<double>& ps);

private:
    struct Sample
    {
        std::int64_t duration;
        std::int64_t n;
        std::uint32_t groups[3];
    };
    struct SameSample
    {
        std::size_t operator()(const Sample& s) const;
        bool operator()(const Sample& x, const Sample& y) const;
    };

    std::vector<Sample> m_samples;
    // Index into m_samples by duration and groups: the duration rollups give many rows with the same duration for
    // the same groups (other vaults, identity kinds…), and one sample of their sum sorts faster than many.
    std::unordered_map<Sample, std::size_t, SameSample, SameSample> m_index;
    std::vector<std::int64_t> m_totals;
};

} // namespace kvw::core
