#include "ui/AnnotationController.h"

#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/store/CaseFile.h"

#include <QWidget>

namespace kvw::ui {

QString AnnotationRef::description() const
{
    using K = core::AnnotationTarget;
    switch (kind) {
    case K::Event: return QObject::tr("Event #%1").arg(target);
    case K::Finding: return QObject::tr("Detection finding #%1").arg(target);
    case K::Alert: return QObject::tr("Defender alert #%1").arg(target);
    case K::Ip: return QObject::tr("Caller IP %1").arg(target);
    case K::Identity: return QObject::tr("Identity %1").arg(target);
    case K::Vault: return QObject::tr("Key vault %1").arg(target);
    case K::App: return QObject::tr("Application %1").arg(target);
    case K::Object: return QObject::tr("Object %1").arg(target);
    case K::Operation: return QObject::tr("Operation %1").arg(target);
    }
    return target;
}

AnnotationController::AnnotationController(QObject* parent) : QObject(parent)
{
    setObjectName(QStringLiteral("annotationController"));
}

std::optional<core::AnnotationTarget> AnnotationController::targetFor(core::EntityKind kind)
{
    using E = core::EntityKind;
    using A = core::AnnotationTarget;
    switch (kind) {
    case E::Vault: return A::Vault;
    case E::Ip: return A::Ip;
    case E::Identity: return A::Identity;
    case E::Application: return A::App;
    case E::Operation: return A::Operation;
    case E::Object: return A::Object;
    }
    return std::nullopt;
}

AnnotationController* AnnotationController::of(const QWidget* widget)
{
    const QWidget* top = widget ? widget->window() : nullptr;
    return top ? top->findChild<AnnotationController*>(QStringLiteral("annotationController"), Qt::FindDirectChildrenOnly)
               : nullptr;
}

bool AnnotationController::edit(QWidget* parent, const AnnotationRef& ref, AnnotationDialog::Focus focus)
{
    if (!hasCase()) {
        return false;
    }
    AnnotationDialog dialog(m_casePath, ref.kind, ref.target, ref.description(), parent);
    dialog.setFocusOn(focus);
    dialog.exec();
    if (dialog.changed()) {
        emit annotationsChanged();
    }
    return dialog.changed();
}

core::Status AnnotationController::bookmark(const AnnotationRef& ref)
{
    auto caseFile = core::CaseFile::open(m_casePath.toStdString());
    if (!caseFile) {
        return caseFile.error();
    }
    const core::SystemClock clock;
    core::AnnotationStore store(*caseFile, clock, AnnotationDialog::author().toStdString());
    core::AnnotationQuery query;
    query.kind = ref.kind;
    query.target = ref.target.toStdString();
    query.bookmarksOnly = true;
    auto existing = store.list(query);
    if (!existing) {
        return existing.error();
    }
    if (existing->empty()) {
        if (auto id = store.addBookmark(ref.kind, ref.target.toStdString()); !id) {
            return id.error();
        }
        emit annotationsChanged();
    }
    return {};
}

} // namespace kvw::ui
