#include "ui/DetectionsTab.h"

#include "core/analytics/workbook/FindingQueries.h"
#include "core/query/EventQuery.h"
#include "ui/DataTableView.h"
#include "ui/RowTableModel.h"
#include "ui/UiFormat.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace kvw::ui {
namespace {

QString joined(const std::vector<std::string>& v)
{
    QStringList l;
    for (const auto& s : v) {
        l << QString::fromStdString(s);
    }
    return l.join(QStringLiteral(", "));
}

// "kind: value" entities with the addresses and identities first (what an analyst pivots on), then applications,
// objects and the rest, each group in its stored order.
std::vector<std::string> pivotsFirst(std::vector<std::string> entities)
{
    auto rank = [](const std::string& e) {
        const std::string kind = e.substr(0, e.find(':'));
        if (kind.rfind("ip", 0) == 0 || kind == "callerIp") {
            return 0;
        }
        if (kind.rfind("identit", 0) == 0 || kind.rfind("account", 0) == 0 || kind.rfind("user", 0) == 0) {
            return 1;
        }
        if (kind.rfind("app", 0) == 0) {
            return 2;
        }
        return kind.rfind("object", 0) == 0 ? 3 : 4;
    };
    std::stable_sort(entities.begin(), entities.end(),
                     [&rank](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
    return entities;
}

} // namespace

DetectionsTab::DetectionsTab(QWidget* parent)
    : WorkbookView(parent),
      m_model(new RowTableModel({tr("Severity"), tr("Rule"), tr("Title"), tr("Vaults"), tr("Entities"),
                                 tr("Window start (UTC)"), tr("Window end (UTC)"), tr("Evidence")},
                                this)),
      m_evidence(new RowTableModel({tr("Time (UTC)"), tr("Vault"), tr("Operation"), tr("Status"), tr("Caller IP"),
                                    tr("Identity"), tr("Object")},
                                   this)),
      m_evidenceRunner(new QueryRunner(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    auto* bar = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("findingsSearchEdit"));
    m_search->setPlaceholderText(tr("Search findings (rule, title, vault, entity…)"));
    m_search->setClearButtonEnabled(true);
    m_summary = makeLabel({}, this, QStringLiteral("findingsSummaryLabel"));
    m_showEvents = new QPushButton(tr("Show window in Events tab"), this);
    m_showEvents->setObjectName(QStringLiteral("findingShowEventsButton"));
    m_showEvents->setEnabled(false);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_showEvents);
    layout->addLayout(bar);

    auto* split = new QSplitter(Qt::Vertical, this);
    m_table = new DataTableView(split);
    m_table->setObjectName(QStringLiteral("findingsTableView"));
    m_table->setSourceModel(m_model);
    auto* lower = new QSplitter(Qt::Horizontal, split);
    m_detail = new QPlainTextEdit(lower);
    m_detail->setObjectName(QStringLiteral("findingDetailText"));
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select a finding to see why it fired and its evidence."));
    auto* evidence = new DataTableView(lower);
    evidence->setObjectName(QStringLiteral("findingEvidenceTableView"));
    evidence->setSourceModel(m_evidence);
    lower->addWidget(m_detail);
    lower->addWidget(evidence);
    split->addWidget(m_table);
    split->addWidget(lower);
    layout->addWidget(split, 1);

    connect(m_search, &QLineEdit::textChanged, m_table, &DataTableView::setTextFilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { selectFinding(m_table->toSource(current).row()); });
    connect(m_table, &DataTableView::entityActivated, this, &DetectionsTab::openEntity);
    connect(evidence, &DataTableView::entityActivated, this, &DetectionsTab::openEntity);
    connect(m_showEvents, &QPushButton::clicked, this, [this]() {
        if (m_selected < 0 || m_selected >= static_cast<int>(m_rows.size())) {
            return;
        }
        const core::FindingRow& f = m_rows[static_cast<std::size_t>(m_selected)];
        core::EventFilter n;
        n.from = f.start;
        n.to = f.end + 1;
        n.vaults = f.vaults;
        emit evidenceRequested(n);
    });
}

void DetectionsTab::refresh()
{
    const core::EventFilter f = filter();
    runner()->run<std::vector<core::FindingRow>>(
        [f](const core::CaseFile& c) { return core::FindingQueries(c).list(f); },
        [this](core::Result<std::vector<core::FindingRow>> r) {
            if (!r) {
                m_summary->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            m_rows = std::move(*r);
            std::vector<std::vector<Cell>> rows;
            std::vector<qlonglong> ids;
            for (const auto& f : m_rows) {
                Cell severity = Cell::plain(UiFormat::text(f.severity));
                severity.sort = core::FindingQueries::severityRank(f.severity);
                Cell vault = Cell::plain(joined(f.vaults));
                if (f.vaults.size() == 1) {
                    vault = Cell::entity(UiFormat::text(f.vaults.front()), static_cast<int>(core::EntityKind::Vault));
                }
                Cell start = Cell::plain(UiFormat::time(f.start));
                start.sort = QVariant::fromValue<qlonglong>(f.start.ticks());
                rows.push_back({severity, Cell::plain(UiFormat::text(f.ruleId)), Cell::plain(UiFormat::text(f.title)),
                                vault, Cell::plain(joined(pivotsFirst(f.entities))), start, Cell::plain(UiFormat::time(f.end)),
                                Cell::count(f.evidenceCount)});
                ids.push_back(f.id);
            }
            m_summary->setText(m_rows.empty()
                                   ? tr("No detection findings in scope. Run the detections (kvworkbook-cli detect) "
                                        "on this case to fill this tab.")
                                   : tr("%1 findings").arg(UiFormat::count(static_cast<std::int64_t>(m_rows.size()))));
            m_model->setRows(std::move(rows), std::move(ids));
            m_evidence->setRows({});
            m_detail->clear();
            m_selected = -1;
            m_showEvents->setEnabled(false);
        });
}

void DetectionsTab::selectFinding(int row)
{
    if (row < 0 || row >= static_cast<int>(m_rows.size())) {
        return;
    }
    m_selected = row;
    m_showEvents->setEnabled(true);
    const core::FindingRow f = m_rows[static_cast<std::size_t>(row)];
    QString text = UiFormat::text(f.title) + QStringLiteral("\n") + UiFormat::text(f.ruleId) + QStringLiteral(" · ") +
                   UiFormat::text(f.severity) + QStringLiteral(" · ") + UiFormat::time(f.start) + QStringLiteral(" – ") +
                   UiFormat::time(f.end) + QStringLiteral(" UTC\n\n");
    if (!f.summary.empty()) {
        text += UiFormat::text(f.summary) + QStringLiteral("\n\n");
    }
    const auto json = nlohmann::json::parse(f.detailJson, nullptr, false);
    text += QString::fromStdString(json.is_discarded() ? f.detailJson
                                                       : json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    m_detail->setPlainText(text);
    m_evidenceRunner->setCasePath(casePath());
    const std::vector<std::int64_t> ids(f.evidence.begin(), f.evidence.begin() +
                                                                 static_cast<std::ptrdiff_t>(std::min<std::size_t>(f.evidence.size(), 5000)));
    m_evidenceRunner->run<std::vector<core::EventRow>>(
        [ids](const core::CaseFile& c) { return core::EventQuery(c).byIds(ids); },
        [this](core::Result<std::vector<core::EventRow>> r) {
            if (!r) {
                return;
            }
            std::vector<std::vector<Cell>> rows;
            std::vector<qlonglong> ids;
            using K = core::EntityKind;
            for (const auto& e : *r) {
                const core::Event& ev = e.event;
                const std::string identity =
                    !ev.identityObjectId.empty() ? ev.identityObjectId
                                                 : (!ev.identityAppId.empty() ? ev.identityAppId : ev.identityUpn);
                rows.push_back({Cell::plain(UiFormat::time(ev.time)),
                                Cell::entity(UiFormat::text(ev.vault), static_cast<int>(K::Vault)),
                                Cell::entity(UiFormat::text(ev.operation), static_cast<int>(K::Operation)),
                                Cell::plain(ev.httpStatus ? QString::number(*ev.httpStatus) : QString()),
                                Cell::entity(UiFormat::text(ev.callerIp), static_cast<int>(K::Ip)),
                                Cell::entity(UiFormat::text(identity), static_cast<int>(K::Identity)),
                                Cell::entity(UiFormat::text(ev.objectName), static_cast<int>(K::Object))});
                ids.push_back(e.id);
            }
            m_evidence->setRows(std::move(rows), std::move(ids));
        });
}

} // namespace kvw::ui
