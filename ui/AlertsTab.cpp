#include "ui/AlertsTab.h"

#include "core/analytics/workbook/AlertQueries.h"
#include "core/analytics/workbook/EventAnalytics.h"
#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/model/AzureResourceId.h"
#include "ui/AlertGraphWidget.h"
#include "ui/ChartFactory.h"
#include "ui/DataTableView.h"
#include "ui/RowTableModel.h"
#include "ui/UiFormat.h"

#include <QChartView>
#include <QDesktopServices>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace kvw::ui {
namespace {

using core::EntityKind;

Cell entityCell(const core::AlertEntityRow& e)
{
    const std::string& k = e.kind;
    if (k == "ip") {
        return Cell::entity(UiFormat::text(e.value), static_cast<int>(EntityKind::Ip));
    }
    if (k == "account") {
        return Cell::entity(UiFormat::text(e.value), static_cast<int>(EntityKind::Identity));
    }
    if (k == "application") {
        return Cell::entity(UiFormat::text(e.value), static_cast<int>(EntityKind::Application));
    }
    if (k == "object") {
        return Cell::entity(UiFormat::text(e.value), static_cast<int>(EntityKind::Object));
    }
    if (k == "azure-resource") {
        // A vault's resource id opens the vault's page.
        const auto pos = e.value.rfind("/vaults/");
        const auto hsm = e.value.rfind("/managedhsms/");
        if (pos != std::string::npos || hsm != std::string::npos) {
            const std::string name = pos != std::string::npos ? e.value.substr(pos + 8) : e.value.substr(hsm + 13);
            Cell c = Cell::entity(UiFormat::text(e.value), static_cast<int>(EntityKind::Vault));
            c.entityValue = UiFormat::text(core::toLower(name));
            return c;
        }
    }
    return Cell::plain(UiFormat::text(e.value));
}

} // namespace

QString AlertsTab::emptyText()
{
    return tr("No Defender alerts in this bundle — add a SecurityAlert export (Log Analytics SecurityAlert table, or "
              "Defender for Cloud alerts as JSON/CSV) to the bundle and read it again.");
}

AlertsTab::AlertsTab(QWidget* parent)
    : WorkbookView(parent),
      m_coverage(new RowTableModel({tr("Subscription"), tr("Defender for Key Vault (inferred)")}, this)),
      m_perVault(new RowTableModel({tr("Vault"), tr("Alerts")}, this)),
      m_list(new RowTableModel({tr("Time (UTC)"), tr("Severity"), tr("Alert"), tr("Vault"), tr("Type"), tr("Status"),
                                tr("Defender link"), tr("Sample"), tr("Tags")},
                               this)),
      m_entities(new RowTableModel({tr("Entity kind"), tr("Value")}, this))
{
    m_list->setIdTarget(static_cast<int>(core::AnnotationTarget::Alert));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(12, 12, 12, 12);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);
    m_empty = makeLabel(emptyText(), m_stack, QStringLiteral("alertsEmptyLabel"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_empty);

    auto* page = new QWidget(m_stack);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tileBox = new QWidget(page);
    m_tileBox->setObjectName(QStringLiteral("alertTiles"));
    m_tiles = new QHBoxLayout(m_tileBox);
    m_tiles->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tileBox);

    auto* split = new QSplitter(Qt::Vertical, page);
    auto* upper = new QSplitter(Qt::Horizontal, split);
    auto* left = new QWidget(upper);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* coverage = new DataTableView(left);
    coverage->setObjectName(QStringLiteral("defenderCoverageTableView"));
    coverage->setSourceModel(m_coverage);
    auto* perVault = new DataTableView(left);
    perVault->setObjectName(QStringLiteral("alertsPerVaultTableView"));
    perVault->setSourceModel(m_perVault);
    perVault->setBarColumn(1, QColor(0xc0, 0x50, 0x30));
    leftLayout->addWidget(makeLabel(tr("Defender evidence per subscription (inferred from the alerts in the bundle, "
                                       "not read from the pricing plan)"),
                                    left));
    leftLayout->addWidget(coverage, 1);
    leftLayout->addWidget(perVault, 2);
    m_overTime = ChartFactory::makeView(upper, QStringLiteral("alertsOverTimeChart"));
    upper->addWidget(left);
    upper->addWidget(m_overTime);
    upper->setStretchFactor(0, 3);
    upper->setStretchFactor(1, 7);

    auto* lower = new QSplitter(Qt::Horizontal, split);
    m_listTable = new DataTableView(lower);
    m_listTable->setObjectName(QStringLiteral("alertsTableView"));
    m_listTable->setSourceModel(m_list);
    auto* entityBox = new QWidget(lower);
    auto* entityLayout = new QVBoxLayout(entityBox);
    entityLayout->setContentsMargins(0, 0, 0, 0);
    m_entitiesTitle = makeLabel(tr("Alert and entity graph: choose an alert from the list"), entityBox,
                                QStringLiteral("alertEntitiesTitle"));
    m_graph = new AlertGraphWidget(entityBox);
    auto* entities = new DataTableView(entityBox);
    entities->setObjectName(QStringLiteral("alertEntitiesTableView"));
    entities->setSourceModel(m_entities);
    m_openLink = new QPushButton(tr("Open in Defender"), entityBox);
    m_openLink->setObjectName(QStringLiteral("alertOpenLinkButton"));
    m_openLink->setEnabled(false);
    entityLayout->addWidget(m_entitiesTitle);
    entityLayout->addWidget(m_graph, 3);
    entityLayout->addWidget(entities, 2);
    entityLayout->addWidget(m_openLink);
    lower->addWidget(m_listTable);
    lower->addWidget(entityBox);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    split->addWidget(upper);
    split->addWidget(lower);
    layout->addWidget(split, 1);
    m_stack->addWidget(page);

    for (auto* t : {perVault, m_listTable, entities}) {
        connect(t, &DataTableView::entityActivated, this, &AlertsTab::openEntity);
    }
    connect(m_graph, &AlertGraphWidget::entityActivated, this, &AlertsTab::openEntity);
    connect(m_listTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { selectAlert(m_listTable->toSource(current).row()); });
    connect(m_openLink, &QPushButton::clicked, this, [this]() {
        const QUrl url(m_link);
        // Only web links leave the application; anything else in a log field stays text.
        if (url.scheme() == QStringLiteral("https")) {
            QDesktopServices::openUrl(url);
        }
    });
}

