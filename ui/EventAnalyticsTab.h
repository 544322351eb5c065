#pragma once

#include <QWidget>

#include <vector>

class QTabWidget;

namespace kvw::ui {

class BaselinesView;
class ByKeyView;
class CoverageView;
class OperationAnalysisView;
class SensitiveOperationsView;
class WorkbookView;

// Tab 2, "Analytics over Key Vault events": coverage, event analysis by key, sensitive operations and mass
// retrieval, operation analysis — each a section that queries when shown.
class EventAnalyticsTab : public QWidget
{
    Q_OBJECT
public:
    explicit EventAnalyticsTab(QWidget* parent = nullptr);

    std::vector<WorkbookView*> views() const;
    QTabWidget* sections() const { return m_sections; }
    CoverageView* coverage() const { return m_coverage; }
    ByKeyView* byKey() const { return m_byKey; }
    SensitiveOperationsView* sensitive() const { return m_sensitive; }
    OperationAnalysisView* operations() const { return m_operations; }
    BaselinesView* baselines() const { return m_baselines; }
    // Sections added later (baselines) go here too.
    void addSection(WorkbookView* view, const QString& title, int index = -1);

private:
    QTabWidget* m_sections;
    CoverageView* m_coverage;
    ByKeyView* m_byKey;
    SensitiveOperationsView* m_sensitive;
    OperationAnalysisView* m_operations;
    BaselinesView* m_baselines;
    std::vector<WorkbookView*> m_extra;
};

} // namespace kvw::ui
