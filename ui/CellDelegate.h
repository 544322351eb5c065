#pragma once

#include <QStyledItemDelegate>

namespace kvw::ui {

// Paints grid cells from at most MaxCellText characters of their text. A cell never shows more than a few hundred,
// but Qt shapes the whole string to elide it on every paint: a 1 MB log value would cost seconds per repaint. The
// model's DisplayRole keeps the full value (copy, filter to value).
class CellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    static constexpr int MaxCellText = 2000;
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace kvw::ui
