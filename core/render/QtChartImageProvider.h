#pragma once

#include "core/report/ChartImageProvider.h"

namespace kvw::core {

// Charts for the HTML report as PNG data at `scale` times the laid-out size (sharp on HiDPI screens and in print).
class QtChartImageProvider final : public ChartImageProvider
{
public:
    explicit QtChartImageProvider(double scale = 2.0) : m_scale(scale) {}
    std::optional<ChartImage> render(const ChartSpec& chart, int width, int height) const override;

private:
    double m_scale;
};

} // namespace kvw::core
