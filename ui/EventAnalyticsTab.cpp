#include "ui/EventAnalyticsTab.h"

#include "ui/BaselinesView.h"
#include "ui/ByKeyView.h"
#include "ui/CoverageView.h"
#include "ui/OperationAnalysisView.h"
#include "ui/SensitiveOperationsView.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace kvw::ui {

EventAnalyticsTab::EventAnalyticsTab(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 12);
    m_sections = new QTabWidget(this);
    m_sections->setObjectName(QStringLiteral("analyticsSectionTabs"));
    m_sections->setDocumentMode(true);
    m_byKey = new ByKeyView(m_sections);
    m_coverage = new CoverageView(m_sections);
    m_sensitive = new SensitiveOperationsView(m_sections);
    m_operations = new OperationAnalysisView(m_sections);
    m_sections->addTab(m_byKey, tr("Event analysis"));
    m_sections->addTab(m_coverage, tr("Diagnostic logs coverage"));
    m_baselines = new BaselinesView(m_sections);
    m_sections->addTab(m_baselines, tr("Activity baselines"));
    m_sections->addTab(m_sensitive, tr("Sensitive operations && mass retrieval"));
    m_sections->addTab(m_operations, tr("Operation analysis"));
    layout->addWidget(m_sections);
}

std::vector<WorkbookView*> EventAnalyticsTab::views() const
{
    std::vector<WorkbookView*> v{m_byKey, m_coverage, m_baselines, m_sensitive, m_operations};
    v.insert(v.end(), m_extra.begin(), m_extra.end());
    return v;
}

void EventAnalyticsTab::addSection(WorkbookView* view, const QString& title, int index)
{
    m_extra.push_back(view);
    m_sections->insertTab(index < 0 ? m_sections->count() : index, view, title);
}

} // namespace kvw::ui
