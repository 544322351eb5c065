#pragma once

#include "core/common/Result.h"

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace kvw::core {

struct OutlierScores
{
    std::vector<double> scores; // 0 inside [low, high]; signed distance beyond it, normalised, outside
    double lowPercentile = 0.0; // the values of P_min and P_max over the scored points
    double highPercentile = 0.0;
    double factor = 1.0; // the normalisation constant F
    // True when F is not Kusto's verified constant: custom percentiles (maintainer's recipe) or kind tukey.
    bool approximate = false;
};

// series_outliers(): scores each point by how far it lies beyond the [P_min, P_max] fence of the series.
// Non-finite values (NaN is Kusto's null) and ignoreValue never take part and score 0. When
// P_max == P_min (a flat series) the fence has no width and every score is 0: Kusto does not document
// this case, and a zero-width fence would otherwise turn every non-median point into an infinite score.
class SeriesOutliers
{
public:
    enum class Kind { CTukey, Tukey };

    struct Options
    {
        Kind kind = Kind::CTukey;
        std::optional<double> ignoreValue;
        double minPercentile = 10.0; // ctukey only; Kusto accepts [2, 98]
        double maxPercentile = 90.0;
        // Points at the end that are scored but excluded from the percentiles (the test points of
        // series_decompose_anomalies). Kusto's series_outliers() itself has no such argument.
        std::size_t excludeTrailing = 0;
    };

    // Kusto's F for ctukey with 10/90, recovered from two real outputs (docs/anomaly-and-peers.md A.3).
    static constexpr double CTukeyFactor10To90 = 2.772605605507915;

    static Result<OutlierScores> score(std::span<const double> series, const Options& options);
    static Result<OutlierScores> score(std::span<const double> series) { return score(series, Options{}); }

    // Linear-interpolated percentile of an ascending, non-empty range, p in [0, 100].
    static double percentile(std::span<const double> sorted, double p);

    // The maintainer's recipe for F with other percentile pairs: a mild (k = 1.5) Tukey 25/75 outlier of
    // normal data scores 1.5. Gives 1 for 25/75 but 2.714 (not Kusto's 2.7726) for 10/90: approximate.
    static double recipeFactor(double minPercentile, double maxPercentile);
};

} // namespace kvw::core
