#include "ui/DetectionsTab.h"

#include "core/analytics/workbook/FindingQueries.h"
#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
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

#include <algorithm>
#include <iterator>
#include <map>

namespace kvw::ui {
namespace {

using AnnotationMap = std::map<std::string, std::vector<core::Annotation>>;

// The analyst's tags of a finding, and how many notes it has, as one plain-text cell.
Cell tagsCell(const AnnotationMap& annotations, std::int64_t id)
{
    const auto it = annotations.find(std::to_string(id));
    if (it == annotations.end()) {
        return Cell::plain({});
    }
    QString text = QString::fromStdString(core::AnnotationStore::tagsText(it->second));
    const auto notes = std::count_if(it->second.begin(), it->second.end(), [](const auto& a) { return !a.note.empty(); });
    if (notes > 0) {
        text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) + QObject::tr("%n note(s)", nullptr, static_cast<int>(notes));
    }
    return Cell::plain(text);
}

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
                                 tr("Window start (UTC)"), tr("Window end (UTC)"), tr("Evidence"), tr("Tags")},
                                this)),
      m_evidence(new RowTableModel({tr("Time (UTC)"), tr("Vault"), tr("Operation"), tr("Status"), tr("Caller IP"),
                                    tr("Identity"), tr("Object")},
                                   this)),
      m_evidenceRunner(new QueryRunner(this))
{
    m_model->setIdTarget(static_cast<int>(core::AnnotationTarget::Finding));
    m_evidence->setIdTarget(static_cast<int>(core::AnnotationTarget::Event));
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
    // Title and entities carry the story; severity, evidence and (usually short) tags need little room.
    const int widths[] = {70, 180, 280, 130, 260, 135, 135, 70};
    for (int c = 0; c < int(std::size(widths)); ++c) {
        m_table->setColumnWidth(c, widths[c]);
    }
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
    using Listed = std::pair<std::vector<core::FindingRow>, AnnotationMap>;
    runner()->run<Listed>(
        [f](const core::CaseFile& c) -> core::Result<Listed> {
            auto list = core::FindingQueries(c).list(f);
            if (!list) {
                return list.error();
            }
            const core::SystemClock clock;
            auto notes = core::AnnotationStore(c, clock).byTarget(core::AnnotationTarget::Finding);
            return Listed{std::move(*list), notes ? std::move(*notes) : AnnotationMap{}};
        },
        [this](core::Result<Listed> r) {
            if (!r) {
                m_summary->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            m_rows = std::move(r->first);
            m_annotations = std::move(r->second);
            const AnnotationMap& annotations = m_annotations;
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
                                vault, Cell::plain(joined(pivotsFirst(f.entities))), start,
                                Cell::plain(UiFormat::time(f.end)), Cell::count(f.evidenceCount),
                                tagsCell(annotations, f.id)});
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
    if (const auto it = m_annotations.find(std::to_string(f.id)); it != m_annotations.end()) {
        const std::string tags = core::AnnotationStore::tagsText(it->second);
        const std::string notes = core::AnnotationStore::notesText(it->second);
        if (!tags.empty()) {
            text += tr("Analyst tags: %1\n").arg(QString::fromStdString(tags));
        }
        if (!notes.empty()) {
            text += tr("Analyst notes: %1\n").arg(QString::fromStdString(notes));
        }
        text += QStringLiteral("\n");
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
