#pragma once

#include "core/analytics/workbook/EventPageCache.h"
#include "core/query/EventFilter.h"
#include "core/query/EventQuery.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>

namespace kvw::core {
class CaseFile;
}

namespace kvw::ui {

// The Events grid: a virtual table over EventQuery pages. rowCount is COUNT(*) under the filter; rows are fetched
// ~500 at a time when the view asks for them and a few pages are kept; sorting runs in SQL.
class EventTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Time,
        Vault,
        Operation,
        Status,
        Result,
        CallerIp,
        Identity,
        Upn,
        AppId,
        ObjectName,
        DurationMs,
        ClientInfo,
        RequestUri,
        ColumnCount
    };

    explicit EventTableModel(QObject* parent = nullptr);
    ~EventTableModel() override;

    // Opens its own read-only connection to the case (the grid reads on the GUI thread); empty closes.
    bool setCasePath(const QString& path);
    void setFilter(const core::EventFilter& filter);
    const core::EventFilter& filter() const { return m_filter; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The event behind a row (fetching its page when needed), or nullptr.
    const core::EventRow* eventAt(int row) const;
    std::int64_t totalCount() const { return m_count; }
    std::int64_t pageFetches() const;
    const core::CaseFile* caseFile() const { return m_case.get(); }
    // The entity a cell names (vault, IP, identity, app, operation, object), if any.
    static std::optional<int> entityKindForColumn(int column);
    static QString cellText(const core::EventRow& row, int column);

signals:
    void countChanged(qint64 count);
    void queryFailed(const QString& message);

private:
    void reload();

    std::unique_ptr<core::CaseFile> m_case;
    core::EventFilter m_filter;
    core::EventQuery::Sort m_sort = core::EventQuery::Sort::Time;
    bool m_descending = false;
    std::int64_t m_count = 0;
    std::unique_ptr<core::EventPageCache> m_cache;
};

} // namespace kvw::ui
