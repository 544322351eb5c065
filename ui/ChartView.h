#pragma once

#include "core/common/Result.h"
#include "core/report/ChartSpec.h"

#include <QChartView>

#include <optional>

class QMenu;

namespace kvw::ui {

// Every chart of the workbook: a QChartView that also keeps the chart as core data (ChartSpec) when it has one, and
// offers "Save as PNG…" (1× / 2×) and "Save as SVG…" on right click. Charts with a spec are exported through
// kvw_render's ChartImageWriter (the drawing the CLI and the report use); the others (empty states, sparklines)
// are rendered from the scene as shown.
class ChartView : public QChartView
{
    Q_OBJECT
public:
    explicit ChartView(QWidget* parent = nullptr);

    void setSpec(std::optional<core::ChartSpec> spec) { m_spec = std::move(spec); }
    const std::optional<core::ChartSpec>& spec() const { return m_spec; }

    // The exported image is the chart's on-screen size (logical pixels) times `scale`.
    core::Status exportPng(const QString& path, double scale = 1.0);
    core::Status exportSvg(const QString& path);
    // The right-click menu (tests inspect and trigger its actions' data: "png:1", "png:2", "svg").
    QMenu* createExportMenu(QWidget* parent);
    // Asks for a file name and writes the format named by an action's data.
    void saveWithDialog(const QString& what);

signals:
    void exported(const QString& path);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    QSize logicalSize() const;
    QString suggestedName(const QString& extension) const;

    std::optional<core::ChartSpec> m_spec;
};

} // namespace kvw::ui
