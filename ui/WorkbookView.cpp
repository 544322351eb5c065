#include "ui/WorkbookView.h"

#include <QLabel>

namespace kvw::ui {

WorkbookView::WorkbookView(QWidget* parent) : QWidget(parent), m_runner(new QueryRunner(this)) {}

void WorkbookView::setCasePath(const QString& path)
{
    m_runner->setCasePath(path);
    if (path.isEmpty()) {
        clearView();
        return;
    }
    requestRefresh();
}

void WorkbookView::setFilter(const core::EventFilter& filter)
{
    m_filter = filter;
    requestRefresh();
}

void WorkbookView::requestRefresh()
{
    if (!m_runner->hasCase()) {
        return;
    }
    if (isVisible()) {
        m_stale = false;
        refresh();
    } else {
        m_stale = true;
    }
}

void WorkbookView::refreshNow()
{
    if (m_runner->hasCase()) {
        m_stale = false;
        refresh();
    }
}

void WorkbookView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        m_stale = false;
        refresh();
    }
}

void WorkbookView::openEntity(int kind, const QString& value)
{
    if (!value.isEmpty()) {
        emit entityRequested(EntityRef{static_cast<core::EntityKind>(kind), value});
    }
}

QLabel* WorkbookView::makeLabel(const QString& text, QWidget* parent, const QString& objectName)
{
    auto* l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);
    l->setText(text);
    l->setWordWrap(true);
    if (!objectName.isEmpty()) {
        l->setObjectName(objectName);
    }
    return l;
}

QLabel* WorkbookView::makeHeading(const QString& text, QWidget* parent)
{
    QLabel* l = makeLabel(text, parent);
    l->setWordWrap(false);
    QFont f = l->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    l->setFont(f);
    return l;
}

} // namespace kvw::ui
