#include "core/analytics/series/SeriesFitLine.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kvw::core {

SeriesFitLine::Coefficients SeriesFitLine::coefficients(std::span<const double> y)
{
    // Centred sums: the raw-moment formula loses digits on byte counts around 1e9.
    double sumX = 0.0;
    double sumY = 0.0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (std::isfinite(y[i])) {
            sumX += static_cast<double>(i + 1);
            sumY += y[i];
            ++n;
        }
    }
    if (n == 0) {
        return {};
    }
    const double meanX = sumX / static_cast<double>(n);
    const double meanY = sumY / static_cast<double>(n);
    if (n < 2) {
        return {0.0, meanY, n};
    }
    double sxx = 0.0;
    double sxy = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (std::isfinite(y[i])) {
            const double dx = static_cast<double>(i + 1) - meanX;
            sxx += dx * dx;
            sxy += dx * (y[i] - meanY);
        }
    }
    const double slope = sxy / sxx;
    return {slope, meanY - slope * meanX, n};
}

LineFit SeriesFitLine::fit(std::span<const double> y)
{
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    LineFit out;
    const Coefficients c = coefficients(y);
    out.slope = c.slope;
    out.interception = c.interception;
    out.lineFit.resize(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
        out.lineFit[i] = c.slope * static_cast<double>(i + 1) + c.interception;
    }
    if (c.points == 0) {
        out.slope = out.interception = out.rsquare = out.variance = out.rvariance = nan;
        std::fill(out.lineFit.begin(), out.lineFit.end(), nan);
        return out;
    }

    double meanY = 0.0;
    for (const double v : y) {
        if (std::isfinite(v)) {
            meanY += v;
        }
    }
    meanY /= static_cast<double>(c.points);
    // The OLS residual has zero mean, so its variance is SSres / (n - 1).
    double ssTot = 0.0;
    double ssRes = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (std::isfinite(y[i])) {
            const double r = y[i] - out.lineFit[i];
            ssTot += (y[i] - meanY) * (y[i] - meanY);
            ssRes += r * r;
        }
    }
    const double denominator = static_cast<double>(c.points) - 1.0;
    out.variance = c.points > 1 ? ssTot / denominator : 0.0;
    out.rvariance = c.points > 1 ? ssRes / denominator : 0.0;
    out.rsquare = ssTot > 0.0 ? 1.0 - ssRes / ssTot : nan;
    return out;
}

} // namespace kvw::core
