#include "ui/DataTableView.h"

#include "ui/BarDelegate.h"
#include "ui/CellDelegate.h"
#include "ui/ModelRoles.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QMenu>
#include <QSortFilterProxyModel>

namespace kvw::ui {

DataTableView::DataTableView(QWidget* parent) : QTableView(parent)
{
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setItemDelegate(new CellDelegate(this));
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultSectionSize(140);
    connect(this, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QModelIndex src = toSource(index);
        const QVariant kind = src.data(EntityKindRole);
        if (kind.isValid()) {
            emit entityActivated(kind.toInt(), src.data(EntityValueRole).toString());
        } else {
            emit rowActivated(src);
        }
    });
}

void DataTableView::setSourceModel(QAbstractItemModel* model, bool sortInView)
{
    m_source = model;
    if (sortInView) {
        m_proxy = new QSortFilterProxyModel(this);
        m_proxy->setSortRole(SortRole);
        m_proxy->setSourceModel(model);
        setModel(m_proxy);
    } else {
        m_proxy = nullptr;
        setModel(model);
    }
    // No sort until the analyst clicks a header: the rows keep the order the query gave them.
    horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    setSortingEnabled(true);
    horizontalHeader()->setSortIndicatorShown(true);
}

QModelIndex DataTableView::toSource(const QModelIndex& index) const
{
    return m_proxy ? m_proxy->mapToSource(index) : index;
}

QModelIndex DataTableView::fromSource(const QModelIndex& index) const
{
    return m_proxy ? m_proxy->mapFromSource(index) : index;
}

void DataTableView::setTextFilter(const QString& text)
{
    if (m_proxy) {
        m_proxy->setFilterKeyColumn(-1);
        m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
        m_proxy->setFilterFixedString(text);
    }
}

void DataTableView::setBarColumn(int column, const QColor& color)
{
    setItemDelegateForColumn(column, new BarDelegate(color, this));
}

void DataTableView::contextMenuEvent(QContextMenuEvent* event)
{
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid()) {
        return;
    }
    const QModelIndex src = toSource(index);
    QMenu menu(this);
    const QVariant kind = src.data(EntityKindRole);
    const QString value = src.data(EntityValueRole).toString();
    if (kind.isValid() && !value.isEmpty()) {
        menu.addAction(tr("Open entity page"), this, [this, kind, value]() { emit entityActivated(kind.toInt(), value); });
    }
    if (m_filterAction) {
        const QString text = src.data(Qt::DisplayRole).toString();
        menu.addAction(tr("Filter to this value"), this, [this, src, text]() { emit filterRequested(src.column(), text); });
    }
    const QString text = src.data(Qt::DisplayRole).toString();
    menu.addAction(tr("Copy"), this, [text]() { QApplication::clipboard()->setText(text); });
    menu.exec(event->globalPos());
}

} // namespace kvw::ui
