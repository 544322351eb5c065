#include "ui/BarDelegate.h"

#include "ui/ModelRoles.h"

#include <QPainter>

namespace kvw::ui {

void BarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QVariant v = index.data(BarFractionRole);
    if (v.isValid() && !(option.state & QStyle::State_Selected)) {
        const double f = std::clamp(v.toDouble(), 0.0, 1.0);
        QRect r = option.rect.adjusted(2, 4, -2, -4);
        r.setWidth(static_cast<int>(r.width() * f));
        QColor c = m_color;
        c.setAlpha(110);
        painter->fillRect(r, c);
    }
    CellDelegate::paint(painter, option, index);
}

} // namespace kvw::ui
