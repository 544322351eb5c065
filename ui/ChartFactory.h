#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"

#include <QString>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QWidget;
QT_END_NAMESPACE

namespace kvw::ui {

// Builds the workbook's charts from core results: titled, with axis labels, legends and hover tooltips, following
// the system palette. Series names come from log values and are only ever shown as plain text.
class ChartFactory
{
public:
    // A chart view with antialiasing, a minimum height and the palette's theme.
    static QChartView* makeView(QWidget* parent, const QString& objectName);

    // One line per key over the series' time axis.
    static void setTimeChart(QChartView* view, const core::KeyedSeries& series, const QString& title,
                             const QString& yTitle, bool integerAxis = true);
    // Single lines given directly (availability, throttling…).
    static void setLines(QChartView* view, const core::TimeAxis& axis,
                         const std::vector<std::pair<QString, std::vector<double>>>& lines, const QString& title,
                         const QString& yTitle, std::optional<std::pair<double, double>> yRange = std::nullopt);
    // A pie of the largest slices (others summed), with percentages in the legend.
    static void setPie(QChartView* view, const std::vector<std::pair<std::string, double>>& slices,
                       const QString& title, int maxSlices = 8);
    // A title-less, axis-less line for tiles.
    static QChartView* sparkline(QWidget* parent, const std::vector<double>& values);
    // Replaces the chart with a message saying what is missing.
    static void setEmpty(QChartView* view, const QString& title, const QString& message);
};

} // namespace kvw::ui
