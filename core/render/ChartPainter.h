#pragma once

#include "core/report/ChartSpec.h"

#include <QRectF>

class QPainter;

namespace kvw::core {

// Draws a ChartSpec with QPainter: time charts (line, stacked area) with axes, grid, labels, legend and markers;
// horizontal bar charts for categories (labels stay readable); pies with a value legend. All text is drawn as
// plain text, never interpreted.
class ChartPainter
{
public:
    static void paint(QPainter& painter, const QRectF& rect, const ChartSpec& chart);
};

} // namespace kvw::core
