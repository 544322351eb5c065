// Folders, archives and hostile archives (formats.md §1, issue: bad input is normal input).
#include "common/ArchiveBuilder.h"
#include "common/CaseFixture.h"
#include "common/RecordFactory.h"
#include "common/TestSupport.h"
#include "core/ingest/BundleReader.h"

#include <QtTest>

#include <filesystem>

using namespace kvw;
using Kind = test::ArchiveBuilder::Kind;

namespace {

std::string records(int n, const std::string& vault, int offset = 0)
{
    std::string s;
    for (int i = 0; i < n; ++i) {
        test::RawRecordSpec r;
        r.vault = vault;
        r.correlationId = "corr-" + vault + "-" + std::to_string(i + offset);
        s += test::RecordFactory::raw(r) + "\n";
    }
    return s;
}

std::string storagePath(const std::string& vault, int hour)
{
    char h[8];
    std::snprintf(h, sizeof h, "%02d", hour);
    return "insights-logs-auditevent/resourceId=/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/"
           "VAULTS/" + vault + "/y=2026/m=11/d=03/h=" + h + "/m=00/PT1H.json";
}

} // namespace

class TestBundleReader : public QObject
{
    Q_OBJECT

private slots:
    void containers_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addRow("zip") << static_cast<int>(Kind::Zip);
        QTest::addRow("tar") << static_cast<int>(Kind::Tar);
        QTest::addRow("tar.gz") << static_cast<int>(Kind::TarGz);
    }

    void containers()
    {
        QFETCH(int, kind);
        test::CaseFixture fx;
        const std::string archive = fx.path("bundle.archive");
        test::ArchiveBuilder::write(archive, static_cast<Kind>(kind),
                                    {{storagePath("KV1", 1), records(3, "KV1")},
                                     {storagePath("KV1", 2), records(2, "KV1", 10)},
                                     {storagePath("KV2", 1), records(4, "KV2")}});
        const auto report = fx.ingest({archive});
        QCOMPARE(report.totals.errors, 0);
        QCOMPARE(report.totals.files, 3);
        QCOMPARE(report.totals.inserted, 9);
        const auto s = fx.summary();
        QCOMPARE(s.byVault.at("kv1"), 5);
        QCOMPARE(s.byVault.at("kv2"), 4);
        // Members are named after the archive and their path inside it.
        QVERIFY(QString::fromStdString(s.files.at(0).path).startsWith(QString::fromStdString(archive + "!insights-logs")));
    }

    void gzipSingleFileAndNestedArchive()
    {
        test::CaseFixture fx;
        test::ArchiveBuilder::write(fx.path("PT1H.json.gz"), Kind::Gzip, {{"PT1H.json", records(5, "KVGZ")}});
        const std::string innerZip = test::ArchiveBuilder::bytes(Kind::Zip, {{"a/PT1H.json", records(2, "KVNEST")}});
        test::ArchiveBuilder::write(fx.path("outer.tar.gz"), Kind::TarGz, {{"exports/inner.zip", innerZip}});
        const auto report = fx.ingest({fx.path("PT1H.json.gz"), fx.path("outer.tar.gz")});
        QCOMPARE(report.totals.errors, 0);
        const auto s = fx.summary();
        QCOMPARE(s.byVault.at("kvgz"), 5);
        QCOMPARE(s.byVault.at("kvnest"), 2);
        bool nestedNamed = false;
        for (const auto& f : s.files) {
            nestedNamed = nestedNamed || f.path == fx.path("outer.tar.gz") + "!exports/inner.zip!a/PT1H.json";
        }
        QVERIFY(nestedNamed);
    }

    void folderRecursionInNameOrder()
    {
        test::CaseFixture fx;
        test::writeFile(fx.dir(), "bundle/" + storagePath("B", 3), records(1, "B"));
        test::writeFile(fx.dir(), "bundle/" + storagePath("A", 1), records(2, "A"));
        test::writeFile(fx.dir(), "bundle/notes/readme.txt", "This folder holds the export.\n");
        const auto files = core::BundleReader::listFiles(fx.path("bundle"));
        QCOMPARE(files.size(), std::size_t(3));
        QVERIFY(files[0] < files[1] && files[1] < files[2]);
        const auto report = fx.ingest({fx.path("bundle")});
        QCOMPARE(report.totals.inserted, 3);
        // The stray text file is reported by name, the rest loads.
        QCOMPARE(report.totals.errors, 1);
        QVERIFY(QString::fromStdString(report.errors.at(0).file).endsWith("readme.txt"));
    }

    void hostileArchives_data()
    {
        QTest::addColumn<QString>("memberName");
        QTest::addColumn<bool>("symlink");
        QTest::addColumn<QString>("messagePart");
        QTest::addRow("parent traversal") << "../../etc/cron.d/evil.json" << false << "escapes the archive";
        QTest::addRow("absolute path") << "/etc/passwd.json" << false << "escapes the archive";
        QTest::addRow("symbolic link") << "link.json" << true << "is a link";
    }

    void hostileArchives()
    {
        QFETCH(QString, memberName);
        QFETCH(bool, symlink);
        QFETCH(QString, messagePart);
        test::CaseFixture fx;
        test::ArchiveBuilder::write(fx.path("evil.tar"), Kind::Tar,
                                    {{"good/PT1H.json", records(2, "GOOD")},
                                     {memberName.toStdString(), symlink ? "/etc/passwd" : records(1, "EVIL"), symlink}});
        const auto report = fx.ingest({fx.path("evil.tar")});
        QCOMPARE(report.totals.inserted, 2);
        QCOMPARE(report.totals.errors, 1);
        QVERIFY(QString::fromStdString(report.errors[0].message).contains(messagePart));
        QVERIFY(QString::fromStdString(report.errors[0].file).contains(memberName));
        QCOMPARE(fx.summary().byVault.count("evil"), std::size_t(0));
    }

    void truncatedArchiveKeepsWhatWasRead()
    {
        test::CaseFixture fx;
        std::string data = test::ArchiveBuilder::bytes(
            Kind::TarGz, {{"first/PT1H.json", records(50, "FIRST")}, {"second/PT1H.json", records(4000, "SECOND")}});
        data.resize(data.size() * 2 / 3);
        test::writeFile(fx.dir(), "cut.tar.gz", data);
        const auto report = fx.ingest({fx.path("cut.tar.gz")});
        const auto s = fx.summary();
        QCOMPARE(s.byVault.at("first"), 50);
        QVERIFY(report.totals.errors >= 1);
        bool named = false;
        for (const auto& e : report.errors) {
            named = named || (QString::fromStdString(e.file).startsWith(QString::fromStdString(fx.path("cut.tar.gz"))) &&
                              QString::fromStdString(e.message).contains("truncated"));
        }
        QVERIFY2(named, report.errors.front().toString().c_str());
    }

    void decompressionBombIsRefused()
    {
        test::CaseFixture fx;
        // 40 MiB of zeros compresses ~1000:1 with gzip; the limits are lowered so the test stays small.
        test::ArchiveBuilder::write(fx.path("bomb.json.gz"), Kind::Gzip, {{"bomb.json", "[" + std::string(40U << 20, ' ') + "]"}});
        core::IngestOptions options;
        options.limits.ratioGraceBytes = 1U << 20;
        options.limits.maxExpansionRatio = 100;
        const auto report = fx.ingest({fx.path("bomb.json.gz")}, options);
        QCOMPARE(report.totals.inserted, 0);
        QVERIFY(report.totals.errors >= 1);
        bool refused = false;
        for (const auto& e : report.errors) {
            refused = refused || QString::fromStdString(e.message).contains("decompression bomb");
        }
        QVERIFY(refused);
    }

    void threatIntelListAloneCountsAsRead()
    {
        test::CaseFixture fx;
        const auto list = test::writeFile(fx.dir(), "tor.txt",
                                          "ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E\n"
                                          "Published 2026-11-10 09:01:02\n"
                                          "LastStatus 2026-11-10 10:02:03\n"
                                          "ExitAddress 198.51.100.201 2026-11-10 10:15:42\n"
                                          "ExitAddress 203.0.113.9 2026-11-10 10:15:42\n");
        const auto report = fx.ingest({list});
        QCOMPARE(report.totals.errors, std::int64_t(0));
        QVERIFY(!report.nothingRead());
        QCOMPARE(report.files.at(0).records, std::int64_t(2));
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM ti_indicators"), std::int64_t(2));
    }

    void otherLogAnalyticsTablesAreSkippedNotErrors()
    {
        test::CaseFixture fx;
        const auto csv = test::writeFile(fx.dir(), "heartbeat.csv",
                                         "\"TimeGenerated [UTC]\",Computer,Category\r\n"
                                         "\"11/3/2026, 10:00:00.000 AM\",vm1,Direct Agent\r\n"
                                         "\"11/3/2026, 10:01:00.000 AM\",vm2,Direct Agent\r\n");
        const auto report = fx.ingest({csv});
        QCOMPARE(report.totals.errors, std::int64_t(0));
        QCOMPARE(report.totals.skipped, std::int64_t(2));
        QCOMPARE(report.totals.inserted, std::int64_t(0));
        const std::string shared = test::sharedDir();
        if (shared.empty()) {
            QSKIP("../shared/samples is absent: the public Log Analytics CSV specimen is not read");
        }
        const auto meraki = fx.ingest({shared + "/samples/schema/Azure-Sentinel/Cisco_Meraki_ASimAuditEvent_IngestedLogs.csv"});
        QCOMPARE(meraki.totals.errors, std::int64_t(0));
        QVERIFY(meraki.totals.skipped > 0);
    }

    void binaryAndMissingInputs()
    {
        test::CaseFixture fx;
        std::string binary(4096, '\0');
        for (std::size_t i = 0; i < binary.size(); ++i) {
            binary[i] = static_cast<char>(i * 7 % 256);
        }
        test::writeFile(fx.dir(), "image.png", binary);
        test::writeFile(fx.dir(), "ok.json", records(1, "OK"));
        const auto report = fx.ingest({fx.path("image.png"), fx.path("missing-folder"), fx.path("ok.json")});
        QCOMPARE(report.totals.inserted, 1);
        QCOMPARE(report.totals.errors, 2);
        QVERIFY(QString::fromStdString(report.errors[0].message).contains("binary"));
        QCOMPARE(report.errors[1].file, fx.path("missing-folder"));
    }
};

QTEST_GUILESS_MAIN(TestBundleReader)
#include "tst_bundle_reader.moc"
