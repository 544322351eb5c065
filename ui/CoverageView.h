#pragma once

#include "ui/WorkbookView.h"

class QChartView;

namespace kvw::ui {

class DataTableView;
class RowTableModel;

// "Diagnostic logs coverage": every vault the bundle names, whether audit events exist for it in the range (missing
// first), its span, active days and longest silence, with a collected / not collected pie.
class CoverageView : public WorkbookView
{
    Q_OBJECT
public:
    explicit CoverageView(QWidget* parent = nullptr);
    RowTableModel* model() const { return m_model; }

protected:
    void refresh() override;

private:
    RowTableModel* m_model;
    DataTableView* m_table;
    QChartView* m_pie;
    QLabel* m_summary;
};

} // namespace kvw::ui
