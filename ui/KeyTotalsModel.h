#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"

#include <QAbstractTableModel>

namespace kvw::ui {

// "Activity, by vault / caller IP / identity / operation": one row per key with its counts.
class KeyTotalsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Key, Events, Failed, RelatedAlerts, RelatedFindings, FirstSeen, LastSeen, Upn, Identifier, ColumnCount };

    explicit KeyTotalsModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

    void setResults(core::GroupKey key, std::vector<core::KeyTotal> rows);
    const std::vector<core::KeyTotal>& rows() const { return m_rows; }
    core::GroupKey groupKey() const { return m_key; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static std::optional<core::EntityKind> entityKind(core::GroupKey key);

private:
    core::GroupKey m_key = core::GroupKey::Vault;
    std::vector<core::KeyTotal> m_rows;
    std::int64_t m_max = 0;
};

} // namespace kvw::ui
