#pragma once

#include "ui/CellDelegate.h"

namespace kvw::ui {

// Draws a proportional bar (BarFractionRole) behind a number, like the workbook's grid bars.
class BarDelegate : public CellDelegate
{
    Q_OBJECT
public:
    explicit BarDelegate(QColor color, QObject* parent = nullptr) : CellDelegate(parent), m_color(color) {}
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    QColor m_color;
};

} // namespace kvw::ui
