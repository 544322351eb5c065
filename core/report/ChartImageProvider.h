#pragma once

#include "core/report/ChartSpec.h"

#include <optional>
#include <string>

namespace kvw::core {

struct ChartImage
{
    std::string mimeType;   // image/png, image/svg+xml
    std::string bytes;
};

// Draws a chart into an image. Core has no painter; kvw_render implements this so the HTML report can inline charts.
class ChartImageProvider
{
public:
    virtual ~ChartImageProvider() = default;
    virtual std::optional<ChartImage> render(const ChartSpec& chart, int width, int height) const = 0;
};

} // namespace kvw::core
