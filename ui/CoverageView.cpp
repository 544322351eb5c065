#include "ui/CoverageView.h"

#include "core/analytics/workbook/EventAnalytics.h"
#include "ui/ChartFactory.h"
#include "ui/DataTableView.h"
#include "ui/RowTableModel.h"
#include "ui/UiFormat.h"

#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace kvw::ui {

CoverageView::CoverageView(QWidget* parent)
    : WorkbookView(parent),
      m_model(new RowTableModel({tr("Vault"), tr("Diagnostic logs"), tr("Events"), tr("First (UTC)"), tr("Last (UTC)"),
                                 tr("Active days"), tr("Longest gap (h)"), tr("Subscription"), tr("Note")},
                                this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    m_summary = makeLabel({}, this, QStringLiteral("coverageSummaryLabel"));
    layout->addWidget(m_summary);
    auto* row = new QHBoxLayout;
    m_table = new DataTableView(this);
    m_table->setObjectName(QStringLiteral("coverageTableView"));
    m_table->setSourceModel(m_model);
    m_table->setBarColumn(2, QColor(0x2f, 0x80, 0xc8));
    m_pie = ChartFactory::makeView(this, QStringLiteral("coveragePieChart"));
    row->addWidget(m_table, 3);
    row->addWidget(m_pie, 2);
    layout->addLayout(row, 1);
    connect(m_table, &DataTableView::entityActivated, this, &CoverageView::openEntity);
}

void CoverageView::refresh()
{
    const core::EventFilter f = filter();
    runner()->run<std::vector<core::VaultCoverage>>(
        [f](const core::CaseFile& c) { return core::EventAnalytics(c).coverage(f); },
        [this](core::Result<std::vector<core::VaultCoverage>> r) {
            if (!r) {
                m_summary->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            std::vector<std::vector<Cell>> rows;
            std::int64_t collected = 0;
            std::int64_t max = 1;
            for (const auto& c : *r) {
                max = std::max(max, c.events);
            }
            for (const auto& c : *r) {
                collected += c.hasLogs() ? 1 : 0;
                const QString note = c.namedOnlyElsewhere ? tr("named by alerts or metrics only; enable diagnostic "
                                                               "settings (AuditEvent) for this vault")
                                     : !c.hasLogs()       ? tr("no audit events in the selected range")
                                                          : QString();
                rows.push_back({Cell::entity(UiFormat::key(c.vault), static_cast<int>(core::EntityKind::Vault)),
                                Cell::plain(c.hasLogs() ? tr("✔ collected") : tr("⚠ missing")),
                                Cell::count(c.events, static_cast<double>(c.events) / static_cast<double>(max)),
                                Cell::plain(UiFormat::time(c.first)), Cell::plain(UiFormat::time(c.last)),
                                Cell::count(c.activeDays), Cell::count(c.longestGapHours),
                                Cell::plain(UiFormat::text(c.subscription)), Cell::plain(note)});
            }
            const auto total = static_cast<std::int64_t>(r->size());
            m_summary->setText(tr("%1 of %2 vaults have diagnostic logs (AuditEvent) in the selected range.")
                                   .arg(UiFormat::count(collected), UiFormat::count(total)));
            m_model->setRows(std::move(rows));
            ChartFactory::setPie(m_pie,
                                 {{"Diagnostic logs collected", static_cast<double>(collected)},
                                  {"Diagnostic logs not collected", static_cast<double>(total - collected)}},
                                 tr("Diagnostic logs coverage"));
            m_table->resizeColumnsToContents();
        });
}

} // namespace kvw::ui
