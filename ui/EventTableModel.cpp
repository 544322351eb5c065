#include "ui/EventTableModel.h"

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/annotations/Annotation.h"
#include "core/store/CaseFile.h"
#include "ui/ModelRoles.h"
#include "ui/QueryRunner.h"
#include "ui/UiFormat.h"

#include <QFont>

#include <algorithm>

namespace kvw::ui {

using core::EntityKind;

namespace {

// Two page loads at a time: enough to fill a screen while the next request waits for the newest scroll position.
constexpr std::size_t kMaxInFlight = 2;
constexpr std::size_t kMaxWanted = 8;

} // namespace

EventTableModel::EventTableModel(QObject* parent)
    : QAbstractTableModel(parent), m_countRunner(new QueryRunner(this)), m_anchorRunner(new QueryRunner(this))
{
}

EventTableModel::~EventTableModel()
{
    if (m_anchorCancel) {
        m_anchorCancel->store(true);
    }
}

bool EventTableModel::setCasePath(const QString& path)
{
    m_case.reset();
    m_path.clear();
    bool ok = true;
    if (!path.isEmpty()) {
        auto c = core::CaseFile::openReadOnly(path.toStdString());
        if (c) {
            m_case = std::make_unique<core::CaseFile>(std::move(*c));
            m_path = path;
        } else {
            ok = false;
            emit queryFailed(QString::fromStdString(c.error().toString()));
        }
    }
    m_countRunner->setCasePath(m_path);
    m_anchorRunner->setCasePath(m_path);
    reload(true);
    return ok;
}

void EventTableModel::setFilter(const core::EventFilter& filter)
{
    m_filter = filter;
    reload(true);
}

void EventTableModel::reload(bool recount)
{
    ++m_generation;
    if (m_anchorCancel) {
        m_anchorCancel->store(true);
        m_anchorCancel.reset();
    }
    beginResetModel();
    m_cache.reset();
    m_inFlight.clear();
    m_wanted.clear();
    m_pageFetches = 0;
    if (recount || m_path.isEmpty()) {
        m_count.reset();
    }
    if (!m_path.isEmpty()) {
        m_cache = std::make_unique<core::EventPageCache>(m_sort, PageSize);
        if (m_count) {
            m_cache->setCount(*m_count);
            m_cache->setViaSortIndex(m_viaSortIndex);
        }
    }
    endResetModel();
    if (!m_cache) {
        m_count = 0;
        emit countChanged(0);
        return;
    }
    // The first page does not need the count: both start at once.
    requestPage(0);
    if (!recount) {
        startAnchors();
        return;
    }
    const quint64 generation = m_generation;
    const core::EventFilter filter = m_filter;
    using Counted = std::pair<std::int64_t, bool>;   // rows, and whether pages should walk the sort index
    m_countRunner->run<Counted>(
        [filter](const core::CaseFile& c) -> core::Result<Counted> {
            const core::EventQuery q(c);
            auto n = q.count(filter);
            if (!n) {
                return n.error();
            }
            auto total = q.rowEstimate();
            return Counted{*n, total && core::EventQuery::preferSortIndex(*n, *total, PageSize)};
        },
        [this, generation](core::Result<Counted> counted) {
            if (generation != m_generation || !m_cache) {
                return;
            }
            if (!counted) {
                emit queryFailed(QString::fromStdString(counted.error().toString()));
                return;
            }
            const std::int64_t n = counted->first;
            beginResetModel();
            m_count = n;
            m_viaSortIndex = counted->second;
            m_cache->setCount(n);
            m_cache->setViaSortIndex(m_viaSortIndex);
            endResetModel();
            emit countChanged(n);
            startAnchors();
            startWanted();
        });
}

void EventTableModel::startAnchors()
{
    // Pages within the cache's edge distance of either end are reached without anchors.
    if (!m_cache || !m_count || *m_count <= 2 * m_cache->edgeRows()) {
        return;
    }
    m_anchorCancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = m_generation;
    const core::EventFilter filter = m_filter;
    const auto sort = m_sort;
    const bool descending = m_descending;
    const std::shared_ptr<std::atomic<bool>> cancel = m_anchorCancel;
    m_anchorRunner->run<core::EventQuery::Anchors>(
        [filter, sort, descending, cancel](const core::CaseFile& c) {
            return core::EventQuery(c).anchors(filter, sort, descending, PageSize, cancel.get());
        },
        [this, generation](core::Result<core::EventQuery::Anchors> anchors) {
            if (generation != m_generation || !m_cache) {
                return;
            }
            if (!anchors) {
                if (anchors.error().code != core::Error::Code::Cancelled) {
                    emit queryFailed(QString::fromStdString(anchors.error().toString()));
                }
                return;
            }
            m_cache->setAnchors(std::move(*anchors));
            startWanted();
        });
}

void EventTableModel::requestPage(std::int64_t page)
{
    if (!m_cache || m_cache->hasPage(page) || m_inFlight.count(page) != 0) {
        return;
    }
    if (m_wanted.empty() || m_wanted.front() != page) {
        m_wanted.erase(std::remove(m_wanted.begin(), m_wanted.end(), page), m_wanted.end());
        m_wanted.push_front(page);
        if (m_wanted.size() > kMaxWanted) {
            m_wanted.pop_back();
        }
    }
    startWanted();
}

void EventTableModel::startWanted()
{
    // A grid sorted by another column than time waits for the count: it decides how its pages are read.
    if (!m_count && m_sort != core::EventQuery::Sort::Time) {
        return;
    }
    for (auto it = m_wanted.begin(); m_cache && it != m_wanted.end() && m_inFlight.size() < kMaxInFlight;) {
        const std::int64_t page = *it;
        if (m_cache->hasPage(page)) {
            it = m_wanted.erase(it);
            continue;
        }
        const auto plan = m_cache->plan(page);
        if (!plan) {
            // Waits for the anchors (a jump) or for the count (the end of the grid).
            ++it;
            continue;
        }
        it = m_wanted.erase(it);
        m_inFlight.insert(page);
        ++m_pageFetches;
        auto* runner = new QueryRunner(this);
        runner->setCasePath(m_path);
        connect(runner, &QueryRunner::finished, runner, &QObject::deleteLater);
        const quint64 generation = m_generation;
        const core::EventFilter filter = m_filter;
        const auto sort = m_sort;
        const bool descending = m_descending;
        const core::EventPageCache::Fetch fetch = *plan;
        runner->run<std::vector<core::EventRow>>(
            [filter, sort, descending, fetch](const core::CaseFile& c) {
                return core::EventPageCache::load(core::EventQuery(c), filter, sort, descending, fetch);
            },
            [this, generation, page](core::Result<std::vector<core::EventRow>> rows) {
                pageArrived(generation, page, std::move(rows));
            });
    }
}

void EventTableModel::pageArrived(quint64 generation, std::int64_t page, core::Result<std::vector<core::EventRow>> rows)
{
    if (generation != m_generation || !m_cache) {
        return;
    }
    m_inFlight.erase(page);
    if (!rows) {
        emit queryFailed(QString::fromStdString(rows.error().toString()));
        startWanted();
        return;
    }
    const auto n = static_cast<std::int64_t>(rows->size());
    m_cache->store(page, std::move(*rows));
    const std::int64_t first = page * PageSize;
    const std::int64_t last = std::min<std::int64_t>(first + n, rowCount()) - 1;
    if (last >= first) {
        emit dataChanged(index(static_cast<int>(first), 0), index(static_cast<int>(last), ColumnCount - 1));
    }
    emit pageLoaded(first, static_cast<int>(n));
    startWanted();
}

int EventTableModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid()) {
        return 0;
    }
    // A view cannot address more rows than an int holds; the status bar shows the true count.
    return static_cast<int>(std::min<std::int64_t>(m_count.value_or(0), 2'000'000'000));
}

int EventTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const core::EventRow* EventTableModel::eventAt(int row) const
{
    if (!m_cache || row < 0 || row >= rowCount()) {
        return nullptr;
    }
    if (const core::EventRow* r = m_cache->row(row)) {
        return r;
    }
    // Asking for a row is what starts its page's load (views ask from data(), a const function).
    const_cast<EventTableModel*>(this)->requestPage(m_cache->pageOf(row));
    return nullptr;
}

std::optional<int> EventTableModel::entityKindForColumn(int column)
{
    switch (column) {
    case Vault: return static_cast<int>(EntityKind::Vault);
    case Operation: return static_cast<int>(EntityKind::Operation);
    case CallerIp: return static_cast<int>(EntityKind::Ip);
    case Identity:
    case Upn: return static_cast<int>(EntityKind::Identity);
    case AppId: return static_cast<int>(EntityKind::Application);
    case ObjectName: return static_cast<int>(EntityKind::Object);
    default: return std::nullopt;
    }
}

std::optional<core::ColumnCriterion::Column> EventTableModel::criterionColumn(int column)
{
    using C = core::ColumnCriterion::Column;
    switch (column) {
    case Vault: return C::Vault;
    case Operation: return C::Operation;
    case Status: return C::Status;
    case Result: return C::Result;
    case CallerIp: return C::CallerIp;
    case Identity: return C::Identity;
    case Upn: return C::Upn;
    case AppId: return C::AppId;
    case ObjectName: return C::ObjectName;
    case DurationMs: return C::DurationMs;
    case ClientInfo: return C::ClientInfo;
    case RequestUri: return C::RequestUri;
    default: return std::nullopt;
    }
}

QString EventTableModel::cellText(const core::EventRow& row, int column)
{
    const core::Event& e = row.event;
    switch (column) {
    case Time: return UiFormat::time(e.time);
    case Vault: return UiFormat::text(e.vault);
    case Operation: return UiFormat::text(e.operation);
    case Status: return e.httpStatus ? QString::number(*e.httpStatus) : QString();
    case Result: return UiFormat::text(e.resultSignature.empty() ? e.resultType : e.resultSignature);
    case CallerIp: return UiFormat::text(e.callerIp);
    case Identity:
        return UiFormat::text(!e.identityObjectId.empty() ? e.identityObjectId
                                                           : (!e.identityAppId.empty() ? e.identityAppId : e.identityUpn));
    case Upn: return UiFormat::text(e.identityUpn);
    case AppId: return UiFormat::text(e.identityAppId);
    case ObjectName: return UiFormat::text(e.objectName);
    case DurationMs: return e.durationMs ? UiFormat::count(*e.durationMs) : QString();
    case ClientInfo: return UiFormat::text(e.clientInfo);
    case RequestUri: return UiFormat::text(e.requestUri);
    case Tags: return UiFormat::text(row.tags);
    default: return {};
    }
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) {
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != IdRole && role != EntityKindRole &&
        role != EntityValueRole && role != Qt::TextAlignmentRole && role != SortRole && role != AnnotationTargetRole) {
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        return (index.column() == Status || index.column() == DurationMs)
                   ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                   : QVariant();
    }
    const core::EventRow* row = eventAt(index.row());
    if (!row) {
        return role == Qt::DisplayRole ? QVariant(QStringLiteral("…")) : QVariant();
    }
    switch (role) {
    case IdRole: return QVariant::fromValue<qlonglong>(row->id);
    case AnnotationTargetRole: return static_cast<int>(core::AnnotationTarget::Event);
    case EntityKindRole: {
        const auto k = entityKindForColumn(index.column());
        return k ? QVariant(*k) : QVariant();
    }
    case EntityValueRole:
        if (!entityKindForColumn(index.column())) {
            return {};
        }
        return cellText(*row, index.column());
    case Qt::ToolTipRole:
        // Plain text only (a tooltip starting with '<' would be read as rich text).
        if (index.column() == ClientInfo || index.column() == RequestUri) {
            return QStringLiteral("<p>%1</p>").arg(cellText(*row, index.column()).toHtmlEscaped());
        }
        return {};
    default: return cellText(*row, index.column());
    }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && (role == Qt::FontRole || role == Qt::ToolTipRole)) {
        // A filtered column's header is bold, and its tooltip says how it is filtered (escaped: values come from
        // the analyst or from the logs).
        const auto column = criterionColumn(section);
        for (const auto& c : m_filter.columns) {
            if (column && c.column == *column) {
                if (role == Qt::FontRole) {
                    QFont f;
                    f.setBold(true);
                    return f;
                }
                return QStringLiteral("<p>%1</p>").arg(tr("Filtered: %1").arg(QString::fromStdString(c.describe())).toHtmlEscaped());
            }
        }
        return role == Qt::ToolTipRole && column ? QVariant(tr("Right-click the header to filter this column")) : QVariant();
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case Time: return tr("Time (UTC)");
    case Vault: return tr("Vault");
    case Operation: return tr("Operation");
    case Status: return tr("Status");
    case Result: return tr("Result");
    case CallerIp: return tr("Caller IP");
    case Identity: return tr("Identity");
    case Upn: return tr("UPN");
    case AppId: return tr("App ID");
    case ObjectName: return tr("Object");
    case DurationMs: return tr("Duration (ms)");
    case ClientInfo: return tr("Client");
    case RequestUri: return tr("Request URI");
    case Tags: return tr("Tags");
    default: return {};
    }
}

void EventTableModel::sort(int column, Qt::SortOrder order)
{
    using S = core::EventQuery::Sort;
    std::optional<S> s;
    switch (column) {
    case Time: s = S::Time; break;
    case Vault: s = S::Vault; break;
    case Operation: s = S::Operation; break;
    case Status: s = S::Status; break;
    case CallerIp: s = S::CallerIp; break;
    case Identity: s = S::Identity; break;
    case DurationMs: s = S::Duration; break;
    case ObjectName: s = S::ObjectName; break;
    default: break;
    }
    if (!s) {
        return;
    }
    if (m_sort == *s && m_descending == (order == Qt::DescendingOrder) && m_cache) {
        return;
    }
    m_sort = *s;
    m_descending = order == Qt::DescendingOrder;
    // The same rows in another order: the count stands.
    reload(!m_count.has_value());
}

} // namespace kvw::ui
