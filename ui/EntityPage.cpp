#include "ui/EntityPage.h"

#include "core/analytics/workbook/EntityQueries.h"
#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "ui/AnnotationController.h"
#include "ui/ChartFactory.h"
#include "ui/DataTableView.h"
#include "ui/EventTableModel.h"
#include "ui/RowTableModel.h"
#include "ui/UiFormat.h"

#include <QChartView>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace kvw::ui {

using core::EntityKind;

QString EntityPage::kindTitle(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Vault: return tr("Key vault");
    case EntityKind::Ip: return tr("Caller IP");
    case EntityKind::Identity: return tr("Identity");
    case EntityKind::Application: return tr("Application");
    case EntityKind::Operation: return tr("Operation");
    case EntityKind::Object: return tr("Object");
    }
    return {};
}

EntityPage::EntityPage(QWidget* parent)
    : WorkbookView(parent), m_related(new RowTableModel({tr("Touched"), tr("Value"), tr("Events")}, this)),
      m_alerts(new RowTableModel({tr("Time (UTC)"), tr("Severity"), tr("Alert"), tr("Vault"), tr("Type"),
                                  tr("Defender link")},
                                 this)),
      m_findings(new RowTableModel({tr("Severity"), tr("Rule"), tr("Title"), tr("Window start (UTC)"),
                                    tr("Window end (UTC)"), tr("Evidence")},
                                   this)),
      m_events(new EventTableModel(this))
{
    setObjectName(QStringLiteral("entityPage"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(8);
    m_alerts->setIdTarget(static_cast<int>(core::AnnotationTarget::Alert));
    m_findings->setIdTarget(static_cast<int>(core::AnnotationTarget::Finding));
    m_title = makeHeading(tr("No entity selected"), this);
    m_title->setObjectName(QStringLiteral("entityTitleLabel"));
    m_stats = makeLabel({}, this, QStringLiteral("entityStatsLabel"));
    m_intel = makeLabel({}, this, QStringLiteral("entityIntelLabel"));
    m_notes = makeLabel({}, this, QStringLiteral("entityAnnotationsLabel"));
    m_annotate = new QPushButton(tr("Tag or note…"), this);
    m_annotate->setObjectName(QStringLiteral("entityAnnotateButton"));
    m_annotate->setEnabled(false);
    auto* header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_annotate);
    layout->addLayout(header);
    layout->addWidget(m_stats);
    layout->addWidget(m_intel);
    layout->addWidget(m_notes);
    connect(m_annotate, &QPushButton::clicked, this, [this]() {
        AnnotationController* annotations = AnnotationController::of(this);
        const auto target = AnnotationController::targetFor(m_ref.kind);
        if (annotations && target && !m_ref.value.isEmpty()) {
            annotations->edit(this, AnnotationRef{*target, m_ref.value}, AnnotationDialog::Focus::Tag);
        }
    });

    auto* split = new QSplitter(Qt::Vertical, this);
    auto* upper = new QSplitter(Qt::Horizontal, split);
    m_timeline = ChartFactory::makeView(upper, QStringLiteral("entityTimelineChart"));
    auto* relatedTable = new DataTableView(upper);
    relatedTable->setObjectName(QStringLiteral("entityRelatedTableView"));
    relatedTable->setSourceModel(m_related);
    relatedTable->setBarColumn(2, QColor(0x2f, 0x80, 0xc8));
    upper->addWidget(m_timeline);
    upper->addWidget(relatedTable);
    upper->setStretchFactor(0, 3);
    upper->setStretchFactor(1, 2);
    upper->setSizes({800, 540});

    auto* tabs = new QTabWidget(split);
    tabs->setObjectName(QStringLiteral("entityTabs"));
    m_eventsTable = new DataTableView(tabs);
    m_eventsTable->setObjectName(QStringLiteral("entityEventsTableView"));
    m_eventsTable->setSourceModel(m_events, false);
    auto* alertsTable = new DataTableView(tabs);
    alertsTable->setObjectName(QStringLiteral("entityAlertsTableView"));
    alertsTable->setSourceModel(m_alerts);
    auto* findingsTable = new DataTableView(tabs);
    findingsTable->setObjectName(QStringLiteral("entityFindingsTableView"));
    findingsTable->setSourceModel(m_findings);
    tabs->addTab(m_eventsTable, tr("Events"));
    tabs->addTab(alertsTable, tr("Defender alerts"));
    tabs->addTab(findingsTable, tr("Detection findings"));
    split->addWidget(upper);
    split->addWidget(tabs);
    layout->addWidget(split, 1);

    for (auto* t : {relatedTable, m_eventsTable, alertsTable, findingsTable}) {
        connect(t, &DataTableView::entityActivated, this, &EntityPage::openEntity);
    }
}

void EntityPage::showEntity(const EntityRef& ref)
{
    m_ref = ref;
    m_title->setText(kindTitle(ref.kind) + QStringLiteral(": ") + UiFormat::elided(ref.value, UiFormat::HeadingTextLength));
    m_stats->setText(tr("Loading…"));
    m_notes->clear();
    m_annotate->setEnabled(!ref.value.isEmpty());
    refreshNow();
}

void EntityPage::clearView()
{
    m_ref = {};
    m_summary = {};
    m_eventsCase.clear();
    m_events->setCasePath({});
    m_related->setRows({});
    m_alerts->setRows({});
    m_findings->setRows({});
    m_title->setText(tr("No entity selected"));
    m_stats->clear();
    m_intel->clear();
    m_notes->clear();
    m_annotate->setEnabled(false);
}

void EntityPage::refresh()
{
    if (m_ref.value.isEmpty()) {
        return;
    }
    if (m_eventsCase != casePath()) {
        m_eventsCase = casePath();
        m_events->setCasePath(casePath());
    }
    const std::string value = m_ref.value.toStdString();
    m_events->setFilter(core::EntityQueries::eventFilter(filter(), m_ref.kind, value));
    const core::EventFilter f = filter();
    const EntityKind kind = m_ref.kind;
    using Loaded = std::pair<core::EntitySummary, std::vector<core::Annotation>>;
    runner()->run<Loaded>(
        [f, kind, value](const core::CaseFile& c) -> core::Result<Loaded> {
            auto summary = core::EntityQueries(c).summary(f, kind, value);
            if (!summary) {
                return summary.error();
            }
            std::vector<core::Annotation> annotations;
            if (const auto target = AnnotationController::targetFor(kind)) {
                const core::SystemClock clock;
                core::AnnotationQuery query;
                query.kind = *target;
                query.target = value;
                if (auto list = core::AnnotationStore(c, clock).list(query)) {
                    annotations = std::move(*list);
                }
            }
            return Loaded{std::move(*summary), std::move(annotations)};
        },
        [this](core::Result<Loaded> r) {
            if (!r) {
                m_stats->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            m_summary = std::move(r->first);
            m_annotations = std::move(r->second);
            present();
        });
}

QString EntityPage::annotationsText() const
{
    if (m_annotations.empty()) {
        return {};
    }
    QStringList parts;
    const std::string tags = core::AnnotationStore::tagsText(m_annotations);
    if (!tags.empty()) {
        parts << tr("Tags: %1").arg(QString::fromStdString(tags));   // a bookmark shows as "bookmarked"
    }
    const std::string notes = core::AnnotationStore::notesText(m_annotations);
    if (!notes.empty()) {
        parts << tr("Notes: %1").arg(QString::fromStdString(notes));
    }
    return parts.join(QStringLiteral(" · "));
}

void EntityPage::present()
{
    const core::EntitySummary& s = m_summary;
    if (s.events == 0) {
        m_stats->setText(tr("No events for this %1 under the current filter (time range, vaults, identity kind).")
                             .arg(kindTitle(s.kind).toLower()));
    } else {
        m_stats->setText(tr("%1 events · %2 failed · first seen %3 UTC · last seen %4 UTC · vaults: %5 · operations: %6")
                             .arg(UiFormat::count(s.events), UiFormat::count(s.failed), UiFormat::time(s.first),
                                  UiFormat::time(s.last), UiFormat::count(static_cast<std::int64_t>(s.vaults.size())),
                                  UiFormat::count(static_cast<std::int64_t>(s.operations.size()))));
    }
    if (s.kind == EntityKind::Ip) {
        if (s.threatIntel.empty()) {
            m_intel->setText(tr("Threat intel: no match in the lists of this case (add a Tor exit list or an IP list "
                                "to the bundle to check)."));
        } else {
            QStringList parts;
            for (const auto& t : s.threatIntel) {
                parts << QStringLiteral("%1 (%2%3)").arg(UiFormat::text(t.list), UiFormat::text(t.kind),
                                                        t.listDate.empty() ? QString()
                                                                           : tr(", as of ") + UiFormat::text(t.listDate));
            }
            m_intel->setText(tr("Threat intel match: ") + parts.join(QStringLiteral("; ")));
        }
        m_intel->show();
    } else {
        m_intel->hide();
    }
    m_notes->setText(annotationsText());
    m_notes->setVisible(!m_notes->text().isEmpty());
    ChartFactory::setTimeChart(m_timeline, s.timeline, tr("Activity over time"), tr("Events"));

    std::vector<std::vector<Cell>> rows;
    auto add = [&](const QString& what, const std::vector<std::pair<std::string, std::int64_t>>& values,
                   std::optional<EntityKind> kind) {
        std::int64_t max = 1;
        for (const auto& v : values) {
            max = std::max(max, v.second);
        }
        for (const auto& [v, n] : values) {
            if (kind && *kind == s.kind && UiFormat::text(v) == m_ref.value) {
                continue;
            }
            Cell value = kind ? Cell::entity(UiFormat::key(v), static_cast<int>(*kind)) : Cell::plain(UiFormat::key(v));
            if (kind) {
                value.entityValue = UiFormat::text(v);
            }
            rows.push_back({Cell::plain(what), value, Cell::count(n, static_cast<double>(n) / static_cast<double>(max))});
        }
    };
    add(tr("Vault"), s.vaults, EntityKind::Vault);
    add(tr("Operation"), s.operations, EntityKind::Operation);
    add(tr("Caller IP"), s.callerIps, EntityKind::Ip);
    add(tr("Identity"), s.identities, EntityKind::Identity);
    m_related->setRows(std::move(rows));

    std::vector<std::vector<Cell>> alerts;
    std::vector<qlonglong> alertIds;
    for (const auto& a : s.alerts) {
        alerts.push_back({Cell::plain(UiFormat::time(a.time)), Cell::plain(UiFormat::text(a.severity)),
                          Cell::plain(UiFormat::text(a.displayName)),
                          Cell::entity(UiFormat::text(a.vault), static_cast<int>(EntityKind::Vault)),
                          Cell::plain(UiFormat::text(a.alertType)), Cell::plain(UiFormat::text(a.link))});
        alertIds.push_back(a.id);
    }
    m_alerts->setRows(std::move(alerts), std::move(alertIds));
    std::vector<std::vector<Cell>> findings;
    std::vector<qlonglong> findingIds;
    for (const auto& f : s.findings) {
        findings.push_back({Cell::plain(UiFormat::text(f.severity)), Cell::plain(UiFormat::text(f.ruleId)),
                            Cell::plain(UiFormat::text(f.title)), Cell::plain(UiFormat::time(f.start)),
                            Cell::plain(UiFormat::time(f.end)), Cell::count(f.evidenceCount)});
        findingIds.push_back(f.id);
    }
    m_findings->setRows(std::move(findings), std::move(findingIds));
}

} // namespace kvw::ui
