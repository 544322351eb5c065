#pragma once

#include "core/common/Result.h"
#include "core/report/ChartSpec.h"

#include <QByteArray>
#include <QImage>
#include <QSize>

#include <string>

namespace kvw::core {

// A chart as PNG (logical size x scale pixels, for HiDPI slides) or SVG (vector, logical size).
class ChartImageWriter
{
public:
    static QImage image(const ChartSpec& chart, QSize logicalSize, double scale = 1.0);
    static Result<QByteArray> png(const ChartSpec& chart, QSize logicalSize, double scale = 1.0);
    static Result<QByteArray> svg(const ChartSpec& chart, QSize logicalSize);
    // Writes .png or .svg by the path's extension.
    static Status write(const ChartSpec& chart, const std::string& path, QSize logicalSize, double scale = 1.0);
};

} // namespace kvw::core