void AlertsTab::refresh()
{
    const core::EventFilter f = filter();
    using Loaded = std::pair<core::AlertsOverview, std::map<std::string, std::vector<core::Annotation>>>;
    runner()->run<Loaded>(
        [f](const core::CaseFile& c) -> core::Result<Loaded> {
            auto axis = core::EventAnalytics(c).axis(f);
            if (!axis) {
                return axis.error();
            }
            auto overview = core::AlertQueries(c).overview(f, *axis);
            if (!overview) {
                return overview.error();
            }
            const core::SystemClock clock;
            auto notes = core::AnnotationStore(c, clock).byTarget(core::AnnotationTarget::Alert);
            return Loaded{std::move(*overview), notes ? std::move(*notes) : Loaded::second_type{}};
        },
        [this](core::Result<Loaded> r) {
            if (!r) {
                m_empty->setText(QString::fromStdString(r.error().toString()));
                m_stack->setCurrentIndex(0);
                return;
            }
            m_overview = std::move(r->first);
            m_annotations = std::move(r->second);
            present();
        });
}

void AlertsTab::present()
{
    const core::AlertsOverview& o = m_overview;
    std::vector<std::vector<Cell>> coverage;
    for (const auto& [sub, yes] : o.defenderEvidence) {
        coverage.push_back({Cell::plain(UiFormat::text(sub)),
                            Cell::plain(yes ? tr("yes (Key Vault alerts present)")
                                            : tr("⚠ no evidence — onboard Defender for Key Vault or add its alerts"))});
    }
    m_coverage->setRows(std::move(coverage));
    if (o.alerts.empty()) {
        m_empty->setText(emptyText());
        m_stack->setCurrentIndex(0);
        m_list->setRows({});
        m_perVault->setRows({});
        return;
    }
    m_stack->setCurrentIndex(1);
    while (QLayoutItem* item = m_tiles->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const auto& s : o.severities) {
        auto* tile = new QFrame(m_tileBox);
        tile->setFrameShape(QFrame::StyledPanel);
        tile->setObjectName(QStringLiteral("alertTile_") + UiFormat::text(s.severity));
        auto* l = new QVBoxLayout(tile);
        l->setContentsMargins(10, 6, 10, 6);
        l->addWidget(makeLabel(UiFormat::text(s.severity), tile));
        QLabel* n = makeLabel(UiFormat::count(s.count), tile, QStringLiteral("alertTileCount_") + UiFormat::text(s.severity));
        QFont f = n->font();
        f.setPointSizeF(f.pointSizeF() * 2.0);
        f.setBold(true);
        n->setFont(f);
        l->addWidget(n);
        l->addWidget(ChartFactory::sparkline(tile, s.trend));
        m_tiles->addWidget(tile, 1);
    }
    std::vector<std::vector<Cell>> perVault;
    std::int64_t max = 1;
    for (const auto& [v, n] : o.perVault) {
        max = std::max(max, n);
    }
    for (const auto& [v, n] : o.perVault) {
        perVault.push_back({Cell::entity(UiFormat::key(v), static_cast<int>(EntityKind::Vault)),
                            Cell::count(n, static_cast<double>(n) / static_cast<double>(max))});
        perVault.back()[0].entityValue = UiFormat::text(v);
    }
    m_perVault->setRows(std::move(perVault));
    ChartFactory::setTimeChart(m_overTime, o.overTime, tr("Key vault alerts over time"), tr("Alerts"));
    std::vector<std::vector<Cell>> list;
    std::vector<qlonglong> ids;
    for (const auto& a : o.alerts) {
        Cell time = Cell::plain(UiFormat::time(a.time));
        time.sort = QVariant::fromValue<qlonglong>(a.time.ticks());
        list.push_back({time, Cell::plain(UiFormat::text(a.severity)), Cell::plain(UiFormat::text(a.displayName)),
                        Cell::entity(UiFormat::text(a.vault), static_cast<int>(EntityKind::Vault)),
                        Cell::plain(UiFormat::text(a.alertType)), Cell::plain(UiFormat::text(a.status)),
                        Cell::plain(a.link.empty() ? QString() : tr("Go to alert")), Cell::plain(a.sample ? tr("sample") : QString()),
                        Cell::plain(tagsText(a.id))});
        ids.push_back(a.id);
    }
    m_list->setRows(std::move(list), std::move(ids));
    m_entities->setRows({});
    m_graph->clear();
    m_openLink->setEnabled(false);
}

