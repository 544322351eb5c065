#pragma once

#include "core/analytics/series/SeriesDecompose.h"
#include "core/analytics/series/SeriesOutliers.h"
#include "core/common/Result.h"

#include <cstddef>
#include <span>
#include <vector>

namespace kvw::core {

struct SeriesAnomalies
{
    std::vector<int> flags;     // +1 spike, -1 dip, 0 normal
    std::vector<double> scores; // series_outliers() of the residual
    std::vector<double> baseline;
    std::size_t period = 0; // seasonality used, in bins; 0 = none
    bool periodAutoDetected = false;
    double periodScore = 0.0;
    // True when part of the result is a stand-in for Kusto: an auto-detected period (SeriesPeriodDetector)
    // or scores with a normalisation Kusto was not seen to use (tukey, custom percentiles).
    bool approximate = false;
};

// series_decompose_anomalies(x, threshold, seasonality, trend, test_points, ad_method, seasonality_threshold):
// decompose, score the residual with series_outliers(), flag |score| > threshold (strict on both sides).
// Reproduces Kusto's real output on the msticpy 840-point oracle exactly (docs/anomaly-and-peers.md A.5).
class SeriesDecomposeAnomalies
{
public:
    struct Options
    {
        double threshold = 1.5;
        int seasonality = SeriesDecompose::AutoSeasonality;
        SeriesDecompose::Trend trend = SeriesDecompose::Trend::Avg;
        std::size_t testPoints = 0;
        SeriesOutliers::Kind method = SeriesOutliers::Kind::CTukey;
        double seasonalityThreshold = 0.6;
    };

    static Result<SeriesAnomalies> detect(std::span<const double> series, const Options& options);
    static Result<SeriesAnomalies> detect(std::span<const double> series) { return detect(series, Options{}); }
};

} // namespace kvw::core
