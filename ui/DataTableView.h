#pragma once

#include "ui/AnnotationController.h"

#include <QTableView>

#include <vector>

class QMenu;
class QSortFilterProxyModel;

namespace kvw::ui {

// The grid used everywhere: calm defaults, bars on chosen columns, sorting through a proxy (or in SQL for the
// Events grid), and drill-down: double-click or the context menu on a cell that names an entity opens its page.
// The context menu also exports the table (CSV / JSON, as shown; an event grid through the core event query with
// its filter) and tags, notes or bookmarks the row's event / finding / alert or the cell's entity.
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

    // What the menu would annotate for a cell: the row's event / finding / alert first, then the cell's entity.
    std::vector<AnnotationRef> annotationTargets(const QModelIndex& index) const;
    // Builds the context menu for a cell (tests inspect it; actions carry their purpose in objectName).
    QMenu* createContextMenu(const QModelIndex& index, QWidget* parent);
    // Writes what the grid shows (or, for an event grid, every event under its filter) to a .csv or .json file.
    void exportTo(const QString& path);

signals:
    void entityActivated(int kind, const QString& value);
    void filterRequested(int column, const QString& value);
    void rowActivated(const QModelIndex& sourceIndex);
    void exportFinished(const QString& message, bool ok);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void askExport(bool json);

    QAbstractItemModel* m_source = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    bool m_filterAction = false;
};

} // namespace kvw::ui
