// The acceptance test of the foundation: the same audit records exported as JSON Lines, Event Hub {"records"},
// AzureDiagnostics portal CSV, AZKVAuditLogs query JSON and Elastic NDJSON ingest to identical counts per vault and
// per operation, with nothing rejected; and the analyst bundle ingests with zero errors.
#include "common/CaseFixture.h"
#include "core/demo/DemoBundleGenerator.h"

#include <QtTest>

using namespace kvw;

namespace {

struct Counts
{
    std::int64_t events = 0;
    std::int64_t failed = 0;
    std::map<std::string, std::int64_t> byVault;
    std::map<std::string, std::int64_t> byOperation;
    std::int64_t users = 0;
    std::int64_t objects = 0;
};

Counts ingestFormat(core::DemoFormat format, std::int64_t* errors, std::uint64_t* records)
{
    test::CaseFixture fx;
    core::DemoOptions options;
    options.events = 6000;
    options.format = format;
    auto demo = core::DemoBundleGenerator(options).write(fx.path("export"));
    if (!demo) {
        qFatal("%s", demo.error().toString().c_str());
    }
    *records = demo->records;
    const auto report = fx.ingest({fx.path("export")});
    *errors = report.totals.errors;
    const auto s = fx.summary();
    Counts c{s.events, s.failed, s.byVault, s.byOperation, 0, 0};
    c.users = fx.scalar("SELECT COUNT(DISTINCT identity) FROM events WHERE identity_kind='user'");
    c.objects = fx.scalar("SELECT COUNT(DISTINCT object_type || '/' || object_name) FROM events");
    return c;
}

} // namespace

class TestFormatEquivalence : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        std::uint64_t records = 0;
        m_reference = ingestFormat(core::DemoFormat::JsonLines, &m_referenceErrors, &records);
        m_referenceRecords = static_cast<std::int64_t>(records);
    }

    void sameCountsInEveryFormat_data()
    {
        QTest::addColumn<int>("format");
        QTest::addRow("Event Hub {records}") << static_cast<int>(core::DemoFormat::EventHubRecords);
        QTest::addRow("AzureDiagnostics portal CSV") << static_cast<int>(core::DemoFormat::AzureDiagnosticsCsv);
        QTest::addRow("AZKVAuditLogs query API JSON") << static_cast<int>(core::DemoFormat::AzkvAuditLogsJson);
        QTest::addRow("Elastic NDJSON") << static_cast<int>(core::DemoFormat::EcsNdjson);
    }

    void sameCountsInEveryFormat()
    {
        QFETCH(int, format);
        QCOMPARE(m_referenceErrors, std::int64_t(0));
        QCOMPARE(m_reference.events, m_referenceRecords);
        std::int64_t errors = 0;
        std::uint64_t records = 0;
        const Counts c = ingestFormat(static_cast<core::DemoFormat>(format), &errors, &records);
        QCOMPARE(errors, std::int64_t(0));
        QCOMPARE(static_cast<std::int64_t>(records), m_referenceRecords);
        QCOMPARE(c.events, m_reference.events);
        QCOMPARE(c.failed, m_reference.failed);
        QCOMPARE(c.byVault, m_reference.byVault);
        QCOMPARE(c.byOperation, m_reference.byOperation);
        QCOMPARE(c.users, m_reference.users);
        QCOMPARE(c.objects, m_reference.objects);
    }

    void analystBundleLoadsCleanly()
    {
        test::CaseFixture fx;
        core::DemoOptions options;
        options.events = 6000;
        auto demo = core::DemoBundleGenerator(options).write(fx.path("bundle"));
        QVERIFY(demo.ok());
        const auto report = fx.ingest({fx.path("bundle")});
        for (const auto& e : report.errors) {
            qWarning("%s", e.toString().c_str());
        }
        QCOMPARE(report.totals.errors, std::int64_t(0));
        QCOMPARE(report.totals.inserted, static_cast<std::int64_t>(demo->records));
        const auto s = fx.summary();
        QVERIFY(s.byVault.size() >= 4);
        QCOMPARE(fx.scalar("SELECT COUNT(DISTINCT subscription) FROM events"), std::int64_t(2));
        QVERIFY(fx.scalar("SELECT COUNT(*) FROM events WHERE resource_type='managedhsm'") > 0);
        QVERIFY(s.alerts > 0);
        QVERIFY(s.threatIndicators > 0);
    }

private:
    Counts m_reference;
    std::int64_t m_referenceErrors = 0;
    std::int64_t m_referenceRecords = 0;
};

QTEST_GUILESS_MAIN(TestFormatEquivalence)
#include "tst_format_equivalence.moc"
