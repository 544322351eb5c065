#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

// kvworkbook [BUNDLE_OR_CASE...]: the workbook window; case files open directly, anything else is read as a bundle.
int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("KV Workbook"));
    QApplication::setOrganizationDomain(QStringLiteral("kvworkbook.invalid"));
    QApplication::setApplicationName(QStringLiteral("kvworkbook"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("kvworkbook"),
                                                 QIcon(QStringLiteral(":/kvworkbook/icons/kvworkbook.svg"))));
    QApplication::setApplicationDisplayName(QStringLiteral("KV Workbook"));
    QApplication::setApplicationVersion(QStringLiteral(KVW_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("kvworkbook"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Offline investigation workbook for Azure Key Vault audit logs"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Bundles (files, folders, archives) or case files"),
                                 QStringLiteral("[BUNDLE_OR_CASE...]"));
    parser.process(app);

    kvw::ui::MainWindow window;
    window.show();
    const QStringList paths = parser.positionalArguments();
    if (!paths.isEmpty()) {
        QTimer::singleShot(0, &window, [&window, paths]() { window.openPaths(paths); });
    }
    return QApplication::exec();
}
