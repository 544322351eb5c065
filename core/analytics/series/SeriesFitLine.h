#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace kvw::core {

// series_fit_line(): least squares y = slope * x + interception with x = 1..n, as Kusto defines it.
struct LineFit
{
    double rsquare = 0.0; // 1 - SSres / SStot; NaN when the input is constant (SStot == 0)
    double slope = 0.0;
    double variance = 0.0;  // variance of the input, n - 1 denominator
    double rvariance = 0.0; // variance of input - line_fit, n - 1 denominator
    double interception = 0.0;
    std::vector<double> lineFit;
};

class SeriesFitLine
{
public:
    struct Coefficients
    {
        double slope = 0.0;
        double interception = 0.0;
        std::size_t points = 0; // finite points that took part
    };

    // All outputs of series_fit_line(). Empty input gives NaN statistics and an empty line; NaN values are
    // skipped by the fit and the statistics (Kusto treats them as nulls) but keep their slot in lineFit.
    static LineFit fit(std::span<const double> y);

    // Only the line, over the finite values of y; x of y[i] is i + 1. Fewer than two points give slope 0 and
    // the mean (or 0) as interception, so callers always get a usable line.
    static Coefficients coefficients(std::span<const double> y);
};

} // namespace kvw::core
