#include "core/analytics/series/SeriesDecompose.h"

#include "core/analytics/series/SeriesFitLine.h"
#include "core/analytics/series/SeriesPeriodDetector.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace kvw::core {
namespace {

// Median of the finite values in `values` (reordered); even counts average the two middle values (Kusto's
// rule for that case is unverified: the oracle's phases all hold an odd number of points). NaN when empty.
double median(std::vector<double>& values)
{
    if (values.empty()) {
        return std::nan("");
    }
    const std::size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
    const double upper = values[mid];
    if (values.size() % 2 == 1) {
        return upper;
    }
    const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
    return lower + (upper - lower) / 2.0;
}

void fillSeasonal(std::span<const double> learning, std::size_t period, std::vector<double>& seasonal)
{
    std::vector<double> phase;
    phase.reserve(learning.size() / period + 1);
    for (std::size_t j = 0; j < period && j < seasonal.size(); ++j) {
        phase.clear();
        for (std::size_t i = j; i < learning.size(); i += period) {
            if (std::isfinite(learning[i])) {
                phase.push_back(learning[i]);
            }
        }
        const double m = median(phase);
        // A phase without learning data (forced period longer than the window) gets no seasonal offset.
        const double value = std::isfinite(m) ? m : 0.0;
        for (std::size_t i = j; i < seasonal.size(); i += period) {
            seasonal[i] = value;
        }
    }
}

Error usageError(std::string message)
{
    return Error{Error::Code::Usage, {}, 0, "series_decompose: " + std::move(message)};
}

} // namespace

Result<Decomposition> SeriesDecompose::decompose(std::span<const double> series, const Options& options)
{
    const std::size_t n = series.size();
    if (options.seasonality < AutoSeasonality) {
        return usageError("seasonality must be -1, 0 or a period, got " + std::to_string(options.seasonality));
    }
    if (n > 0 && options.testPoints >= n) {
        return usageError("test_points (" + std::to_string(options.testPoints) +
                          ") must be smaller than the series length (" + std::to_string(n) + ")");
    }

    Decomposition out;
    out.seasonal.assign(n, 0.0);
    out.trend.assign(n, 0.0);
    out.baseline.assign(n, 0.0);
    out.residual.assign(n, 0.0);
    if (n == 0) {
        out.periodAutoDetected = out.approximate = options.seasonality == AutoSeasonality;
        return out;
    }
    const std::size_t m = n - options.testPoints;
    const std::span<const double> learning = series.first(m);

    if (options.seasonality == AutoSeasonality) {
        const DetectedPeriod detected = SeriesPeriodDetector::detectSeasonality(learning, options.seasonalityThreshold);
        out.period = detected.period;
        out.periodScore = detected.score;
        out.periodAutoDetected = true;
        out.approximate = true;
    } else {
        out.period = static_cast<std::size_t>(options.seasonality);
    }
    if (out.period > 0) {
        fillSeasonal(learning, out.period, out.seasonal);
    }

    // Trend over the deseasonalised learning window.
    std::vector<double> deseasonal(m);
    for (std::size_t i = 0; i < m; ++i) {
        deseasonal[i] = series[i] - out.seasonal[i];
    }
    switch (options.trend) {
    case Trend::Avg: {
        double sum = 0.0;
        std::size_t count = 0;
        for (const double v : deseasonal) {
            if (std::isfinite(v)) {
                sum += v;
                ++count;
            }
        }
        std::fill(out.trend.begin(), out.trend.end(), count > 0 ? sum / static_cast<double>(count) : 0.0);
        break;
    }
    case Trend::LineFit: {
        const SeriesFitLine::Coefficients line = SeriesFitLine::coefficients(deseasonal);
        for (std::size_t i = 0; i < n; ++i) {
            out.trend[i] = line.slope * static_cast<double>(i + 1) + line.interception;
        }
        break;
    }
    case Trend::None:
        break;
    }

    for (std::size_t i = 0; i < n; ++i) {
        out.baseline[i] = out.seasonal[i] + out.trend[i];
        out.residual[i] = series[i] - out.baseline[i];
    }
    return out;
}

} // namespace kvw::core
