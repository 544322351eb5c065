#pragma once

#include <QStyledItemDelegate>

namespace kvw::ui {

// Draws a proportional bar (BarFractionRole) behind a number, like the workbook's grid bars.
class BarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit BarDelegate(QColor color, QObject* parent = nullptr) : QStyledItemDelegate(parent), m_color(color) {}
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    QColor m_color;
};

} // namespace kvw::ui
