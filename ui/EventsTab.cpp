#include "ui/EventsTab.h"

#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/store/CaseFile.h"
#include "ui/ColumnFilterPopup.h"
#include "ui/DataTableView.h"
#include "ui/EventTableModel.h"
#include "ui/UiFormat.h"

#include <nlohmann/json.hpp>

#include <QCheckBox>
#include <QContextMenuEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSizePolicy>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace kvw::ui {

EventsTab::EventsTab(QWidget* parent) : WorkbookView(parent), m_model(new EventTableModel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(8);

    auto* bar = new QHBoxLayout;
    m_quick = new QLineEdit(this);
    m_quick->setObjectName(QStringLiteral("eventsQuickFilterEdit"));
    m_quick->setPlaceholderText(tr("Quick filter: operation, vault, IP, identity, URI, client, object…"));
    m_quick->setClearButtonEnabled(true);
    m_failed = new QCheckBox(tr("Failed only (HTTP ≥ 400)"), this);
    m_failed->setObjectName(QStringLiteral("eventsFailedOnlyCheckBox"));
    m_tagged = new QCheckBox(tr("Tagged only"), this);
    m_tagged->setObjectName(QStringLiteral("eventsTaggedOnlyCheckBox"));
    m_tagged->setToolTip(tr("Only the events you tagged"));
    m_narrowingLabel = makeLabel({}, this, QStringLiteral("eventsNarrowingLabel"));
    m_narrowingLabel->setWordWrap(false);
    // It quotes log values (a column filter may hold a 1 MB one): it takes the room the bar leaves, never more.
    m_narrowingLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_clear = new QPushButton(tr("Clear narrowing"), this);
    m_clear->setObjectName(QStringLiteral("eventsClearNarrowingButton"));
    m_count = makeLabel(tr("No case open"), this, QStringLiteral("eventsCountLabel"));
    m_count->setWordWrap(false);
    bar->addWidget(m_quick, 2);
    bar->addWidget(m_failed);
    bar->addWidget(m_tagged);
    bar->addWidget(m_narrowingLabel, 1);
    bar->addWidget(m_clear);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    auto* split = new QSplitter(Qt::Vertical, this);
    m_table = new DataTableView(split);
    m_table->setObjectName(QStringLiteral("eventsTableView"));
    m_table->setSourceModel(m_model, false);
    m_table->setFilterActionEnabled(true);
    m_table->sortByColumn(EventTableModel::Time, Qt::AscendingOrder);
    m_table->horizontalHeader()->resizeSection(EventTableModel::Time, 160);
    m_table->horizontalHeader()->resizeSection(EventTableModel::Status, 70);
    m_table->horizontalHeader()->resizeSection(EventTableModel::DurationMs, 100);
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table->horizontalHeader(), &QHeaderView::customContextMenuRequested, this, [this](const QPoint& pos) {
        const int column = m_table->horizontalHeader()->logicalIndexAt(pos);
        if (!EventTableModel::criterionColumn(column)) {
            return;
        }
        QMenu menu(this);
        menu.addAction(tr("Filter this column…"), this, [this, column]() { editColumnFilter(column); });
        if (columnFilter(column)) {
            menu.addAction(tr("Clear this column's filter"), this, [this, column]() { setColumnFilter(column, std::nullopt); });
        }
        menu.exec(m_table->horizontalHeader()->mapToGlobal(pos));
    });
    m_detail = new QPlainTextEdit(split);
    m_detail->setObjectName(QStringLiteral("eventDetailText"));
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select an event to see its original record."));
    m_detail->setFont(QFont(QStringLiteral("monospace")));
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    // Typing re-queries after a short pause, not on every key.
    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(250);
    connect(m_quick, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this]() {
        m_narrowing.text = m_quick->text().trimmed().toStdString();
        refreshNow();
    });
    connect(m_failed, &QCheckBox::toggled, this, [this](bool on) {
        m_narrowing.failedOnly = on;
        refreshNow();
    });
    connect(m_tagged, &QCheckBox::toggled, this, [this](bool on) {
        m_narrowing.taggedOnly = on;
        refreshNow();
    });
    connect(m_clear, &QPushButton::clicked, this, [this]() { setNarrowing({}); });
    connect(m_table, &DataTableView::entityActivated, this, &EventsTab::openEntity);
    connect(m_table, &DataTableView::filterRequested, this, &EventsTab::filterToValue);
    connect(m_table, &DataTableView::rowActivated, this, [this](const QModelIndex& i) { showDetail(i.row()); });
    connect(m_model, &EventTableModel::countChanged, this, [this](qint64 n) {
        m_count->setText(tr("%1 events").arg(UiFormat::count(n)));
    });
    // Pages arrive after the selection may have moved onto their rows: show the detail once the row is there.
    connect(m_model, &EventTableModel::pageLoaded, this, [this](qint64 first, int count) {
        const int row = m_table->currentIndex().row();
        if (row >= first && row < first + count && m_detail->toPlainText().isEmpty()) {
            showDetail(row);
        }
    });
    // The view keeps its selection model across the model's resets (filter and sort changes).
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showDetail(current.row()); });
    m_table->setContextMenuPolicy(Qt::DefaultContextMenu);
    auto* around = new QAction(tr("Show ±5 minutes around this event"), m_table);
    around->setObjectName(QStringLiteral("eventsAroundAction"));
    connect(around, &QAction::triggered, this, [this]() {
        if (m_table->currentIndex().isValid()) {
            showAround(m_table->currentIndex().row(), 5);
        }
    });
    addAction(around);
    updateNarrowingLabel();
}

