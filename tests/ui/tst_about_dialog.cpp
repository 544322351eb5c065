#include "core/common/BuildInfo.h"
#include "ui/AboutDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QtTest>

using kvw::ui::AboutDialog;

class TestAboutDialog : public QObject
{
    Q_OBJECT

private slots:
    void showsVersionBuildAndLicencesAsPlainText()
    {
        AboutDialog dialog;
        auto* title = dialog.findChild<QLabel*>(QStringLiteral("titleLabel"));
        QVERIFY(title);
        QCOMPARE(title->textFormat(), Qt::PlainText);
        QCOMPARE(title->text(), QStringLiteral("KV Workbook " KVW_VERSION));

        auto* edit = dialog.findChild<QPlainTextEdit*>(QStringLiteral("aboutTextEdit"));
        QVERIFY(edit);
        QVERIFY(edit->isReadOnly());
        QCOMPARE(edit->toPlainText(), QString::fromStdString(kvw::core::BuildInfo::aboutText(qVersion())));
        QCOMPARE(dialog.aboutText(), edit->toPlainText());

        const QStringList lines = edit->toPlainText().split(QLatin1Char('\n'));
        QVERIFY(lines.contains(QStringLiteral("Build: ") + QString::fromStdString(kvw::core::BuildInfo::buildLine())));
        // The Qt line reports the library actually loaded, not only the one built against.
        QVERIFY(lines.contains(
            QStringLiteral("  Qt %1 - LGPL-3.0-only - https://www.qt.io/").arg(QLatin1String(qVersion()))));
        for (const char* name : {"SQLite", "nlohmann/json", "libarchive", "zstd", "simdjson"}) {
            bool found = false;
            for (const QString& line : lines) {
                found = found || line.startsWith(QStringLiteral("  ") + QLatin1String(name) + QLatin1Char(' '));
            }
            QVERIFY2(found, name);
        }
    }

    void closeButtonRejects()
    {
        AboutDialog dialog;
        dialog.show();
        auto* buttons = dialog.findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"));
        QVERIFY(buttons);
        QPushButton* close = buttons->button(QDialogButtonBox::Close);
        QVERIFY(close);
        QTest::mouseClick(close, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.isVisible());
    }
};

QTEST_MAIN(TestAboutDialog)
#include "tst_about_dialog.moc"
