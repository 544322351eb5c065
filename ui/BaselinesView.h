#pragma once

#include "core/analytics/baselines/ActivityBaselines.h"
#include "ui/WorkbookView.h"

class QChartView;
class QComboBox;

namespace kvw::ui {

class DataTableView;
class RowTableModel;

// "Key vault activity baselines and deviations": per vault, daily counts over the baseline window with
// series_decompose_anomalies scores (last day, max, min, historical and current anomaly flags at |score| > 3), and
// the count and score charts of the selected vault; an hourly view as well.
class BaselinesView : public WorkbookView
{
    Q_OBJECT
public:
    explicit BaselinesView(QWidget* parent = nullptr);
    RowTableModel* model() const { return m_model; }
    const std::vector<core::BaselineSeries>& series() const { return m_series; }
    void selectSeries(int row);

protected:
    void refresh() override;

private:
    std::vector<core::BaselineSeries> m_series;
    RowTableModel* m_model;
    DataTableView* m_table;
    QComboBox* m_mode;
    QLabel* m_summary;
    QChartView* m_counts;
    QChartView* m_scores;
};

} // namespace kvw::ui