core::EventFilter EventsTab::effectiveFilter() const
{
    core::EventFilter f = filter();
    f.operations = m_narrowing.operations;
    f.callerIp = m_narrowing.callerIp;
    f.identity = m_narrowing.identity;
    f.failedOnly = m_narrowing.failedOnly;
    f.text = m_narrowing.text;
    f.columns = m_narrowing.columns;
    f.taggedOnly = m_narrowing.taggedOnly;
    if (!m_narrowing.vaults.empty()) {
        f.vaults = m_narrowing.vaults;
    }
    if (m_narrowing.from) {
        f.from = f.from ? std::max(*f.from, *m_narrowing.from) : *m_narrowing.from;
    }
    if (m_narrowing.to) {
        f.to = f.to ? std::min(*f.to, *m_narrowing.to) : *m_narrowing.to;
    }
    return f;
}

void EventsTab::setNarrowing(const core::EventFilter& narrowing)
{
    m_narrowing = narrowing;
    const QSignalBlocker b1(m_quick);
    const QSignalBlocker b2(m_failed);
    const QSignalBlocker b3(m_tagged);
    m_quick->setText(QString::fromStdString(narrowing.text));
    m_failed->setChecked(narrowing.failedOnly);
    m_tagged->setChecked(narrowing.taggedOnly);
    refreshNow();
}

void EventsTab::filterToValue(int column, const QString& value)
{
    const auto c = EventTableModel::criterionColumn(column);
    if (!c) {
        core::EventFilter n = m_narrowing;
        if (column == EventTableModel::Tags) {
            n.taggedOnly = true;
        } else {
            n.text = value.toStdString();
        }
        setNarrowing(n);
        return;
    }
    core::ColumnCriterion criterion;
    criterion.column = *c;
    if (core::ColumnCriterion::isNumeric(*c)) {
        // The cell shows "1,234": the digits are the value. An empty cell (no status) cannot be matched by a number.
        QString digits = value;
        digits.remove(QRegularExpression(QStringLiteral("[^0-9]")));
        bool ok = false;
        const qlonglong v = digits.toLongLong(&ok);
        if (!ok) {
            return;
        }
        criterion.match = core::ColumnCriterion::Match::Range;
        criterion.min = v;
        criterion.max = v;
    } else {
        criterion.match = core::ColumnCriterion::Match::Equals;
        criterion.text = value.toStdString();
    }
    setColumnFilter(column, criterion);
}

void EventsTab::setColumnFilter(int column, const std::optional<core::ColumnCriterion>& criterion)
{
    const auto c = EventTableModel::criterionColumn(column);
    if (!c) {
        return;
    }
    core::EventFilter n = m_narrowing;
    std::erase_if(n.columns, [&c](const core::ColumnCriterion& x) { return x.column == *c; });
    if (criterion) {
        core::ColumnCriterion x = *criterion;
        x.column = *c;
        n.columns.push_back(std::move(x));
    }
    setNarrowing(n);
}

