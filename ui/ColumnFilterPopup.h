#pragma once

#include "core/query/ColumnCriterion.h"

#include <QFrame>

#include <optional>

class QComboBox;
class QLineEdit;

namespace kvw::ui {

// The small popup under an Events grid header: "contains" / "equals" and a text for text columns, min and max for
// number columns. Apply emits the criterion; Clear emits nothing (std::nullopt) to remove the column's filter.
class ColumnFilterPopup : public QFrame
{
    Q_OBJECT
public:
    ColumnFilterPopup(core::ColumnCriterion::Column column, const QString& title,
                      const std::optional<core::ColumnCriterion>& current, QWidget* parent = nullptr);

    // The criterion the fields describe, or nothing when they are empty.
    std::optional<core::ColumnCriterion> criterion() const;

signals:
    void applied(const std::optional<kvw::core::ColumnCriterion>& criterion);

private:
    core::ColumnCriterion::Column m_column;
    QComboBox* m_match = nullptr;
    QLineEdit* m_text = nullptr;
    QLineEdit* m_min = nullptr;
    QLineEdit* m_max = nullptr;
};

} // namespace kvw::ui
