#include "core/analytics/series/SeriesOutliers.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string>
#include <utility>

namespace kvw::core {
namespace {

// Inverse of the standard normal CDF: Acklam's rational approximation (1e-9) polished by one Halley step
// against std::erfc, which brings it to double precision.
double normalQuantile(double p)
{
    static constexpr std::array<double, 6> a{-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr std::array<double, 5> b{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                             6.680131188771972e+01, -1.328068155288572e+01};
    static constexpr std::array<double, 6> c{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr std::array<double, 4> d{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                             3.754408661907416e+00};
    constexpr double low = 0.02425;
    double x = 0.0;
    if (p < low) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else if (p <= 1.0 - low) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    } else {
        const double q = std::sqrt(-2.0 * std::log(1.0 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(x * x / 2.0);
    return x - u / (1.0 + x * u / 2.0);
}

bool isIgnored(double v, const std::optional<double>& ignoreValue)
{
    return !std::isfinite(v) || (ignoreValue && v == *ignoreValue);
}

Error usageError(std::string message)
{
    return Error{Error::Code::Usage, {}, 0, "series_outliers: " + std::move(message)};
}

} // namespace

double SeriesOutliers::percentile(std::span<const double> sorted, double p)
{
    const double h = static_cast<double>(sorted.size() - 1) * p / 100.0;
    const auto j = static_cast<std::size_t>(std::floor(h));
    if (j + 1 >= sorted.size()) {
        return sorted.back();
    }
    return sorted[j] + (h - static_cast<double>(j)) * (sorted[j + 1] - sorted[j]);
}

double SeriesOutliers::recipeFactor(double minPercentile, double maxPercentile)
{
    const double z25 = normalQuantile(0.25);
    const double z75 = normalQuantile(0.75);
    const double zLo = normalQuantile(minPercentile / 100.0);
    const double zHi = normalQuantile(maxPercentile / 100.0);
    const double mildOutlier = z75 + 1.5 * (z75 - z25);
    return 1.5 * (zHi - zLo) / (mildOutlier - zHi);
}

Result<OutlierScores> SeriesOutliers::score(std::span<const double> series, const Options& options)
{
    OutlierScores out;
    double pMin = 25.0;
    double pMax = 75.0;
    if (options.kind == Kind::Tukey) {
        // F = 1 is plain Tukey by construction of the ctukey normalisation, but not checked against Kusto.
        out.factor = 1.0;
        out.approximate = true;
    } else {
        pMin = options.minPercentile;
        pMax = options.maxPercentile;
        if (!(pMin >= 2.0 && pMax <= 98.0 && pMin < pMax)) {
            return usageError("percentiles must satisfy 2 <= min < max <= 98, got " + std::to_string(pMin) + " and " +
                              std::to_string(pMax));
        }
        if (pMin == 10.0 && pMax == 90.0) {
            out.factor = CTukeyFactor10To90;
        } else {
            out.factor = recipeFactor(pMin, pMax);
            out.approximate = true;
        }
    }

    out.scores.assign(series.size(), 0.0);
    const std::size_t learning = series.size() - std::min(options.excludeTrailing, series.size());
    std::vector<double> sorted;
    sorted.reserve(learning);
    for (std::size_t i = 0; i < learning; ++i) {
        if (!isIgnored(series[i], options.ignoreValue)) {
            sorted.push_back(series[i]);
        }
    }
    if (sorted.empty()) {
        return out;
    }
    std::sort(sorted.begin(), sorted.end());
    const double lo = percentile(sorted, pMin);
    const double hi = percentile(sorted, pMax);
    out.lowPercentile = lo;
    out.highPercentile = hi;
    const double width = hi - lo;
    if (!(width > 0.0)) {
        return out;
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
        const double v = series[i];
        if (isIgnored(v, options.ignoreValue)) {
            continue;
        }
        if (v > hi) {
            out.scores[i] = out.factor * (v - hi) / width;
        } else if (v < lo) {
            out.scores[i] = out.factor * (v - lo) / width;
        }
    }
    return out;
}

} // namespace kvw::core
