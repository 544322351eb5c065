#include "core/render/GuiRuntime.h"

#include <QByteArray>
#include <QGuiApplication>

#include <memory>

namespace kvw::core {

bool GuiRuntime::ensure()
{
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()) != nullptr) {
        return true;
    }
    if (QCoreApplication::instance() != nullptr) {
        return false;   // a non-GUI application object exists; we cannot add a second one
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    // QGuiApplication keeps references to argc/argv for its lifetime.
    static int argc = 1;
    static char name[] = "kvworkbook-cli";
    static char* argv[] = {name, nullptr};
    static std::unique_ptr<QGuiApplication> app = std::make_unique<QGuiApplication>(argc, argv);
    return app != nullptr;
}

} // namespace kvw::core
