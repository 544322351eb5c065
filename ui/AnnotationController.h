#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/annotations/Annotation.h"
#include "core/common/Result.h"
#include "ui/AnnotationDialog.h"

#include <QObject>
#include <QString>

#include <optional>

class QWidget;

namespace kvw::ui {

// One annotatable thing: what it is, its key in the annotations table, and how to name it to the analyst.
struct AnnotationRef
{
    core::AnnotationTarget kind = core::AnnotationTarget::Event;
    QString target;

    QString description() const;
};

// The window's annotation editing: knows the open case, opens the AnnotationDialog or adds a bookmark for the grids'
// context menus, and tells the window when annotations changed so that the views showing them refresh. Grids find
// it through their window (AnnotationController::of), so no tab has to pass it around.
class AnnotationController : public QObject
{
    Q_OBJECT
public:
    explicit AnnotationController(QObject* parent = nullptr);

    void setCasePath(const QString& path) { m_casePath = path; }
    const QString& casePath() const { return m_casePath; }
    bool hasCase() const { return !m_casePath.isEmpty(); }

    // Opens the dialog (modal); true when something was stored.
    bool edit(QWidget* parent, const AnnotationRef& ref, AnnotationDialog::Focus focus);
    core::Status bookmark(const AnnotationRef& ref);

    static std::optional<core::AnnotationTarget> targetFor(core::EntityKind kind);
    // The controller of the window `widget` is in, or nullptr (a grid outside a workbook window).
    static AnnotationController* of(const QWidget* widget);

signals:
    void annotationsChanged();

private:
    QString m_casePath;
};

} // namespace kvw::ui
