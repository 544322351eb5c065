#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "ui/WorkbookView.h"

class QChartView;

namespace kvw::ui {

class DataTableView;
class RowTableModel;

// Tab 3, operation monitoring from the audit events (and AzureMetrics when the bundle has them): requests by
// operation class and status class, latency p50/p95/p99, availability, throttling and denials, and per operation
// counts with p99 duration.
class MonitoringTab : public WorkbookView
{
    Q_OBJECT
public:
    explicit MonitoringTab(QWidget* parent = nullptr);
    const core::MonitoringResult& result() const { return m_result; }
    RowTableModel* operationsModel() const { return m_operations; }

protected:
    void refresh() override;

private:
    void present();

    core::MonitoringResult m_result;
    QLabel* m_tiles;
    QChartView* m_byClass;
    QChartView* m_byStatus;
    QChartView* m_latency;
    QChartView* m_availability;
    QChartView* m_problems;
    QChartView* m_metrics;
    RowTableModel* m_operations;
};

} // namespace kvw::ui
