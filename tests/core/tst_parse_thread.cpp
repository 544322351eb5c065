// Parsing on its own thread (IngestOptions::parseThread) stores exactly what parsing on the writer's thread stores:
// the same events, originals, file history, errors, alerts, metrics and threat intel, and the same report.
#include "common/ArchiveBuilder.h"
#include "common/CaseFixture.h"
#include "common/RecordFactory.h"
#include "common/TestSupport.h"
#include "core/demo/DemoBundleGenerator.h"
#include "core/store/Database.h"

#include <QtTest>

using namespace kvw;

namespace {

std::string records(int n, int offset = 0)
{
    std::string s;
    for (int i = 0; i < n; ++i) {
        test::RawRecordSpec r;
        r.correlationId = "corr-" + std::to_string(i + offset);
        r.ip = "10.0.0." + std::to_string((i + offset) % 200);
        s += test::RecordFactory::raw(r) + "\n";
    }
    return s;
}

// Every row of the tables an ingest writes, as text, leaving out the wall-clock times of the file history.
QStringList dump(const core::Database& db)
{
    const char* queries[] = {
        "SELECT * FROM events ORDER BY id",
        "SELECT id, codec, hex(data) FROM raw_chunks ORDER BY id",
        "SELECT id, path, size, fingerprint, format, status, records, inserted, duplicates, rejected, skipped "
        "FROM files ORDER BY id",
        "SELECT file_id, path, line, code, message FROM ingest_errors ORDER BY id",
        "SELECT * FROM alerts ORDER BY id",
        "SELECT * FROM metrics ORDER BY rowid",
        "SELECT * FROM ti_lists ORDER BY rowid",
        "SELECT * FROM ti_indicators ORDER BY rowid",
        // WITHOUT ROWID: read in key order.
        "SELECT * FROM event_hours",
        "SELECT * FROM event_5min",
        "SELECT * FROM latency_5min",
    };
    QStringList rows;
    for (const char* sql : queries) {
        auto st = db.prepare(sql);
        while (st.step()) {
            QString row = QString::fromUtf8(sql).left(30) + QLatin1Char('|');
            for (int c = 0; c < st.columnCount(); ++c) {
                row += QString::fromStdString(st.isNull(c) ? std::string("<null>") : st.text(c)) + QLatin1Char('|');
            }
            rows << row;
        }
    }
    return rows;
}

QStringList reportLines(const core::IngestReport& r)
{
    QStringList lines;
    const auto& t = r.totals;
    lines << QStringLiteral("totals %1 %2 %3 %4 %5 %6 %7 %8 cancelled=%9")
                 .arg(t.files)
                 .arg(t.records)
                 .arg(t.inserted)
                 .arg(t.duplicates)
                 .arg(t.rejected)
                 .arg(t.skipped)
                 .arg(t.errors)
                 .arg(t.bytes)
                 .arg(r.cancelled);
    for (const auto& f : r.files) {
        lines << QStringLiteral("file %1 %2 %3 %4 %5 %6 %7 unchanged=%8 failed=%9")
                     .arg(QString::fromStdString(f.path), QString::fromStdString(f.format))
                     .arg(f.records)
                     .arg(f.inserted)
                     .arg(f.duplicates)
                     .arg(f.rejected)
                     .arg(f.skipped)
                     .arg(f.unchanged)
                     .arg(f.failed);
    }
    for (const auto& e : r.errors) {
        lines << QString::fromStdString("error " + e.toString());
    }
    return lines;
}

// Ingests the same inputs into two new cases, with and without the parse thread, run after run.
struct Twin
{
    test::CaseFixture threaded;
    test::CaseFixture serial;
    QStringList lastThreaded;
    QStringList lastSerial;
    core::IngestReport lastReport;

    void ingest(const std::vector<std::string>& paths, core::IngestOptions options)
    {
        options.parseThread = true;
        lastReport = threaded.ingest(paths, options);
        lastThreaded = reportLines(lastReport);
        options.parseThread = false;
        lastSerial = reportLines(serial.ingest(paths, options));
    }
};

} // namespace

