#include "ui/EventTableModel.h"

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/annotations/Annotation.h"
#include "core/store/CaseFile.h"
#include "ui/ModelRoles.h"
#include "ui/UiFormat.h"

namespace kvw::ui {

using core::EntityKind;

EventTableModel::EventTableModel(QObject* parent) : QAbstractTableModel(parent) {}

EventTableModel::~EventTableModel() = default;

bool EventTableModel::setCasePath(const QString& path)
{
    beginResetModel();
    m_cache.reset();
    m_case.reset();
    m_count = 0;
    bool ok = true;
    if (!path.isEmpty()) {
        auto c = core::CaseFile::openReadOnly(path.toStdString());
        if (c) {
            m_case = std::make_unique<core::CaseFile>(std::move(*c));
        } else {
            ok = false;
            emit queryFailed(QString::fromStdString(c.error().toString()));
        }
    }
    endResetModel();
    reload();
    return ok;
}

void EventTableModel::setFilter(const core::EventFilter& filter)
{
    m_filter = filter;
    reload();
}

void EventTableModel::reload()
{
    beginResetModel();
    m_count = 0;
    m_cache.reset();
    if (m_case) {
        const core::EventQuery query(*m_case);
        auto n = query.count(m_filter);
        if (n) {
            m_count = *n;
        } else {
            emit queryFailed(QString::fromStdString(n.error().toString()));
        }
        const core::CaseFile* c = m_case.get();
        const core::EventFilter filter = m_filter;
        const auto sort = m_sort;
        const bool desc = m_descending;
        m_cache = std::make_unique<core::EventPageCache>([c, filter, sort, desc](std::int64_t offset, std::int64_t limit) {
            return core::EventQuery(*c).page(filter, sort, desc, offset, limit);
        });
    }
    endResetModel();
    emit countChanged(m_count);
}

int EventTableModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid()) {
        return 0;
    }
    // A view cannot address more rows than an int holds; the status bar shows the true count.
    return static_cast<int>(std::min<std::int64_t>(m_count, 2'000'000'000));
}

int EventTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const core::EventRow* EventTableModel::eventAt(int row) const
{
    if (!m_cache || row < 0 || row >= rowCount()) {
        return nullptr;
    }
    return m_cache->row(row);
}

std::int64_t EventTableModel::pageFetches() const { return m_cache ? m_cache->fetchCount() : 0; }

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
    m_sort = *s;
    m_descending = order == Qt::DescendingOrder;
    reload();
}

} // namespace kvw::ui