std::optional<core::ColumnCriterion> EventsTab::columnFilter(int column) const
{
    const auto c = EventTableModel::criterionColumn(column);
    for (const auto& x : m_narrowing.columns) {
        if (c && x.column == *c) {
            return x;
        }
    }
    return std::nullopt;
}

void EventsTab::editColumnFilter(int column)
{
    const auto c = EventTableModel::criterionColumn(column);
    if (!c) {
        return;
    }
    const QString title = m_model->headerData(column, Qt::Horizontal).toString();
    auto* popup = new ColumnFilterPopup(*c, title, columnFilter(column), this);
    connect(popup, &ColumnFilterPopup::applied, this,
            [this, column](const std::optional<core::ColumnCriterion>& x) { setColumnFilter(column, x); });
    QHeaderView* header = m_table->horizontalHeader();
    const QPoint below(header->sectionViewportPosition(column), header->height());
    popup->move(header->mapToGlobal(below));
    popup->show();
}

void EventsTab::showAround(int row, int minutes)
{
    const core::EventRow* e = m_model->eventAt(row);
    if (!e) {
        return;
    }
    core::EventFilter n;
    n.from = e->event.time - minutes * core::Timestamp::TicksPerMinute;
    n.to = e->event.time + minutes * core::Timestamp::TicksPerMinute + 1;
    n.vaults = {e->event.vault};
    setNarrowing(n);
}

void EventsTab::updateNarrowingLabel()
{
    core::EventFilter n = m_narrowing;
    n.text.clear();
    n.failedOnly = false;
    n.taggedOnly = false;
    const bool any = !(n == core::EventFilter{});
    m_clear->setVisible(any);
    m_narrowingLabel->setVisible(any);
    if (any) {
        m_narrowingLabel->setText(tr("Narrowed to: %1").arg(UiFormat::labelText(QString::fromStdString(n.describe()))));
    }
}

void EventsTab::refresh()
{
    if (m_modelCase != casePath()) {
        m_modelCase = casePath();
        m_model->setCasePath(casePath());
    }
    m_count->setText(tr("Counting events…"));
    m_model->setFilter(effectiveFilter());
    updateNarrowingLabel();
    m_detail->clear();
}

void EventsTab::clearView()
{
    m_modelCase.clear();
    m_model->setCasePath({});
    m_count->setText(tr("No case open"));
    m_detail->clear();
}

void EventsTab::showDetail(int row)
{
    const core::EventRow* e = m_model->eventAt(row);
    if (!e || !m_model->caseFile()) {
        m_detail->clear();
        return;
    }
    QString text = tr("Event %1 — %2, record %3 (%4)\n\n")
                       .arg(e->id)
                       .arg(QString::fromStdString(e->file))
                       .arg(e->recordIndex)
                       .arg(QString::fromStdString(e->format));
    // The analyst's tags and notes on this event, as plain text like everything in this pane.
    core::AnnotationQuery query;
    query.kind = core::AnnotationTarget::Event;
    query.target = std::to_string(e->id);
    const core::SystemClock clock;
    if (auto annotations = core::AnnotationStore(*m_model->caseFile(), clock).list(query); annotations && !annotations->empty()) {
        const std::string tags = core::AnnotationStore::tagsText(*annotations);
        const std::string notes = core::AnnotationStore::notesText(*annotations);
        if (!tags.empty()) {
            text += tr("Tags: %1\n").arg(QString::fromStdString(tags));
        }
        if (!notes.empty()) {
            text += tr("Notes: %1\n").arg(QString::fromStdString(notes));
        }
        text += QLatin1Char('\n');
    }
    auto raw = m_model->caseFile()->rawRecord(e->id);
    if (raw) {
        // Pretty-printed when it is JSON; shown as stored otherwise.
        const auto json = nlohmann::json::parse(*raw, nullptr, false);
        const std::string shown = json.is_discarded() ? *raw : json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        text += tr("Original record:\n") + QString::fromStdString(shown);
    } else {
        text += tr("The original record is not stored: ") + QString::fromStdString(raw.error().message);
    }
    // Plain text widget: the record is shown exactly as logged, never interpreted.
    m_detail->setPlainText(text);
}

} // namespace kvw::ui