class TestParseThread : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        core::DemoOptions o;
        o.events = 3'000;
        o.days = 7;
        o.seed = 5;
        m_demo = m_dir.filePath(QStringLiteral("demo")).toStdString();
        auto written = core::DemoBundleGenerator(o).write(m_demo);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().toString().c_str());
        m_demoRecords = static_cast<std::int64_t>(written->records);

        // Hostile inputs: a malformed line, a duplicate within and across files, an empty, a binary, an
        // unrecognised file, a truncated .gz, and a .zip holding a second copy of one file.
        const std::string good = records(40);
        std::string broken = records(5, 100);
        broken += "{\"time\": \"2026-11-03T10:15:30Z\", not json\n";
        broken += records(1, 100); // the first line again: a duplicate within the file
        broken += records(3, 10);  // three records of good.jsonl: duplicates across files
        test::writeFile(m_dir, "hostile/a-good.jsonl", good);
        test::writeFile(m_dir, "hostile/b-broken.jsonl", broken);
        test::writeFile(m_dir, "hostile/c-empty.json", "");
        test::writeFile(m_dir, "hostile/d-binary.bin", std::string("\x00\x01\x02\x03 binary", 11));
        test::writeFile(m_dir, "hostile/e-notes.txt", "just some words\nwith no commas at all\n");
        const std::string gz =
            test::ArchiveBuilder::bytes(test::ArchiveBuilder::Kind::Gzip, {{"f.jsonl", records(200, 500)}});
        test::writeFile(m_dir, "hostile/f-truncated.jsonl.gz", gz.substr(0, gz.size() * 2 / 3));
        test::ArchiveBuilder::write(m_dir.filePath(QStringLiteral("hostile/g-bundle.zip")).toStdString(),
                                    test::ArchiveBuilder::Kind::Zip,
                                    {{"copy/a-good.jsonl", good}, {"new.jsonl", records(7, 900)}});
        m_hostile = m_dir.filePath(QStringLiteral("hostile")).toStdString();
    }

    void sameCaseAndReport_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("batchSize");
        QTest::addColumn<int>("runs");
        QTest::addColumn<bool>("inputTwice");
        // One packet per record (batch 4 makes packets of 1) as well as the default packets.
        QTest::newRow("demo bundle, default batches") << QStringLiteral("demo") << 8192 << 1 << false;
        QTest::newRow("demo bundle, batches of 4") << QStringLiteral("demo") << 4 << 1 << false;
        QTest::newRow("demo bundle read again") << QStringLiteral("demo") << 8192 << 2 << false;
        QTest::newRow("hostile inputs, default batches") << QStringLiteral("hostile") << 8192 << 1 << false;
        QTest::newRow("hostile inputs, batches of 8") << QStringLiteral("hostile") << 8 << 1 << false;
        QTest::newRow("hostile inputs read again") << QStringLiteral("hostile") << 8 << 2 << false;
        QTest::newRow("hostile folder given twice") << QStringLiteral("hostile") << 8192 << 1 << true;
    }

    void sameCaseAndReport()
    {
        QFETCH(QString, input);
        QFETCH(int, batchSize);
        QFETCH(int, runs);
        QFETCH(bool, inputTwice);
        const std::string path = input == QLatin1String("demo") ? m_demo : m_hostile;
        std::vector<std::string> paths{path};
        if (inputTwice) {
            paths.push_back(path);
        }
        core::IngestOptions options;
        options.batchSize = static_cast<std::size_t>(batchSize);
        Twin twin;
        for (int run = 0; run < runs; ++run) {
            twin.ingest(paths, options);
            QCOMPARE(twin.lastThreaded, twin.lastSerial);
        }
        QCOMPARE(dump(twin.threaded.caseFile().db()), dump(twin.serial.caseFile().db()));

        // And what both stored is right, not merely the same.
        const auto& t = twin.lastReport.totals;
        if (input == QLatin1String("demo")) {
            QCOMPARE(twin.threaded.scalar("SELECT COUNT(*) FROM events"), m_demoRecords);
            QVERIFY(twin.threaded.scalar("SELECT COUNT(*) FROM alerts") > 0);
            QVERIFY(twin.threaded.scalar("SELECT COUNT(*) FROM metrics") > 0);
            // The Tor exit list is stored by an OnWriter task while the parser waits.
            QVERIFY(
                twin.threaded.scalar(
                    "SELECT COUNT(*) FROM ti_indicators i JOIN ti_lists l ON l.id = i.list_id WHERE l.kind = 'tor'") >
                0);
            QCOMPARE(t.inserted, runs == 1 ? m_demoRecords : 0);
        } else {
            // good 40 + broken 5 + zip's new 7 + what the truncated stream gave before it broke
            const std::int64_t fromGz =
                twin.threaded.scalar("SELECT COALESCE(SUM(inserted), 0) FROM files WHERE path LIKE '%f-truncated%'");
            QVERIFY(fromGz < 200);
            QCOMPARE(twin.threaded.scalar("SELECT COUNT(*) FROM events"), 52 + fromGz);
            QCOMPARE(twin.threaded.scalar("SELECT COUNT(*) FROM ingest_errors WHERE path LIKE '%b-broken.jsonl' "
                                          "AND line = 6"),
                     std::int64_t(1));
            if (runs == 1) {
                QCOMPARE(t.inserted, 52 + fromGz);
                QCOMPARE(t.rejected, std::int64_t(1));
            }
            if (runs == 1 && !inputTwice) {
                QCOMPARE(t.duplicates, std::int64_t(1 + 3 + 40)); // within, across files, the zip's copy
            } else {
                if (runs > 1) {
                    QCOMPARE(t.inserted, std::int64_t(0));
                }
                // The second time a file is met it is unchanged, whether in the next run or in this one.
                bool unchanged = false;
                for (const auto& f : twin.lastReport.files) {
                    unchanged = unchanged || (f.unchanged && f.path.find("a-good.jsonl") != std::string::npos);
                }
                QVERIFY(unchanged);
            }
        }
    }

    // Cancel from another thread midway: both ways stop, keep whole files and read the rest next time.
    void cancelledIngestResumes()
    {
        class CancelAfter final : public core::ProgressSink
        {
        public:
            explicit CancelAfter(int files) : m_files(files) {}
            void fileStarted(const std::string&) override
            {
                if (--m_files <= 0) {
                    m_cancel = true;
                }
            }
            void progress(const core::IngestStats&) override {}
            bool cancelled() const override { return m_cancel.load(); }

        private:
            int m_files;
            std::atomic<bool> m_cancel{false};
        };
        for (const bool thread : {true, false}) {
            test::CaseFixture fx;
            core::IngestOptions options;
            options.parseThread = thread;
            options.batchSize = 16;
            CancelAfter cancel(20);
            core::IngestPipeline pipeline(fx.caseFile(), options);
            pipeline.setProgressSink(&cancel);
            const auto first = pipeline.run({m_demo});
            QVERIFY(first.cancelled);
            QVERIFY(first.totals.inserted < m_demoRecords);
            const auto second = fx.ingest({m_demo}, options);
            QVERIFY(!second.cancelled);
            QCOMPARE(fx.scalar("SELECT COUNT(*) FROM events"), m_demoRecords);
            QCOMPARE(fx.scalar("SELECT COUNT(*) FROM files WHERE status='loading'"), std::int64_t(0));
        }
    }

private:
    QTemporaryDir m_dir;
    std::string m_demo;
    std::string m_hostile;
    std::int64_t m_demoRecords = 0;
};

QTEST_GUILESS_MAIN(TestParseThread)
#include "tst_parse_thread.moc"
