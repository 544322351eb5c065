#include "core/analytics/series/SeriesPeriodDetector.h"

#include "core/analytics/series/SeriesFitLine.h"

#include <algorithm>
#include <cmath>

namespace kvw::core {
namespace {

// Sample autocorrelation (the usual biased estimator) at lags first..last of the linefit residual.
// Returns an empty vector when the residual has no variance (constant or perfectly linear series).
std::vector<double> autocorrelation(std::span<const double> series, std::size_t first, std::size_t last)
{
    const SeriesFitLine::Coefficients line = SeriesFitLine::coefficients(series);
    const std::size_t n = series.size();
    std::vector<double> d(n, 0.0);
    double mean = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isfinite(series[i])) {
            d[i] = series[i] - (line.slope * static_cast<double>(i + 1) + line.interception);
            mean += d[i];
        }
    }
    mean /= static_cast<double>(n);
    double denominator = 0.0;
    for (double& v : d) {
        v -= mean;
        denominator += v * v;
    }
    // Relative to the data's scale, so a linear series with rounding noise is not seen as periodic.
    double scale = 0.0;
    for (const double v : series) {
        if (std::isfinite(v)) {
            scale = std::max(scale, std::abs(v));
        }
    }
    if (!(denominator > 1e-20 * scale * scale * static_cast<double>(n))) {
        return {};
    }
    // O(n * lags): four partial sums let the compiler pipeline the loop (it may not reorder one FP sum).
    std::vector<double> acf(last - first + 1, 0.0);
    for (std::size_t lag = first; lag <= last; ++lag) {
        const std::size_t count = n - lag;
        const double* a = d.data();
        const double* b = d.data() + lag;
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        std::size_t t = 0;
        for (; t + 4 <= count; t += 4) {
            s0 += a[t] * b[t];
            s1 += a[t + 1] * b[t + 1];
            s2 += a[t + 2] * b[t + 2];
            s3 += a[t + 3] * b[t + 3];
        }
        for (; t < count; ++t) {
            s0 += a[t] * b[t];
        }
        acf[lag - first] = ((s0 + s1) + (s2 + s3)) / denominator;
    }
    return acf;
}

// Local maxima of the autocorrelation with a positive score, best first, within [lo, hi].
std::vector<DetectedPeriod> candidates(std::span<const double> series, std::size_t lo, std::size_t hi)
{
    const std::size_t n = series.size();
    hi = std::min(hi, n / 2);
    lo = std::max(lo, SeriesPeriodDetector::MinPeriod);
    if (lo > hi) {
        return {};
    }
    // One lag either side, so that the ends of the range are judged as local maxima too.
    const std::size_t first = lo - 1;
    const std::size_t last = std::min(hi + 1, n - 1);
    const std::vector<double> acf = autocorrelation(series, first, last);
    if (acf.empty()) {
        return {};
    }
    const auto at = [&](std::size_t lag) { return acf[lag - first]; };
    std::vector<DetectedPeriod> found;
    for (std::size_t lag = lo; lag <= hi; ++lag) {
        const double r = at(lag);
        const bool peak = r > at(lag - 1) && (lag + 1 > last || r >= at(lag + 1));
        if (peak && r > 0.0) {
            found.push_back({lag, std::min(r, 1.0)});
        }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const DetectedPeriod& a, const DetectedPeriod& b) { return a.score > b.score; });
    return found;
}

} // namespace

PeriodDetection SeriesPeriodDetector::detect(std::span<const double> series, double minPeriod, double maxPeriod,
                                             std::size_t numPeriods)
{
    PeriodDetection out;
    if (numPeriods > 0 && maxPeriod >= minPeriod && maxPeriod >= static_cast<double>(MinPeriod)) {
        const auto lo = static_cast<std::size_t>(std::max(0.0, std::ceil(minPeriod)));
        const auto hi = static_cast<std::size_t>(std::min(std::floor(maxPeriod), static_cast<double>(series.size())));
        out.periods = candidates(series, lo, hi);
    }
    out.periods.resize(numPeriods);
    return out;
}

DetectedPeriod SeriesPeriodDetector::detectSeasonality(std::span<const double> series, double threshold)
{
    const std::vector<DetectedPeriod> found = candidates(series, MinPeriod, series.size() / 2);
    if (found.empty()) {
        return {};
    }
    if (found.front().score >= threshold) {
        return found.front();
    }
    return {0, found.front().score};
}

} // namespace kvw::core
