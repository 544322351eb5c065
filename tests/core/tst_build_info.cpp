#include "core/common/BuildInfo.h"

#include <QDate>
#include <QRegularExpression>
#include <QtTest>
#include <archive.h>
#include <sqlite3.h>
#include <zstd.h>

using namespace kvw::core;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

const ComponentLicence* find(const std::vector<ComponentLicence>& all, const std::string& name)
{
    for (const auto& c : all) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace

class TestBuildInfo : public QObject
{
    Q_OBJECT

private slots:
    void versionIsTheProjectVersion() { QCOMPARE(q(BuildInfo::version()), QStringLiteral(KVW_VERSION)); }

    void compilerIsTheOneThatBuiltUs()
    {
#if defined(__clang__)
        const QString expected =
            QStringLiteral("Clang %1.%2.%3").arg(__clang_major__).arg(__clang_minor__).arg(__clang_patchlevel__);
#elif defined(__GNUC__)
        const QString expected =
            QStringLiteral("GNU %1.%2.%3").arg(__GNUC__).arg(__GNUC_MINOR__).arg(__GNUC_PATCHLEVEL__);
#else
        const QString expected = q(BuildInfo::compiler());
#endif
        QCOMPARE(q(BuildInfo::compiler()), expected);
    }

    void buildDateIsAnIsoDateNotInTheFuture()
    {
        const QDate date = QDate::fromString(q(BuildInfo::buildDate()), Qt::ISODate);
        QVERIFY2(date.isValid(), BuildInfo::buildDate().c_str());
        QVERIFY(date <= QDateTime::currentDateTimeUtc().date());
        QVERIFY(date.year() >= 2024);
    }

    void buildLineNamesTypeCompilerDateAndPlatform()
    {
        QCOMPARE(q(BuildInfo::buildLine()), q(BuildInfo::buildType() + ", " + BuildInfo::compiler() + ", built " +
                                              BuildInfo::buildDate() + ", " + BuildInfo::platform()));
        QVERIFY(!BuildInfo::buildType().empty());
        QVERIFY(q(BuildInfo::platform()).startsWith(QStringLiteral("Linux ")));
    }

    void versionTextFirstLineIsProgramAndVersion()
    {
        const QStringList lines = q(BuildInfo::versionText("kvworkbook-cli")).split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3); // two lines and the final newline
        QCOMPARE(lines.at(0), QStringLiteral("kvworkbook-cli " KVW_VERSION));
        QCOMPARE(lines.at(1), QStringLiteral("build: ") + q(BuildInfo::buildLine()));
        QCOMPARE(lines.at(2), QString());
    }

    void componentsCarryTheirLicences_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("licence");
        QTest::addRow("Qt is LGPLv3") << "Qt"
                                      << "LGPL-3.0-only";
        QTest::addRow("SQLite is public domain") << "SQLite"
                                                 << "blessing (public domain)";
        QTest::addRow("nlohmann/json is MIT") << "nlohmann/json"
                                              << "MIT";
        QTest::addRow("libarchive is BSD-2") << "libarchive"
                                             << "BSD-2-Clause";
        QTest::addRow("zstd is BSD-3") << "zstd"
                                       << "BSD-3-Clause";
        QTest::addRow("simdjson is Apache-2.0") << "simdjson"
                                                << "Apache-2.0";
    }

    void componentsCarryTheirLicences()
    {
        QFETCH(QString, name);
        QFETCH(QString, licence);
        const auto all = BuildInfo::components();
        QCOMPARE(all.size(), std::size_t{6});
        const ComponentLicence* c = find(all, name.toStdString());
        QVERIFY2(c, qPrintable(name));
        QCOMPARE(q(c->licence), licence);
        QVERIFY(q(c->url).startsWith(QStringLiteral("https://")));
        static const QRegularExpression versionPattern(QStringLiteral("^\\d+\\.\\d+(\\.\\d+)*$"));
        QVERIFY2(versionPattern.match(q(c->version)).hasMatch(), c->version.c_str());
    }

    void runTimeVersionsComeFromTheLoadedLibraries()
    {
        const auto all = BuildInfo::components();
        QCOMPARE(q(find(all, "SQLite")->version), QString::fromLatin1(sqlite3_libversion()));
        QCOMPARE(q(find(all, "zstd")->version), QString::fromLatin1(ZSTD_versionString()));
        QCOMPARE(QStringLiteral("libarchive ") + q(find(all, "libarchive")->version),
                 QString::fromLatin1(archive_version_string()));
    }

    void qtRuntimeVersionReplacesTheCompileTimeOne()
    {
        QCOMPARE(q(find(BuildInfo::components("6.9.1"), "Qt")->version), QStringLiteral("6.9.1"));
        // Without a front end to ask, the version CMake found is reported (the core does not link Qt).
        QCOMPARE(q(find(BuildInfo::components(), "Qt")->version), QStringLiteral(QT_VERSION_STR));
    }

    void aboutTextListsEverything()
    {
        const QStringList lines = q(BuildInfo::aboutText("6.4.2")).split(QLatin1Char('\n'));
        QCOMPARE(lines.at(0), QStringLiteral("KV Workbook " KVW_VERSION));
        QVERIFY(lines.contains(QStringLiteral("Build: ") + q(BuildInfo::buildLine())));
        QVERIFY(lines.contains(QStringLiteral("  Qt 6.4.2 - LGPL-3.0-only - https://www.qt.io/")));
        QVERIFY(lines.contains(
            QStringLiteral("  SQLite %1 - blessing (public domain) - https://www.sqlite.org/copyright.html")
                .arg(QString::fromLatin1(sqlite3_libversion()))));
        QVERIFY(lines.contains(QStringLiteral("Full licence notices: ") + q(BuildInfo::licenceDirectory())));
        QVERIFY(q(BuildInfo::licenceDirectory()).endsWith(QStringLiteral("/share/doc/kvworkbook/licenses")));
    }
};

QTEST_GUILESS_MAIN(TestBuildInfo)
#include "tst_build_info.moc"
