#include "ui/KeyTotalsModel.h"

#include "ui/ModelRoles.h"
#include "ui/UiFormat.h"

#include <algorithm>

namespace kvw::ui {

void KeyTotalsModel::setResults(core::GroupKey key, std::vector<core::KeyTotal> rows)
{
    beginResetModel();
    m_key = key;
    m_rows = std::move(rows);
    m_max = 0;
    for (const auto& r : m_rows) {
        m_max = std::max(m_max, r.events);
    }
    endResetModel();
}

int KeyTotalsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int KeyTotalsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

std::optional<core::EntityKind> KeyTotalsModel::entityKind(core::GroupKey key)
{
    switch (key) {
    case core::GroupKey::Vault: return core::EntityKind::Vault;
    case core::GroupKey::CallerIp: return core::EntityKind::Ip;
    case core::GroupKey::Identity: return core::EntityKind::Identity;
    case core::GroupKey::Operation: return core::EntityKind::Operation;
    case core::GroupKey::Application: return core::EntityKind::Application;
    case core::GroupKey::ObjectName: return core::EntityKind::Object;
    default: return std::nullopt;
    }
}

QVariant KeyTotalsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) {
        return {};
    }
    const core::KeyTotal& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Key: return UiFormat::key(r.key);
        case Events: return UiFormat::count(r.events);
        case Failed: return UiFormat::count(r.failed);
        case RelatedAlerts: return UiFormat::count(r.relatedAlerts);
        case RelatedFindings: return UiFormat::count(r.relatedFindings);
        case FirstSeen: return UiFormat::time(r.first);
        case LastSeen: return UiFormat::time(r.last);
        case Upn: return UiFormat::text(r.upn);
        case Identifier: return UiFormat::text(r.identifier);
        default: return {};
        }
    case SortRole:
        switch (index.column()) {
        case Events: return QVariant::fromValue<qlonglong>(r.events);
        case Failed: return QVariant::fromValue<qlonglong>(r.failed);
        case RelatedAlerts: return QVariant::fromValue<qlonglong>(r.relatedAlerts);
        case RelatedFindings: return QVariant::fromValue<qlonglong>(r.relatedFindings);
        case FirstSeen: return QVariant::fromValue<qlonglong>(r.first.ticks());
        case LastSeen: return QVariant::fromValue<qlonglong>(r.last.ticks());
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::TextAlignmentRole:
        return (index.column() >= Events && index.column() <= RelatedFindings)
                   ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                   : QVariant();
    case BarFractionRole:
        if (index.column() == Events && m_max > 0) {
            return static_cast<double>(r.events) / static_cast<double>(m_max);
        }
        if (index.column() == Failed && r.events > 0) {
            return static_cast<double>(r.failed) / static_cast<double>(r.events);
        }
        return {};
    case EntityKindRole:
        if (index.column() == Key) {
            if (const auto k = entityKind(m_key)) {
                return static_cast<int>(*k);
            }
        }
        if (index.column() == Upn && !r.upn.empty()) {
            return static_cast<int>(core::EntityKind::Identity);
        }
        return {};
    case EntityValueRole:
        if (index.column() == Upn) {
            return UiFormat::text(r.upn);
        }
        return UiFormat::text(r.key);
    default: return {};
    }
}

QVariant KeyTotalsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case Key: {
        switch (m_key) {
        case core::GroupKey::Vault: return tr("Vault");
        case core::GroupKey::CallerIp: return tr("Caller IP");
        case core::GroupKey::Identity: return tr("Identity");
        case core::GroupKey::Operation: return tr("Operation");
        default: return tr("Key");
        }
    }
    case Events: return tr("Events");
    case Failed: return tr("Failed");
    case RelatedAlerts: return tr("Related alerts");
    case RelatedFindings: return tr("Related findings");
    case FirstSeen: return tr("First seen (UTC)");
    case LastSeen: return tr("Last seen (UTC)");
    case Upn: return tr("User (UPN)");
    case Identifier: return tr("Identifier");
    default: return {};
    }
}

} // namespace kvw::ui
