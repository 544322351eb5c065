#include "core/render/QtChartImageProvider.h"

#include "core/render/ChartImageWriter.h"

namespace kvw::core {

std::optional<ChartImage> QtChartImageProvider::render(const ChartSpec& chart, int width, int height) const
{
    auto png = ChartImageWriter::png(chart, QSize(width, height), m_scale);
    if (!png) {
        return std::nullopt;
    }
    return ChartImage{"image/png", std::string(png->constData(), static_cast<std::size_t>(png->size()))};
}

} // namespace kvw::core
