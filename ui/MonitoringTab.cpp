#include "ui/MonitoringTab.h"

#include "core/analytics/workbook/EventAnalytics.h"
#include "core/analytics/workbook/MonitoringQueries.h"
#include "ui/ChartFactory.h"
#include "ui/DataTableView.h"
#include "ui/RowTableModel.h"
#include "ui/UiFormat.h"

#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace kvw::ui {

MonitoringTab::MonitoringTab(QWidget* parent)
    : WorkbookView(parent),
      m_operations(new RowTableModel({tr("Operation"), tr("Requests"), tr("Succeeded"), tr("Failed"), tr("p99 duration")},
                                     this))
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    auto* grid = new QGridLayout(content);
    grid->setContentsMargins(12, 12, 12, 12);
    grid->setSpacing(10);
    m_tiles = makeHeading({}, content);
    m_tiles->setWordWrap(true);
    m_tiles->setObjectName(QStringLiteral("monitoringTilesLabel"));
    m_byClass = ChartFactory::makeView(content, QStringLiteral("requestsByClassChart"));
    m_byStatus = ChartFactory::makeView(content, QStringLiteral("requestsByStatusChart"));
    m_latency = ChartFactory::makeView(content, QStringLiteral("latencyChart"));
    m_availability = ChartFactory::makeView(content, QStringLiteral("availabilityChart"));
    m_problems = ChartFactory::makeView(content, QStringLiteral("throttlingDeniedChart"));
    m_metrics = ChartFactory::makeView(content, QStringLiteral("metricsChart"));
    auto* ops = new DataTableView(content);
    ops->setObjectName(QStringLiteral("operationHealthTableView"));
    ops->setSourceModel(m_operations);
    ops->setBarColumn(1, QColor(0x2f, 0x80, 0xc8));
    ops->setBarColumn(3, QColor(0xc0, 0x30, 0x30));
    ops->setMinimumHeight(260);
    grid->addWidget(m_tiles, 0, 0, 1, 2);
    grid->addWidget(m_byClass, 1, 0);
    grid->addWidget(m_byStatus, 1, 1);
    grid->addWidget(m_latency, 2, 0);
    grid->addWidget(m_availability, 2, 1);
    grid->addWidget(m_problems, 3, 0);
    grid->addWidget(m_metrics, 3, 1);
    grid->addWidget(ops, 4, 0, 1, 2);
    scroll->setWidget(content);
    outer->addWidget(scroll);
    connect(ops, &DataTableView::entityActivated, this, &MonitoringTab::openEntity);
}

void MonitoringTab::refresh()
{
    const core::EventFilter f = filter();
    m_tiles->setText(tr("Loading…"));
    runner()->run<core::MonitoringResult>(
        [f](const core::CaseFile& c) -> core::Result<core::MonitoringResult> {
            auto axis = core::EventAnalytics(c).axis(f);
            if (!axis) {
                return axis.error();
            }
            if (!*axis) {
                return core::MonitoringResult{};
            }
            return core::MonitoringQueries(c).compute(f, **axis);
        },
        [this](core::Result<core::MonitoringResult> r) {
            if (!r) {
                m_tiles->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            m_result = std::move(*r);
            present();
        });
}

void MonitoringTab::present()
{
    const core::MonitoringResult& r = m_result;
    m_tiles->setText(tr("Requests %1 · availability %2 · latency p50 %3, p95 %4, p99 %5 · throttled (429) %6 · "
                        "denied (401/403) %7")
                         .arg(UiFormat::count(r.requests), UiFormat::percent(r.availabilityRatio()),
                              UiFormat::milliseconds(r.p50Ms), UiFormat::milliseconds(r.p95Ms),
                              UiFormat::milliseconds(r.p99Ms), UiFormat::count(r.throttledTotal),
                              UiFormat::count(r.deniedTotal)));
    ChartFactory::setTimeChart(m_byClass, r.byOperationClass, tr("Requests by operation class"), tr("Requests"));
    ChartFactory::setTimeChart(m_byStatus, r.byStatusClass, tr("Requests by status class"), tr("Requests"));
    if (!r.p50Ms) {
        ChartFactory::setEmpty(m_latency, tr("Latency"), tr("No durationMs in these events"));
    } else {
        ChartFactory::setTimeChart(m_latency, r.latency, tr("Latency (durationMs percentiles)"), tr("ms"));
    }
    std::vector<double> availability;
    for (double v : r.availability) {
        availability.push_back(v * 100.0);
    }
    const core::TimeAxis axis = r.byStatusClass.axis;
    if (r.requests == 0) {
        ChartFactory::setEmpty(m_availability, tr("Availability"), tr("No events in the selected range and scope"));
        ChartFactory::setEmpty(m_problems, tr("Throttling and denials"), tr("No events in the selected range and scope"));
    } else {
        ChartFactory::setLines(m_availability, axis, {{tr("Availability (share of non-5xx)"), availability}},
                               tr("Availability"), tr("%"), std::make_pair(0.0, 100.0));
        ChartFactory::setLines(m_problems, axis, {{tr("Throttled (429)"), r.throttled}, {tr("Denied (401/403)"), r.denied}},
                               tr("Throttling and denials"), tr("Requests"));
    }
    if (r.metrics.empty()) {
        ChartFactory::setEmpty(m_metrics, tr("Platform metrics"),
                               tr("No AzureMetrics rows in this bundle — add an AzureMetrics export to compare"));
    } else {
        ChartFactory::setTimeChart(m_metrics, r.metrics, tr("Platform metrics (AzureMetrics)"), tr("Value"), false);
    }
    std::vector<std::vector<Cell>> rows;
    std::int64_t max = 1;
    for (const auto& o : r.operations) {
        max = std::max(max, o.events);
    }
    for (const auto& o : r.operations) {
        Cell p99 = Cell::plain(UiFormat::milliseconds(o.p99Ms));
        p99.sort = o.p99Ms.value_or(-1);
        p99.number = true;
        rows.push_back({Cell::entity(UiFormat::text(o.operation), static_cast<int>(core::EntityKind::Operation)),
                        Cell::count(o.events, static_cast<double>(o.events) / static_cast<double>(max)),
                        Cell::count(o.succeeded),
                        Cell::count(o.failed, o.events > 0 ? static_cast<double>(o.failed) / static_cast<double>(o.events)
                                                           : 0.0),
                        p99});
    }
    m_operations->setRows(std::move(rows));
}

} // namespace kvw::ui
