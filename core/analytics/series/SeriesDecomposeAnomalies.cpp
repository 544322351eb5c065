#include "core/analytics/series/SeriesDecomposeAnomalies.h"

namespace kvw::core {

Result<SeriesAnomalies> SeriesDecomposeAnomalies::detect(std::span<const double> series, const Options& options)
{
    SeriesDecompose::Options decomposeOptions;
    decomposeOptions.seasonality = options.seasonality;
    decomposeOptions.trend = options.trend;
    decomposeOptions.testPoints = options.testPoints;
    decomposeOptions.seasonalityThreshold = options.seasonalityThreshold;
    Result<Decomposition> parts = SeriesDecompose::decompose(series, decomposeOptions);
    if (!parts) {
        return parts.error();
    }

    // Test points are scored but kept out of P10/P90, like the rest of the learning (Kusto: undocumented).
    SeriesOutliers::Options outlierOptions;
    outlierOptions.kind = options.method;
    outlierOptions.excludeTrailing = options.testPoints;
    Result<OutlierScores> scored = SeriesOutliers::score(parts->residual, outlierOptions);
    if (!scored) {
        return scored.error();
    }

    SeriesAnomalies out;
    out.scores = std::move(scored->scores);
    out.baseline = std::move(parts->baseline);
    out.period = parts->period;
    out.periodAutoDetected = parts->periodAutoDetected;
    out.periodScore = parts->periodScore;
    out.approximate = parts->approximate || scored->approximate;
    out.flags.resize(out.scores.size());
    for (std::size_t i = 0; i < out.scores.size(); ++i) {
        const double s = out.scores[i];
        out.flags[i] = s > options.threshold ? 1 : (s < -options.threshold ? -1 : 0);
    }
    return out;
}

} // namespace kvw::core
