#pragma once

#include "core/common/Result.h"

#include <cstddef>
#include <span>
#include <vector>

namespace kvw::core {

struct Decomposition
{
    std::vector<double> baseline; // seasonal + trend
    std::vector<double> seasonal;
    std::vector<double> trend;
    std::vector<double> residual; // x - baseline (NaN where x is not finite)
    std::size_t period = 0;       // the seasonality used, in bins; 0 = none
    bool periodAutoDetected = false;
    double periodScore = 0.0; // score of the auto-detected period (our approximation, not Kusto's)
    // True when seasonality was auto-detected: the period comes from SeriesPeriodDetector, a stand-in for
    // Kusto's closed-source series_periods_detect(), and Kusto may pick another one on some series.
    bool approximate = false;
};

// series_decompose(x, seasonality, trend, test_points, seasonality_threshold), in Kusto's documented order:
// seasonal from x (median of each phase), deseasonalised d = x - seasonal, trend from d, baseline =
// seasonal + trend, residual = x - baseline. Only the first n - testPoints points ("learning window") are
// used to detect the period, take the medians and fit the trend; the trend line is extrapolated over the
// test points. Non-finite values (Kusto nulls) are skipped by the medians, the mean and the line fit.
class SeriesDecompose
{
public:
    enum class Trend { Avg, LineFit, None };

    static constexpr int AutoSeasonality = -1;

    struct Options
    {
        int seasonality = AutoSeasonality; // -1 auto-detect, 0 none, N > 0 forced period in bins
        Trend trend = Trend::Avg;          // Kusto's default for series_decompose(_anomalies) is avg
        std::size_t testPoints = 0;
        double seasonalityThreshold = 0.6;
    };

    static Result<Decomposition> decompose(std::span<const double> series, const Options& options);
    static Result<Decomposition> decompose(std::span<const double> series) { return decompose(series, Options{}); }
};

} // namespace kvw::core
