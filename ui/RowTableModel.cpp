#include "ui/RowTableModel.h"

#include "ui/ModelRoles.h"
#include "ui/UiFormat.h"

namespace kvw::ui {

Cell Cell::count(std::int64_t n, std::optional<double> bar)
{
    return Cell{UiFormat::count(n), QVariant::fromValue<qlonglong>(n), std::nullopt, {}, bar, true};
}

void RowTableModel::setRows(std::vector<std::vector<Cell>> rows, std::vector<qlonglong> ids)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_ids = std::move(ids);
    endResetModel();
}

qlonglong RowTableModel::idAt(int row) const
{
    return row >= 0 && static_cast<std::size_t>(row) < m_ids.size() ? m_ids[static_cast<std::size_t>(row)] : -1;
}

const Cell* RowTableModel::cell(int row, int column) const
{
    if (row < 0 || column < 0 || static_cast<std::size_t>(row) >= m_rows.size()) {
        return nullptr;
    }
    const auto& r = m_rows[static_cast<std::size_t>(row)];
    return static_cast<std::size_t>(column) < r.size() ? &r[static_cast<std::size_t>(column)] : nullptr;
}

int RowTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RowTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_headers.size());
}

QVariant RowTableModel::data(const QModelIndex& index, int role) const
{
    const Cell* c = index.isValid() ? cell(index.row(), index.column()) : nullptr;
    if (!c) {
        return {};
    }
    switch (role) {
    case Qt::DisplayRole: return c->text;
    case SortRole: return c->sort.isValid() ? c->sort : QVariant(c->text);
    case Qt::TextAlignmentRole: return c->number ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case EntityKindRole: return c->entityKind ? QVariant(*c->entityKind) : QVariant();
    case EntityValueRole: return c->entityKind ? QVariant(c->entityValue.isEmpty() ? c->text : c->entityValue) : QVariant();
    case BarFractionRole: return c->bar ? QVariant(*c->bar) : QVariant();
    case IdRole: return idAt(index.row());
    case AnnotationTargetRole: return m_idTarget && idAt(index.row()) >= 0 ? QVariant(*m_idTarget) : QVariant();
    default: return {};
    }
}

QVariant RowTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_headers.size()) {
        return m_headers.at(section);
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace kvw::ui
