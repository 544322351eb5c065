// The case file: schema, de-duplication, merging bundles, and crash safety under kill -9.
#include "common/CaseFixture.h"
#include "common/RecordFactory.h"
#include "common/TestSupport.h"
#include "core/store/BulkLoadJournal.h"
#include "core/store/Schema.h"
#include "core/store/UnmappedReads.h"

#include <QtTest>

#include <csignal>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace kvw;

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

std::int64_t eventIndexes(const core::Database& db)
{
    auto st = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND tbl_name='event_rows' "
                         "AND sql IS NOT NULL");
    st.step();
    return st.int64(0);
}

// Counts the events' indexes as each file starts, on the ingest's own connection.
class IndexCountingProgress final : public core::ProgressSink
{
public:
    explicit IndexCountingProgress(const core::Database& db) : m_db(db) {}
    void fileStarted(const std::string&) override { counts.push_back(eventIndexes(m_db)); }
    void progress(const core::IngestStats&) override {}
    std::vector<std::int64_t> counts;

private:
    const core::Database& m_db;
};

std::string journalMode(const core::Database& db)
{
    auto st = db.prepare("PRAGMA journal_mode");
    return st.step() ? st.text(0) : std::string();
}

} // namespace

class TestCaseFile : public QObject
{
    Q_OBJECT

private slots:
    void schemaIsVersionedAndReopens()
    {
        test::CaseFixture fx;
        QCOMPARE(fx.caseFile().schemaVersion(), core::currentSchemaVersion());
        auto again = core::CaseFile::open(fx.path("case.kvwb"));
        QVERIFY(again.ok());
        QCOMPARE(again->schemaVersion(), core::currentSchemaVersion());
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode='wal'"), std::int64_t(1));
    }

