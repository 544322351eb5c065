#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/annotations/Annotation.h"
#include "ui/WorkbookView.h"

#include <map>

class QChartView;
class QHBoxLayout;
class QPushButton;
class QStackedWidget;

namespace kvw::ui {

class AlertGraphWidget;
class DataTableView;
class RowTableModel;

// Tab 1, "Azure Defender for Key Vault alerts" (sentinel-content.md §1.3): Defender evidence per subscription
// (inferred, labelled so), severity tiles with trend sparklines, alerts per vault, alerts over time, the alert list
// with its Defender link, and the selected alert's entities (each opens its entity page).
class AlertsTab : public WorkbookView
{
    Q_OBJECT
public:
    explicit AlertsTab(QWidget* parent = nullptr);

    const core::AlertsOverview& overview() const { return m_overview; }
    RowTableModel* alertsModel() const { return m_list; }
    RowTableModel* entitiesModel() const { return m_entities; }
    AlertGraphWidget* graph() const { return m_graph; }
    void selectAlert(int row);
    static QString emptyText();

protected:
    void refresh() override;

private:
    void present();
    // The analyst's tags of an alert (and its note count) for the list's Tags column.
    QString tagsText(std::int64_t alertId) const;

    core::AlertsOverview m_overview;
    std::map<std::string, std::vector<core::Annotation>> m_annotations;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    QHBoxLayout* m_tiles;
    QWidget* m_tileBox;
    RowTableModel* m_coverage;
    RowTableModel* m_perVault;
    RowTableModel* m_list;
    RowTableModel* m_entities;
    DataTableView* m_listTable;
    QChartView* m_overTime;
    QLabel* m_entitiesTitle;
    AlertGraphWidget* m_graph;
    QPushButton* m_openLink;
    QString m_link;
};

} // namespace kvw::ui
