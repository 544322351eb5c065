#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace kvw::core {

struct DetectedPeriod
{
    std::size_t period = 0; // in bins; 0 = none
    double score = 0.0;     // in [0, 1]
};

struct PeriodDetection
{
    // Ordered by score, padded with {0, 0} to the requested count as series_periods_detect() does.
    std::vector<DetectedPeriod> periods;
    // Always true: Kusto's detector is closed source and this is a stand-in (see SeriesPeriodDetector).
    bool approximate = true;
};

// APPROXIMATION of series_periods_detect(), whose method Microsoft never published.
// Method: remove the least-squares line, take the autocorrelation of the rest at every lag, keep the lags
// that are local maxima of it, rank them by autocorrelation. On the two real oracles it picks the period
// Kusto picked (14 of the docs' 60-point series, 168 of the msticpy 840-point series), but its scores
// (0.75 and 0.76 there) are not Kusto's (0.84 for the first), and secondary periods need not match.
// Only periods of at least 4 bins and at most half the series are considered, as Kusto documents.
// Non-finite values are treated as lying on the fitted line (they add nothing to the autocorrelation).
class SeriesPeriodDetector
{
public:
    static constexpr std::size_t MinPeriod = 4;
    // The seasonality threshold series_decompose() uses by default.
    static constexpr double DefaultThreshold = 0.6;

    // series_periods_detect(series, minPeriod, maxPeriod, numPeriods).
    static PeriodDetection detect(std::span<const double> series, double minPeriod, double maxPeriod,
                                  std::size_t numPeriods);

    // The best period over the whole documented range [4, n/2], or {0, score} when its score is below
    // threshold: what series_decompose() does with seasonality -1.
    static DetectedPeriod detectSeasonality(std::span<const double> series, double threshold = DefaultThreshold);
};

} // namespace kvw::core
