#include "ui/CellDelegate.h"

#include "ui/UiFormat.h"

namespace kvw::ui {

void CellDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (option->text.size() > MaxCellText) {
        option->text = UiFormat::elided(option->text, MaxCellText);
    }
}

} // namespace kvw::ui
