#pragma once

#include <Qt>

namespace kvw::ui {

// Custom roles shared by the table models (they start at Qt::UserRole + 1).
enum ModelRole : int {
    SortRole = Qt::UserRole + 1,   // raw value for sorting (numbers as numbers)
    EntityKindRole,                // core::EntityKind as int, for cells that name an entity
    EntityValueRole,               // the entity's value
    BarFractionRole,               // 0..1, drawn as a bar behind the number
    IdRole,                        // event / alert / finding id of the row
    AnnotationTargetRole,          // core::AnnotationTarget as int: what IdRole names (event, finding, alert)
};

} // namespace kvw::ui