QString AlertsTab::tagsText(std::int64_t alertId) const
{
    const auto it = m_annotations.find(std::to_string(alertId));
    if (it == m_annotations.end()) {
        return {};
    }
    QString text = QString::fromStdString(core::AnnotationStore::tagsText(it->second));
    const auto notes = std::count_if(it->second.begin(), it->second.end(), [](const auto& a) { return !a.note.empty(); });
    if (notes > 0) {
        text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) + tr("%n note(s)", nullptr, static_cast<int>(notes));
    }
    return text;
}

void AlertsTab::selectAlert(int row)
{
    if (row < 0 || row >= static_cast<int>(m_overview.alerts.size())) {
        return;
    }
    const core::AlertRow& a = m_overview.alerts[static_cast<std::size_t>(row)];
    m_entitiesTitle->setText(tr("Entities of the alert: %1").arg(UiFormat::labelText(UiFormat::text(a.displayName))));
    std::vector<std::vector<Cell>> rows;
    std::vector<AlertGraphWidget::Node> nodes;
    for (const auto& e : a.entities) {
        rows.push_back({Cell::plain(UiFormat::text(e.kind)), entityCell(e)});
        const Cell& c = rows.back()[1];
        // A vault's resource id is long: the graph names the vault.
        const bool vault = c.entityKind == static_cast<int>(EntityKind::Vault);
        nodes.push_back({UiFormat::text(e.kind), vault ? c.entityValue : c.text, c.entityKind, c.entityValue});
    }
    m_entities->setRows(std::move(rows));
    m_graph->setAlert(UiFormat::text(a.displayName), UiFormat::text(a.severity), std::move(nodes));
    m_link = UiFormat::text(a.link);
    m_openLink->setEnabled(QUrl(m_link).scheme() == QStringLiteral("https"));
    m_openLink->setToolTip(QStringLiteral("<p>%1</p>").arg(m_link.toHtmlEscaped()));
}

} // namespace kvw::ui
