#pragma once

#include "core/analytics/workbook/EventPageCache.h"
#include "core/query/EventFilter.h"
#include "core/query/EventQuery.h"

#include <QAbstractTableModel>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <set>

namespace kvw::core {
class CaseFile;
}

namespace kvw::ui {

class QueryRunner;

// The Events grid: a virtual table over EventQuery pages that never blocks the GUI thread. The count, the pages and
// the anchor keys (for jumps) are read on the thread pool; a row whose page is not in memory shows "…" and the
// page's arrival emits dataChanged. Pages are reached by keyset seeks (EventPageCache plans them), so a page in the
// middle of ten million rows costs what the first one does. rowCount is 0 until the count arrives; sorting runs in
// SQL and keeps the count.
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
        Tags,
        ColumnCount
    };

    explicit EventTableModel(QObject* parent = nullptr);
    ~EventTableModel() override;

    // Opens a read-only connection to the case (for the row detail); pages are read by their own jobs. Empty closes.
    bool setCasePath(const QString& path);
    void setFilter(const core::EventFilter& filter);
    const core::EventFilter& filter() const { return m_filter; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The event behind a row, or nullptr while its page is not loaded (its loading starts).
    const core::EventRow* eventAt(int row) const;
    std::int64_t totalCount() const { return m_count.value_or(0); }
    bool countKnown() const { return m_count.has_value(); }
    bool hasAnchors() const { return m_cache && m_cache->hasAnchors(); }
    bool isLoaded(int row) const { return m_cache && m_cache->isCached(row); }
    // Page loads started since the last filter or sort change.
    std::int64_t pageFetches() const { return m_pageFetches; }
    static constexpr std::int64_t PageSize = 500;
    const core::CaseFile* caseFile() const { return m_case.get(); }
    // The entity a cell names (vault, IP, identity, app, operation, object), if any.
    static std::optional<int> entityKindForColumn(int column);
    // The per-column filter a grid column maps to (every column but the time).
    static std::optional<core::ColumnCriterion::Column> criterionColumn(int column);
    static QString cellText(const core::EventRow& row, int column);

signals:
    void countChanged(qint64 count);
    void queryFailed(const QString& message);
    // Rows [first, first + count) arrived (after dataChanged for them).
    void pageLoaded(qint64 first, int count);

private:
    void reload(bool recount);
    void startAnchors();
    void requestPage(std::int64_t page);
    void startWanted();
    void pageArrived(quint64 generation, std::int64_t page, core::Result<std::vector<core::EventRow>> rows);

    QString m_path;
    std::unique_ptr<core::CaseFile> m_case;
    core::EventFilter m_filter;
    core::EventQuery::Sort m_sort = core::EventQuery::Sort::Time;
    bool m_descending = false;
    std::optional<std::int64_t> m_count;
    bool m_viaSortIndex = false;   // decided with the count (EventQuery::preferSortIndex)
    std::unique_ptr<core::EventPageCache> m_cache;
    quint64 m_generation = 0;
    QueryRunner* m_countRunner;
    QueryRunner* m_anchorRunner;
    std::shared_ptr<std::atomic<bool>> m_anchorCancel;
    std::set<std::int64_t> m_inFlight;
    std::deque<std::int64_t> m_wanted;   // pages asked for and not loading yet, most recent first
    std::int64_t m_pageFetches = 0;
};

} // namespace kvw::ui
