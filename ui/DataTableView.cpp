#include "ui/DataTableView.h"

#include "core/store/CaseFile.h"
#include "ui/BarDelegate.h"
#include "ui/CellDelegate.h"
#include "ui/EventTableModel.h"
#include "ui/ModelRoles.h"
#include "ui/PlainMessageBox.h"
#include "ui/TableExporter.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDir>
#include <QFileDialog>
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

std::vector<AnnotationRef> DataTableView::annotationTargets(const QModelIndex& index) const
{
    std::vector<AnnotationRef> refs;
    const QModelIndex src = toSource(index);
    if (!src.isValid()) {
        return refs;
    }
    const QVariant rowKind = src.data(AnnotationTargetRole);
    const qlonglong id = src.data(IdRole).toLongLong();
    if (rowKind.isValid() && id > 0) {
        refs.push_back({static_cast<core::AnnotationTarget>(rowKind.toInt()), QString::number(id)});
    }
    const QVariant kind = src.data(EntityKindRole);
    const QString value = src.data(EntityValueRole).toString();
    if (kind.isValid() && !value.isEmpty()) {
        if (const auto target = AnnotationController::targetFor(static_cast<core::EntityKind>(kind.toInt()))) {
            refs.push_back({*target, value});
        }
    }
    return refs;
}

QMenu* DataTableView::createContextMenu(const QModelIndex& index, QWidget* parent)
{
    auto* menu = new QMenu(parent);
    const QModelIndex src = toSource(index);
    auto add = [menu](const QString& text, const char* name) {
        QAction* a = menu->addAction(text);
        a->setObjectName(QString::fromLatin1(name));
        return a;
    };
    if (src.isValid()) {
        const QVariant kind = src.data(EntityKindRole);
        const QString value = src.data(EntityValueRole).toString();
        if (kind.isValid() && !value.isEmpty()) {
            connect(add(tr("Open entity page"), "openEntityAction"), &QAction::triggered, this,
                    [this, kind, value]() { emit entityActivated(kind.toInt(), value); });
        }
        const QString text = src.data(Qt::DisplayRole).toString();
        if (m_filterAction) {
            connect(add(tr("Filter to this value"), "filterToValueAction"), &QAction::triggered, this,
                    [this, src, text]() { emit filterRequested(src.column(), text); });
        }
        connect(add(tr("Copy"), "copyAction"), &QAction::triggered, this,
                [text]() { QApplication::clipboard()->setText(text); });

        AnnotationController* annotations = AnnotationController::of(this);
        const std::vector<AnnotationRef> refs = annotationTargets(index);
        if (annotations && annotations->hasCase() && !refs.empty()) {
            menu->addSeparator();
            const AnnotationRef primary = refs.front();
            auto edit = [this, annotations](const AnnotationRef& ref, AnnotationDialog::Focus focus) {
                annotations->edit(this, ref, focus);
            };
            // Menu texts name what they annotate; log values are elided and '&' is not a mnemonic.
            auto named = [](const AnnotationRef& ref) {
                QString name = ref.description();
                name.replace(0, 1, name.at(0).toLower());
                if (name.size() > 60) {
                    name = name.left(57) + QStringLiteral("…");
                }
                return name.replace(QLatin1Char('&'), QStringLiteral("&&"));
            };
            const QString what = named(primary);
            connect(add(tr("Tag %1…").arg(what), "tagAction"), &QAction::triggered, this,
                    [edit, primary]() { edit(primary, AnnotationDialog::Focus::Tag); });
            connect(add(tr("Add note to %1…").arg(what), "noteAction"), &QAction::triggered, this,
                    [edit, primary]() { edit(primary, AnnotationDialog::Focus::Note); });
            connect(add(tr("Bookmark %1").arg(what), "bookmarkAction"), &QAction::triggered, this, [this, annotations, primary]() {
                if (auto st = annotations->bookmark(primary); !st) {
                    PlainMessageBox::warning(this, tr("Bookmark"), QString::fromStdString(st.error().toString()));
                }
            });
            if (refs.size() > 1) {
                // The cell's entity as well (an event row's caller IP, identity, vault…).
                const AnnotationRef entity = refs[1];
                connect(add(tr("Tag or note %1…").arg(named(entity)), "tagEntityAction"), &QAction::triggered, this,
                        [edit, entity]() { edit(entity, AnnotationDialog::Focus::Tag); });
            }
        }
        menu->addSeparator();
    }
    connect(add(tr("Export table as CSV…"), "exportCsvAction"), &QAction::triggered, this, [this]() { askExport(false); });
    connect(add(tr("Export table as JSON…"), "exportJsonAction"), &QAction::triggered, this, [this]() { askExport(true); });
    return menu;
}

void DataTableView::askExport(bool json)
{
    const QString name = (objectName().isEmpty() ? QStringLiteral("table") : objectName().remove(QStringLiteral("TableView"))) +
                         (json ? QStringLiteral(".json") : QStringLiteral(".csv"));
    const QString target = QFileDialog::getSaveFileName(this, tr("Export table"), QDir::home().filePath(name),
                                                        json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (!target.isEmpty()) {
        exportTo(target);
    }
}

void DataTableView::exportTo(const QString& path)
{
    const TableExporter::Format format = TableExporter::formatFor(path);
    // An event grid holds millions of rows it has never loaded: export them through the core event query instead.
    if (auto* events = qobject_cast<EventTableModel*>(m_source); events && events->caseFile()) {
        TableExporter::exportEvents(this, QString::fromStdString(events->caseFile()->path()), events->filter(), path,
                                    format, [this](const QString& message, bool ok) { emit exportFinished(message, ok); });
        return;
    }
    auto n = TableExporter::writeModel(*model(), path, format);
    if (!n) {
        emit exportFinished(QString::fromStdString(n.error().toString()), false);
        return;
    }
    emit exportFinished(tr("Exported %1 rows to %2").arg(*n).arg(path), true);
}

void DataTableView::contextMenuEvent(QContextMenuEvent* event)
{
    const QModelIndex index = indexAt(event->pos());
    QMenu* menu = createContextMenu(index, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
    event->accept();
}

} // namespace kvw::ui
