#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "ui/WorkbookView.h"

class QButtonGroup;
class QChartView;
class QTabBar;

namespace kvw::ui {

class DataTableView;
class KeyTotalsModel;
class RowTableModel;

// "Event analysis": all or failed events by vault, caller IP, identity or operation — time chart of the top keys,
// grid with bars and counts (double-click opens the entity page), distribution pie, and for IPs and identities the
// Defender alerts and detection findings involving the selected row.
class ByKeyView : public WorkbookView
{
    Q_OBJECT
public:
    explicit ByKeyView(QWidget* parent = nullptr);

    void setGroupKey(core::GroupKey key);
    core::GroupKey groupKey() const { return m_key; }
    void setFailedOnly(bool failed);
    bool failedOnly() const { return m_failed; }
    KeyTotalsModel* totalsModel() const { return m_model; }
    DataTableView* table() const { return m_table; }
    RowTableModel* relatedModel() const { return m_related; }

protected:
    void refresh() override;
    void clearView() override;

private:
    void showRelated(int sourceRow);

    core::GroupKey m_key = core::GroupKey::Vault;
    bool m_failed = false;
    QTabBar* m_tabs;
    QButtonGroup* m_mode;
    QChartView* m_chart;
    QChartView* m_pie;
    DataTableView* m_table;
    KeyTotalsModel* m_model;
    QLabel* m_summary;
    QLabel* m_relatedTitle;
    DataTableView* m_relatedTable;
    RowTableModel* m_related;
    QueryRunner* m_relatedRunner;
};

} // namespace kvw::ui
