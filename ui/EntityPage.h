#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/annotations/Annotation.h"
#include "ui/EntityNavigator.h"
#include "ui/WorkbookView.h"

class QChartView;
class QPushButton;

namespace kvw::ui {

class DataTableView;
class EventTableModel;
class RowTableModel;

// The entity page: first/last seen, counts, vaults, operations, IPs and identities it touched, a timeline, its events,
// and every Defender alert, detection finding and threat-intel match that involves it. Any entity shown on it opens
// its own page (history: the window's back/forward).
class EntityPage : public WorkbookView
{
    Q_OBJECT
public:
    explicit EntityPage(QWidget* parent = nullptr);

    void showEntity(const EntityRef& ref);
    const EntityRef& entity() const { return m_ref; }
    // The summary of the last completed query (tests compare it with the core).
    const core::EntitySummary& summary() const { return m_summary; }
    RowTableModel* findingsModel() const { return m_findings; }
    RowTableModel* alertsModel() const { return m_alerts; }
    EventTableModel* eventsModel() const { return m_events; }
    // The analyst's tags, bookmark and notes of the entity, as the header shows them (plain text).
    QString annotationsText() const;

    static QString kindTitle(core::EntityKind kind);

protected:
    void refresh() override;
    void clearView() override;

private:
    void present();

    EntityRef m_ref;
    core::EntitySummary m_summary;
    QLabel* m_title;
    QLabel* m_stats;
    QLabel* m_intel;
    QLabel* m_notes;
    QPushButton* m_annotate;
    std::vector<core::Annotation> m_annotations;
    QChartView* m_timeline;
    RowTableModel* m_related;   // vaults / operations / IPs / identities with counts
    RowTableModel* m_alerts;
    RowTableModel* m_findings;
    EventTableModel* m_events;
    DataTableView* m_eventsTable;
    QString m_eventsCase;
};

} // namespace kvw::ui
