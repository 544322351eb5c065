#pragma once

#include "ui/WorkbookView.h"

class QChartView;
class QComboBox;

namespace kvw::ui {

// "Operation analysis": per operation over time for secrets, keys or certificates, all / users / services, at a
// tenth of the grain, with the workbook's log scale (natural log of the "get" operations only).
class OperationAnalysisView : public WorkbookView
{
    Q_OBJECT
public:
    explicit OperationAnalysisView(QWidget* parent = nullptr);
    QChartView* chart() const { return m_chart; }
    double lastTotal() const { return m_total; }

protected:
    void refresh() override;

private:
    QComboBox* m_objects;
    QComboBox* m_actors;
    QComboBox* m_scale;
    QChartView* m_chart;
    QLabel* m_summary;
    double m_total = 0;
};

} // namespace kvw::ui
