#pragma once

#include "core/query/EventFilter.h"
#include "ui/EntityNavigator.h"
#include "ui/IngestController.h"

#include <QMainWindow>

#include <vector>

class QAction;
class QMenu;
class QTabWidget;

namespace kvw::ui {

class AlertsTab;
class AnnotationController;
class DetectionsTab;
class EntityPage;
class EventAnalyticsTab;
class EventsTab;
class FilterBar;
class GlobalFilter;
class MonitoringTab;
class WorkbookView;

// The workbook window: File menu and toolbar (open bundle, open case, recent files, export), drag and drop, the
// filter bar, the five tabs and the entity page with back/forward navigation.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Tab { AlertsTabIndex, AnalyticsTabIndex, MonitoringTabIndex, DetectionsTabIndex, EventsTabIndex, EntityTabIndex };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens case files directly and reads anything else as a bundle into a new case (named by the user, or
    // beside the first input when asking is off).
    void openPaths(const QStringList& paths);
    bool openCase(const QString& path);
    void ingestBundle(const QStringList& inputs, const QString& casePath);
    // Tests and scripted runs: never ask for the case file name (nor stop on a message box).
    void setAskForCasePath(bool ask) { m_askCasePath = ask; }
    static QString defaultCasePath(const QString& firstInput);

    QString casePath() const { return m_casePath; }
    GlobalFilter* globalFilter() const { return m_filter; }
    FilterBar* filterBar() const { return m_filterBar; }
    QTabWidget* tabs() const { return m_tabs; }
    EventsTab* eventsTab() const { return m_events; }
    EventAnalyticsTab* analyticsTab() const { return m_analytics; }
    AlertsTab* alertsTab() const { return m_alerts; }
    MonitoringTab* monitoringTab() const { return m_monitoring; }
    DetectionsTab* detectionsTab() const { return m_detections; }
    EntityPage* entityPage() const { return m_entity; }
    EntityNavigator* navigator() const { return m_navigator; }
    IngestController* ingest() const { return m_ingest; }
    AnnotationController* annotations() const { return m_annotations; }
    std::vector<WorkbookView*> views() const { return m_views; }

    // File → Export report without the dialog: HTML or PDF by the extension, built off the GUI thread from the open
    // case under the window's filter, with the GUI settings in the report's scope section. Emits reportExported.
    void exportReport(const QString& path);
    // File → Save case as without the dialog: a consistent copy through SQLite (VACUUM INTO). Emits caseSaved.
    void saveCaseAs(const QString& path);
    // What the report's scope records for a report made in the window.
    static QString guiSettingsText(const core::EventFilter& filter, const QString& savedFilter);

signals:
    void caseOpened(const QString& path);
    void ingestFinished(const kvw::ui::IngestOutcome& outcome);
    void reportExported(const QString& path, bool ok, const QString& message);
    void caseSaved(const QString& path, bool ok, const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    void onFilterChanged();
    void onIngestFinished(const IngestOutcome& outcome);
    void showIngestErrors();
    void exportEvents();
    void refreshAnnotatedViews();
    void registerView(WorkbookView* view);
    void showEntity(const EntityRef& ref);
    static bool looksLikeCase(const QString& path);

    QString m_casePath;
    GlobalFilter* m_filter;
    FilterBar* m_filterBar;
    QTabWidget* m_tabs;
    AlertsTab* m_alerts;
    EventAnalyticsTab* m_analytics;
    MonitoringTab* m_monitoring;
    DetectionsTab* m_detections;
    EventsTab* m_events;
    EntityPage* m_entity;
    EntityNavigator* m_navigator;
    IngestController* m_ingest;
    AnnotationController* m_annotations;
    std::vector<WorkbookView*> m_views;
    QMenu* m_recentMenu = nullptr;
    QAction* m_back = nullptr;
    QAction* m_forward = nullptr;
    QAction* m_export = nullptr;
    QAction* m_exportReport = nullptr;
    QAction* m_saveCaseAs = nullptr;
    QAction* m_errors = nullptr;
    bool m_askCasePath = true;
};

} // namespace kvw::ui
