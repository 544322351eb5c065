#pragma once

#include <QTableView>

class QSortFilterProxyModel;

namespace kvw::ui {

// The grid used everywhere: calm defaults, bars on chosen columns, sorting through a proxy (or in SQL for the
// Events grid), and drill-down: double-click or the context menu on a cell that names an entity opens its page.
class DataTableView : public QTableView
{
    Q_OBJECT
public:
    explicit DataTableView(QWidget* parent = nullptr);

    // With sortInView, a QSortFilterProxyModel sorts by SortRole; otherwise the model sorts itself (SQL).
    void setSourceModel(QAbstractItemModel* model, bool sortInView = true);
    QAbstractItemModel* sourceModel() const { return m_source; }
    QModelIndex toSource(const QModelIndex& index) const;
    QModelIndex fromSource(const QModelIndex& index) const;
    void setBarColumn(int column, const QColor& color);
    // Adds "Filter to this value" to the context menu (the Events grid).
    void setFilterActionEnabled(bool on) { m_filterAction = on; }
    // In-view text search over every column (sortInView grids only).
    void setTextFilter(const QString& text);

signals:
    void entityActivated(int kind, const QString& value);
    void filterRequested(int column, const QString& value);
    void rowActivated(const QModelIndex& sourceIndex);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    QAbstractItemModel* m_source = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    bool m_filterAction = false;
};

} // namespace kvw::ui
