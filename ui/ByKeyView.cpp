#include "ui/ByKeyView.h"

#include "core/analytics/workbook/AlertQueries.h"
#include "core/analytics/workbook/EventAnalytics.h"
#include "core/analytics/workbook/FindingQueries.h"
#include "core/analytics/workbook/TimeGrain.h"
#include "ui/ChartFactory.h"
#include "ui/DataTableView.h"
#include "ui/KeyTotalsModel.h"
#include "ui/ModelRoles.h"
#include "ui/RowTableModel.h"
#include "ui/UiFormat.h"

#include <QButtonGroup>
#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QRadioButton>
#include <QSplitter>
#include <QTabBar>
#include <QVBoxLayout>

namespace kvw::ui {
namespace {

struct ByKeyResult
{
    std::optional<core::TimeAxis> axis;
    core::KeyedSeries series;
    std::vector<core::KeyTotal> totals;
};

struct RelatedResult
{
    std::vector<core::AlertRow> alerts;
    std::vector<core::FindingRow> findings;
};

const core::GroupKey kKeys[] = {core::GroupKey::Vault, core::GroupKey::CallerIp, core::GroupKey::Identity,
                                core::GroupKey::Operation};

QString keyTitle(core::GroupKey key)
{
    switch (key) {
    case core::GroupKey::Vault: return QObject::tr("key vault");
    case core::GroupKey::CallerIp: return QObject::tr("caller IP");
    case core::GroupKey::Identity: return QObject::tr("identity");
    case core::GroupKey::Operation: return QObject::tr("operation name");
    default: return {};
    }
}

} // namespace

ByKeyView::ByKeyView(QWidget* parent)
    : WorkbookView(parent), m_model(new KeyTotalsModel(this)),
      m_related(new RowTableModel({tr("Kind"), tr("Time (UTC)"), tr("Severity"), tr("Title"), tr("Detail")}, this)),
      m_relatedRunner(new QueryRunner(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(8);

    auto* top = new QHBoxLayout;
    m_mode = new QButtonGroup(this);
    auto* all = new QRadioButton(tr("All events"), this);
    all->setObjectName(QStringLiteral("allEventsRadio"));
    auto* failed = new QRadioButton(tr("Failed events (HTTP ≥ 400)"), this);
    failed->setObjectName(QStringLiteral("failedEventsRadio"));
    all->setChecked(true);
    m_mode->addButton(all, 0);
    m_mode->addButton(failed, 1);
    m_tabs = new QTabBar(this);
    m_tabs->setObjectName(QStringLiteral("byKeyTabBar"));
    m_tabs->addTab(tr("By key vault"));
    m_tabs->addTab(tr("By caller IP"));
    m_tabs->addTab(tr("By identity"));
    m_tabs->addTab(tr("By operation"));
    m_summary = makeLabel({}, this, QStringLiteral("byKeySummaryLabel"));
    m_summary->setWordWrap(false);
    top->addWidget(all);
    top->addWidget(failed);
    top->addSpacing(16);
    top->addWidget(m_tabs);
    top->addStretch(1);
    top->addWidget(m_summary);
    layout->addLayout(top);

    auto* split = new QSplitter(Qt::Vertical, this);
    m_chart = ChartFactory::makeView(split, QStringLiteral("byKeyTimeChart"));
    auto* lower = new QSplitter(Qt::Horizontal, split);
    m_table = new DataTableView(lower);
    m_table->setObjectName(QStringLiteral("byKeyTableView"));
    m_table->setSourceModel(m_model);
    m_table->setBarColumn(KeyTotalsModel::Events, QColor(0x2f, 0x80, 0xc8));
    m_table->setBarColumn(KeyTotalsModel::Failed, QColor(0xb0, 0x30, 0x30));
    m_table->sortByColumn(KeyTotalsModel::Events, Qt::DescendingOrder);
    m_pie = ChartFactory::makeView(lower, QStringLiteral("byKeyPieChart"));
    lower->addWidget(m_table);
    lower->addWidget(m_pie);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    lower->setSizes({700, 640});
    auto* relatedBox = new QWidget(split);
    auto* relatedLayout = new QVBoxLayout(relatedBox);
    relatedLayout->setContentsMargins(0, 0, 0, 0);
    m_relatedTitle = makeLabel(tr("Select a row above to list the Defender alerts and detection findings that involve it."),
                               relatedBox, QStringLiteral("byKeyRelatedTitle"));
    m_relatedTable = new DataTableView(relatedBox);
    m_relatedTable->setObjectName(QStringLiteral("byKeyRelatedTableView"));
    m_relatedTable->setSourceModel(m_related);
    relatedLayout->addWidget(m_relatedTitle);
    relatedLayout->addWidget(m_relatedTable);
    split->addWidget(m_chart);
    split->addWidget(lower);
    split->addWidget(relatedBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 1);
    layout->addWidget(split, 1);

    connect(m_tabs, &QTabBar::currentChanged, this, [this](int i) { setGroupKey(kKeys[i]); });
    connect(m_mode, &QButtonGroup::idClicked, this, [this](int id) { setFailedOnly(id == 1); });
    connect(m_table, &DataTableView::entityActivated, this, &ByKeyView::openEntity);
    connect(m_relatedTable, &DataTableView::entityActivated, this, &ByKeyView::openEntity);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showRelated(m_table->toSource(current).row()); });
    relatedBox->setVisible(false);
    connect(m_tabs, &QTabBar::currentChanged, relatedBox, [relatedBox](int i) { relatedBox->setVisible(i == 1 || i == 2); });
}