    // New cases use 16 KiB pages (index builds, scans and evidence reads make a quarter of the reads); a case made
    // with SQLite's default 4 KiB keeps them, since the size of a file's pages is fixed once it holds a table.
    void pageSizeIsSetForNewCasesOnly()
    {
        test::CaseFixture fx;
        QCOMPARE(fx.scalar("PRAGMA page_size"), std::int64_t(16384));

        const std::string oldPath = fx.path("old.kvwb");
        {
            auto db = core::Database::open(oldPath);
            QVERIFY(db.ok());
            db->exec("PRAGMA page_size=4096; CREATE TABLE made_before(x)");
        }
        auto old = core::CaseFile::open(oldPath);
        QVERIFY(old.ok());
        auto pageSize = old->db().prepare("PRAGMA page_size");
        QVERIFY(pageSize.step());
        QCOMPARE(pageSize.int64(0), std::int64_t(4096));
        QCOMPARE(old->schemaVersion(), core::currentSchemaVersion());
        const auto path = test::writeFile(fx.dir(), "a.jsonl", records(3, "kv-old"));
        core::IngestPipeline pipeline(*old);
        const auto report = pipeline.run({path});
        QCOMPARE(static_cast<std::int64_t>(report.totals.inserted), std::int64_t(3));
        auto count = old->db().prepare("SELECT count(*) FROM events WHERE vault = 'kv-old'");
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), std::int64_t(3));
    }

    void notACaseFileIsAClearError()
    {
        QTemporaryDir dir;
        const auto path = test::writeFile(dir, "x.kvwb", "this is not sqlite");
        auto c = core::CaseFile::openReadOnly(path);
        QVERIFY(!c.ok());
        QVERIFY(QString::fromStdString(c.error().toString()).contains("not a KV Workbook case file"));
        QVERIFY(!core::CaseFile::openReadOnly(dir.path().toStdString() + "/absent.kvwb").ok());
    }

    void reopeningTheSameBundleAddsNothing()
    {
        test::CaseFixture fx;
        const auto file = test::writeFile(fx.dir(), "b/PT1H.json", records(20, "KV1"));
        const auto first = fx.ingest({file});
        QCOMPARE(first.totals.inserted, 20);
        // Unchanged files are recognised without reading them again...
        const auto second = fx.ingest({file});
        QCOMPARE(second.totals.inserted, 0);
        QVERIFY(second.files.at(0).unchanged);
        // ...and when forced to re-read, every record is a duplicate.
        core::IngestOptions force;
        force.skipUnchanged = false;
        const auto third = fx.ingest({file}, force);
        QCOMPARE(third.totals.records, 20);
        QCOMPARE(third.totals.duplicates, 20);
        QCOMPARE(third.totals.inserted, 0);
        QCOMPARE(fx.summary().events, 20);
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM raw_chunks"), std::int64_t(1));
        // Every ingest loaded through the rollback journal and left the case in WAL again.
        QCOMPARE(journalMode(fx.caseFile().db()), std::string("wal"));
    }

    void bulkLoadJournalSwitchesAndReturnsToWal()
    {
        test::CaseFixture fx;
        const auto& db = fx.caseFile().db();
        {
            core::BulkLoadJournal journal(db);
            QVERIFY(journal.active());
            QCOMPARE(journalMode(db), std::string("delete"));
            QCOMPARE(fx.scalar("SELECT synchronous FROM pragma_synchronous"), std::int64_t(2)); // FULL
            journal.restore();
            QVERIFY(!journal.active());
            QCOMPARE(journalMode(db), std::string("wal"));
            QCOMPARE(fx.scalar("SELECT synchronous FROM pragma_synchronous"), std::int64_t(1)); // NORMAL
            journal.restore(); // a second time is a no-op
        }
        {
            core::BulkLoadJournal journal(db);
            QVERIFY(journal.active());
        }
        // The destructor restores too.
        QCOMPARE(journalMode(db), std::string("wal"));
    }

    // Readers go through the memory map; an ingest's own connection does not while it runs, and has it back after.
    void readsAreMappedExceptWhileAnIngestRuns()
    {
        test::CaseFixture fx;
        const auto& db = fx.caseFile().db();
        const std::int64_t mapped = fx.scalar("PRAGMA mmap_size");
        QCOMPARE(mapped, std::int64_t(2147418112)); // SQLite's limit in Debian's build (MAX_MMAP_SIZE)
        {
            const core::UnmappedReads unmapped(db);
            QCOMPARE(fx.scalar("PRAGMA mmap_size"), std::int64_t(0));
        }
        QCOMPARE(fx.scalar("PRAGMA mmap_size"), mapped);
        QCOMPARE(fx.ingest({test::writeFile(fx.dir(), "a.jsonl", records(3, "KV-A"))}).totals.inserted, 3);
        QCOMPARE(fx.scalar("PRAGMA mmap_size"), mapped);
        auto reader = core::CaseFile::openReadOnly(fx.caseFile().path());
        QVERIFY(reader.ok());
        auto st = reader->db().prepare("PRAGMA mmap_size");
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), mapped);
    }

    void bulkLoadJournalStaysInWalWhileAReaderIsOpen()
    {
        test::CaseFixture fx;
        const auto file = test::writeFile(fx.dir(), "b/PT1H.json", records(20, "KV1"));
        (void)fx.ingest({file});
        auto reader = core::CaseFile::openReadOnly(fx.path("case.kvwb"));
        QVERIFY(reader.ok());
        auto count = reader->db().prepare("SELECT COUNT(*) FROM events");
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), std::int64_t(20));
        count.reset();
        {
            core::BulkLoadJournal journal(fx.caseFile().db());
            QVERIFY(!journal.active());
            QCOMPARE(journalMode(fx.caseFile().db()), std::string("wal"));
        }
        // The reader is undisturbed and the next ingest still works, in WAL.
        const auto more = test::writeFile(fx.dir(), "c/PT1H.json", records(5, "KV2"));
        QCOMPARE(fx.ingest({more}).totals.inserted, 5);
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), std::int64_t(25));
    }

    void secondBundleMergesIntoOneTimeline()
    {
        test::CaseFixture fx;
        const auto a = test::writeFile(fx.dir(), "a/PT1H.json", records(10, "KV1"));
        // Overlapping copy: 5 of the same records plus 5 new ones, under another name.
        const auto b = test::writeFile(fx.dir(), "b/copy.json", records(10, "KV1", 5));
        (void)fx.ingest({a});
        const auto report = fx.ingest({b});
        QCOMPARE(report.totals.duplicates, 5);
        QCOMPARE(report.totals.inserted, 5);
        QCOMPARE(fx.summary().events, 15);
    }

    // A bulk load into a new case decides duplicates from the keys in memory, the index, or both in turn (switching
    // once the key limit is reached); each way stores every event once and leaves the unique index in place.
    void bulkLoadDeduplicatesEveryWay_data()
    {
        QTest::addColumn<int>("maxKeys");
        QTest::addRow("keys in memory") << 1'000'000;
        QTest::addRow("unique index") << 0;
        QTest::addRow("memory, then index") << 7;
    }

    void bulkLoadDeduplicatesEveryWay()
    {
        QFETCH(int, maxKeys);
        test::CaseFixture fx;
        // a: KV1 0..9 then 0..4 again (duplicates in the same file, in later batches); b: KV1 5..14 (5 already in a).
        const auto a = test::writeFile(fx.dir(), "a/PT1H.json", records(10, "KV1") + records(5, "KV1"));
        const auto b = test::writeFile(fx.dir(), "b/PT1H.json", records(10, "KV1", 5));
        core::IngestOptions options;
        options.batchSize = 4;
        options.maxInMemoryDedupKeys = static_cast<std::size_t>(maxKeys);
        const auto report = fx.ingest({a, b}, options);
        QCOMPARE(report.totals.errors, std::int64_t(0));
        QCOMPARE(report.totals.records, std::int64_t(25));
        QCOMPARE(report.totals.inserted, std::int64_t(15));
        QCOMPARE(report.totals.duplicates, std::int64_t(10));
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM events"), std::int64_t(15));
        QCOMPARE(fx.scalar("SELECT COUNT(DISTINCT dedup_key) FROM events"), std::int64_t(15));
        QCOMPARE(fx.scalar("SELECT SUM(inserted) FROM files"), std::int64_t(15));
        QCOMPARE(fx.scalar("SELECT SUM(duplicates) FROM files"), std::int64_t(10));
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND name='events_dedup' "
                           "AND sql LIKE 'CREATE UNIQUE INDEX%'"),
                 std::int64_t(1));
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM case_info WHERE key LIKE 'deferred-index:%'"), std::int64_t(0));

        // The next load finds a case with events: the index decides, and nothing is stored twice.
        const auto c = test::writeFile(fx.dir(), "c/PT1H.json", records(20, "KV1"));
        const auto again = fx.ingest({c}, options);
        QCOMPARE(again.totals.inserted, std::int64_t(5));
        QCOMPARE(again.totals.duplicates, std::int64_t(15));
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM events"), std::int64_t(20));
    }

    // Into a new case, the indexes are built once at the end, the unique one too when keys are kept in memory;
    // into a case with events, every index stays.
    void bulkLoadDefersIndexes_data()
    {
        QTest::addColumn<int>("maxKeys");
        QTest::addColumn<std::int64_t>("duringFirstLoad");
        QTest::addRow("keys in memory") << 1'000'000 << std::int64_t(0);
        QTest::addRow("unique index decides") << 0 << std::int64_t(1);
    }

    void bulkLoadDefersIndexes()
    {
        QFETCH(int, maxKeys);
        QFETCH(std::int64_t, duringFirstLoad);
        test::CaseFixture fx;
        const core::Database& db = fx.caseFile().db();
        const std::int64_t all = eventIndexes(db);
        QVERIFY(all > 2);
        const auto a = test::writeFile(fx.dir(), "a/PT1H.json", records(10, "KV1"));
        const auto b = test::writeFile(fx.dir(), "b/PT1H.json", records(10, "KV2"));
        const auto c = test::writeFile(fx.dir(), "c/PT1H.json", records(10, "KV3"));
        core::IngestOptions options;
        options.maxInMemoryDedupKeys = static_cast<std::size_t>(maxKeys);
        IndexCountingProgress first(db);
        core::IngestPipeline load(fx.caseFile(), options);
        load.setProgressSink(&first);
        QCOMPARE(load.run({a, b}).totals.inserted, std::int64_t(20));
        QCOMPARE(first.counts, (std::vector<std::int64_t>{duringFirstLoad, duringFirstLoad}));
        QCOMPARE(eventIndexes(db), all);

        IndexCountingProgress second(db);
        core::IngestPipeline more(fx.caseFile(), options);
        more.setProgressSink(&second);
        QCOMPARE(more.run({c}).totals.inserted, std::int64_t(10));
        QCOMPARE(second.counts, (std::vector<std::int64_t>{all}));
    }

    void killedIngestLeavesAConsistentCase_data()
    {
        QTest::addColumn<int>("delayMs");
        QTest::addRow("killed early") << 40;
        QTest::addRow("killed midway") << 150;
        QTest::addRow("killed late") << 400;
    }

    void killedIngestLeavesAConsistentCase()
    {
        QFETCH(int, delayMs);
        test::CaseFixture fx;
        const int total = 60000;
        const auto file = test::writeFile(fx.dir(), "big/PT1H.json", records(total, "KVBIG"));
        const std::string casePath = fx.path("killed.kvwb");
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            auto c = core::CaseFile::open(casePath);
            if (c.ok()) {
                core::IngestOptions options;
                options.batchSize = 500;
                core::IngestPipeline(*c, options).run({file});
            }
            _exit(0);
        }
        std::mt19937 rng(static_cast<unsigned>(delayMs));
        usleep(static_cast<useconds_t>((delayMs + static_cast<int>(rng() % 20)) * 1000));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);

        auto c = core::CaseFile::open(casePath);
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().toString().c_str());
        // Killed while loading through the rollback journal: the open rolled the hot journal back and is in WAL.
        QCOMPARE(journalMode(c->db()), std::string("wal"));
        // In a scope: statements left open would hold a read transaction across the next steps.
        std::int64_t stored = 0;
        {
            auto integrity = c->db().prepare("PRAGMA integrity_check");
            QVERIFY(integrity.step());
            QCOMPARE(integrity.text(0), std::string("ok"));
            auto partial = c->db().prepare("SELECT COUNT(*) FROM events");
            partial.step();
            stored = partial.int64(0);
            auto complete = c->db().prepare("SELECT COUNT(*) FROM files WHERE status='complete'");
            complete.step();
            if (stored < total) {
                QCOMPARE(complete.int64(0), std::int64_t(0));
            }
            // Every stored event has its original record: batches are whole.
            auto orphans = c->db().prepare("SELECT COUNT(*) FROM events WHERE raw_chunk IS NULL OR raw_chunk NOT IN "
                                           "(SELECT id FROM raw_chunks)");
            orphans.step();
            QCOMPARE(orphans.int64(0), std::int64_t(0));
        }

        // What the killed load committed has unique keys: the unique index it dropped builds again.
        const auto restored = core::IngestPipeline::restoreDeferredIndexes(*c);
        QVERIFY2(restored.ok(), restored.ok() ? "" : restored.error().toString().c_str());
        auto dedupIndex = c->db().prepare("SELECT COUNT(*) FROM sqlite_master WHERE name='events_dedup'");
        dedupIndex.step();
        QCOMPARE(dedupIndex.int64(0), std::int64_t(1));
        dedupIndex.reset();

        const auto report = core::IngestPipeline(*c).run({file});
        QCOMPARE(report.totals.errors, std::int64_t(0));
        QCOMPARE(report.totals.inserted + report.totals.duplicates, std::int64_t(total));
        auto after = c->db().prepare("SELECT COUNT(*), COUNT(DISTINCT dedup_key) FROM events");
        after.step();
        QCOMPARE(after.int64(0), std::int64_t(total));
        QCOMPARE(after.int64(1), std::int64_t(total));
        auto done = c->db().prepare("SELECT status, inserted + duplicates FROM files");
        QVERIFY(done.step());
        QCOMPARE(done.text(0), std::string("complete"));
        QCOMPARE(done.int64(1), std::int64_t(total));
    }
};

QTEST_GUILESS_MAIN(TestCaseFile)
#include "tst_case_file.moc"