void ByKeyView::setGroupKey(core::GroupKey key)
{
    const auto it = std::find(std::begin(kKeys), std::end(kKeys), key);
    if (it != std::end(kKeys) && m_tabs->currentIndex() != static_cast<int>(it - std::begin(kKeys))) {
        m_tabs->setCurrentIndex(static_cast<int>(it - std::begin(kKeys)));   // re-enters through currentChanged
        return;
    }
    if (m_key == key) {
        return;
    }
    m_key = key;
    requestRefresh();
}

void ByKeyView::setFailedOnly(bool failed)
{
    if (m_mode->checkedId() != (failed ? 1 : 0)) {
        m_mode->button(failed ? 1 : 0)->setChecked(true);
    }
    if (m_failed == failed) {
        return;
    }
    m_failed = failed;
    requestRefresh();
}

void ByKeyView::clearView()
{
    m_model->setResults(m_key, {});
    m_related->setRows({});
    ChartFactory::setEmpty(m_chart, tr("Events"), tr("Open a bundle or a case to see events"));
    ChartFactory::setEmpty(m_pie, tr("Distribution"), {});
}

void ByKeyView::refresh()
{
    core::EventFilter f = filter();
    f.failedOnly = m_failed;
    const core::GroupKey key = m_key;
    m_summary->setText(tr("Loading…"));
    m_related->setRows({});
    m_relatedTitle->setText(tr("Select a row above to list the Defender alerts and detection findings that involve it."));
    runner()->run<ByKeyResult>(
        [f, key](const core::CaseFile& c) -> core::Result<ByKeyResult> {
            const core::EventAnalytics a(c);
            ByKeyResult r;
            auto axis = a.axis(f);
            if (!axis) {
                return axis.error();
            }
            r.axis = *axis;
            if (r.axis) {
                auto s = a.eventsOverTime(f, key, *r.axis);
                if (!s) {
                    return s.error();
                }
                r.series = std::move(*s);
            }
            auto t = a.totals(f, key);
            if (!t) {
                return t.error();
            }
            r.totals = std::move(*t);
            return r;
        },
        [this, key](core::Result<ByKeyResult> r) {
            const QString what = (m_failed ? tr("Failed events") : tr("Events")) + tr(", by ") + keyTitle(key);
            if (!r) {
                m_summary->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            m_model->setResults(key, std::move(r->totals));
            std::int64_t total = 0;
            std::vector<std::pair<std::string, double>> slices;
            for (const auto& t : m_model->rows()) {
                total += t.events;
                slices.emplace_back(t.key, static_cast<double>(t.events));
            }
            m_summary->setText(tr("%1 events · %2 distinct").arg(UiFormat::count(total), UiFormat::count(
                                                                                             static_cast<std::int64_t>(m_model->rows().size()))));
            const QString grain = r->axis ? QString::fromStdString(core::TimeGrain::describe(r->axis->grain)) : QString();
            ChartFactory::setTimeChart(m_chart, r->series, what + tr(" (per %1, top %2)").arg(grain).arg(
                                                               core::EventAnalytics::DefaultTopN),
                                       tr("Events"));
            ChartFactory::setPie(m_pie, slices, what + tr(" — distribution"));
            m_table->resizeColumnToContents(KeyTotalsModel::Key);
        });
}

void ByKeyView::showRelated(int sourceRow)
{
    if (sourceRow < 0 || sourceRow >= m_model->rowCount() ||
        (m_key != core::GroupKey::CallerIp && m_key != core::GroupKey::Identity)) {
        return;
    }
    const core::KeyTotal row = m_model->rows()[static_cast<std::size_t>(sourceRow)];
    const core::EntityKind kind = m_key == core::GroupKey::CallerIp ? core::EntityKind::Ip : core::EntityKind::Identity;
    std::vector<std::string> names{row.key};
    if (!row.upn.empty()) {
        names.push_back(row.upn);
    }
    if (!row.appId.empty()) {
        names.push_back(row.appId);
    }
    const core::EventFilter f = filter().withoutTime();
    m_relatedTitle->setText(tr("Defender alerts and detection findings involving the selected %1: %2")
                                .arg(keyTitle(m_key), UiFormat::labelText(UiFormat::key(row.key))));
    m_relatedRunner->setCasePath(casePath());
    m_relatedRunner->run<RelatedResult>(
        [f, kind, names](const core::CaseFile& c) -> core::Result<RelatedResult> {
            RelatedResult r;
            auto alerts = core::AlertQueries(c).forEntity(f, kind, names);
            if (!alerts) {
                return alerts.error();
            }
            r.alerts = std::move(*alerts);
            core::EventFilter scope = f;
            scope.vaults.clear();
            auto findings = core::FindingQueries(c).mentioning(scope, names);
            if (!findings) {
                return findings.error();
            }
            r.findings = std::move(*findings);
            return r;
        },
        [this](core::Result<RelatedResult> r) {
            if (!r) {
                m_relatedTitle->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            std::vector<std::vector<Cell>> rows;
            for (const auto& a : r->alerts) {
                rows.push_back({Cell::plain(tr("Defender alert")), Cell::plain(UiFormat::time(a.time)),
                                Cell::plain(UiFormat::text(a.severity)), Cell::plain(UiFormat::text(a.displayName)),
                                Cell::entity(UiFormat::text(a.vault), static_cast<int>(core::EntityKind::Vault))});
            }
            for (const auto& fd : r->findings) {
                rows.push_back({Cell::plain(tr("Finding")), Cell::plain(UiFormat::time(fd.start)),
                                Cell::plain(UiFormat::text(fd.severity)), Cell::plain(UiFormat::text(fd.title)),
                                Cell::plain(UiFormat::text(fd.ruleId))});
            }
            if (rows.empty()) {
                m_relatedTitle->setText(m_relatedTitle->text() + tr(" — none in this case"));
            }
            m_related->setRows(std::move(rows));
        });
}

} // namespace kvw::ui
