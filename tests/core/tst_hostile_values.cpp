// Log values are attacker-controlled: HTML, script, formulas, control characters, invalid UTF-8 and 1 MB strings are
// stored faithfully, come out of the CLI and exports as inert text, and never break a record or the case.
#include "common/CaseFixture.h"
#include "common/RecordFactory.h"
#include "common/TestSupport.h"
#include "core/common/Timestamp.h"
#include "core/common/Utf8.h"
#include "core/query/EventQuery.h"
#include "core/report/CsvWriter.h"
#include "core/report/EventJson.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <sstream>

using namespace kvw;

namespace {

// A raw record whose UPN, user agent and request URI are replaced by `value` (escaped as JSON would carry it).
std::string hostileRecord(const std::string& jsonEscapedValue, int n)
{
    test::RawRecordSpec s;
    s.upn = "PLACEHOLDER_UPN";
    s.correlationId = "hostile-" + std::to_string(n);
    std::string r = test::RecordFactory::raw(s);
    const std::string ua = "azsdk-net-Security.KeyVault.Secrets/4.5.0";
    r.replace(r.find(ua), ua.size(), jsonEscapedValue);
    r.replace(r.find("PLACEHOLDER_UPN"), 15, jsonEscapedValue);
    return r;
}

} // namespace

class TestHostileValues : public QObject
{
    Q_OBJECT

private slots:
    void storedFaithfully_data()
    {
        QTest::addColumn<QByteArray>("escaped");   // as it appears inside the JSON record
        QTest::addColumn<QByteArray>("expected");  // the value the event must hold
        QTest::addRow("script tag") << QByteArray("<script>alert(1)</script>") << QByteArray("<script>alert(1)</script>");
        QTest::addRow("html attribute breakout") << QByteArray("\\\"><img src=x onerror=alert(1)>")
                                                 << QByteArray("\"><img src=x onerror=alert(1)>");
        QTest::addRow("csv formula") << QByteArray("=cmd|' /C calc'!A0") << QByteArray("=cmd|' /C calc'!A0");
        QTest::addRow("control characters") << QByteArray("a\\u0000b\\u001b[31mc\\r\\n")
                                            << QByteArray("a\0b\x1b[31mc\r\n", 11);
        QTest::addRow("sql text") << QByteArray("x'); DROP TABLE events; --") << QByteArray("x'); DROP TABLE events; --");
        QTest::addRow("right-to-left override") << QByteArray("\xE2\x80\xAEtxt.exe") << QByteArray("\xE2\x80\xAEtxt.exe");
    }

    void storedFaithfully()
    {
        QFETCH(QByteArray, escaped);
        QFETCH(QByteArray, expected);
        test::CaseFixture fx;
        const auto file = test::writeFile(fx.dir(), "h.json", hostileRecord(escaped.toStdString(), 1) + "\n");
        const auto report = fx.ingest({file});
        QCOMPARE(report.totals.errors, std::int64_t(0));
        auto rows = core::EventQuery(fx.caseFile()).page({}, core::EventQuery::Sort::Time, false, 0, 1);
        QVERIFY(rows.ok() && rows->size() == 1);
        const std::string want = expected.toStdString();
        QCOMPARE(rows->at(0).event.identityUpn, want);
        QCOMPARE(rows->at(0).event.clientInfo, want);
        // JSON output stays valid JSON and round-trips the value.
        const std::string json = core::EventJson::toJson(rows->at(0)).dump();
        QCOMPARE(nlohmann::json::parse(json)["identity"]["upn"].get<std::string>(), want);
        // CSV output neutralises formulas and quotes the rest.
        std::ostringstream csv;
        core::CsvWriter(csv).row(core::EventJson::csvCells(rows->at(0)));
        QVERIFY(csv.str().find(",=") == std::string::npos);
        QVERIFY(csv.str().find(",+") == std::string::npos);
    }

    void invalidUtf8KeepsTheRecord()
    {
        test::CaseFixture fx;
        const std::string bad = "caf\xE9 \xC0\xAF \xED\xA0\x80";
        const std::string record = hostileRecord(bad, 2);
        QVERIFY(!core::Utf8::isValid(record));
        const auto report = fx.ingest({test::writeFile(fx.dir(), "u.json", record + "\n")});
        QCOMPARE(report.totals.inserted, std::int64_t(1));
        auto rows = core::EventQuery(fx.caseFile()).page({}, core::EventQuery::Sort::Time, false, 0, 1);
        QVERIFY(rows.ok() && rows->size() == 1);
        // Interpreted fields carry U+FFFD where the bytes were invalid; the original record keeps every byte.
        QCOMPARE(rows->at(0).event.identityUpn, core::Utf8::repaired(bad));
        QVERIFY(core::Utf8::isValid(rows->at(0).event.identityUpn));
        QCOMPARE(*fx.caseFile().rawRecord(rows->at(0).id), record);
    }

    void megabyteValues()
    {
        test::CaseFixture fx;
        const std::string big(1U << 20, 'A');
        const auto report = fx.ingest({test::writeFile(fx.dir(), "big.json", hostileRecord(big, 3) + "\n")});
        QCOMPARE(report.totals.inserted, std::int64_t(1));
        auto rows = core::EventQuery(fx.caseFile()).page({}, core::EventQuery::Sort::Time, false, 0, 1);
        QVERIFY(rows.ok() && rows->size() == 1);
        QCOMPARE(rows->at(0).event.clientInfo.size(), big.size());
    }

    void replayedRecordsAreStoredOnceAcrossBatches()
    {
        // An attacker (or a careless export) repeats records within one file, far apart and side by side: each is
        // stored once however the batches fall, and every repeat is counted as a duplicate.
        std::vector<std::string> records;
        for (int i = 0; i < 40; ++i) {
            test::RawRecordSpec s;
            s.correlationId = "replay-" + std::to_string(i);
            records.push_back(test::RecordFactory::raw(s));
        }
        std::string file;
        for (int pass = 0; pass < 2; ++pass) {
            for (const auto& r : records) {
                file += r + "\n";
            }
        }
        file += records[5] + "\n" + records[5] + "\n";
        core::IngestOptions options;
        options.batchSize = 16;
        test::CaseFixture fx;
        const auto report = fx.ingest({test::writeFile(fx.dir(), "replay.json", file)}, options);
        QCOMPARE(report.totals.errors, std::int64_t(0));
        QCOMPARE(report.totals.records, std::int64_t(82));
        QCOMPARE(report.totals.inserted, std::int64_t(40));
        QCOMPARE(report.totals.duplicates, std::int64_t(42));
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM events"), std::int64_t(40));
        QCOMPARE(fx.scalar("SELECT COUNT(DISTINCT correlation_id) FROM events"), std::int64_t(40));
    }

    // Inputs libFuzzer found, kept as bytes: each must now pass the invariant its target checks.
    void fuzzedTimestampsReadBack_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("parses");
        // fuzz_timestamp crash-33ccffbd: a +04:04 offset moved 1900-01-01 00:02 to 1899, which did not read back.
        QTest::newRow("fuzz_timestamp crash-33ccffbd") << QByteArray("1/1/19000:2+044", 15) << false;
        QTest::newRow("offset before 1900 with a space") << QByteArray("1/1/1900 0:02+04:04") << false;
        QTest::newRow("offset after 2200") << QByteArray("2200-12-31T23:00:00-01:30") << false;
        QTest::newRow("first accepted instant") << QByteArray("1900-01-01T04:04:00+04:04") << true;
        QTest::newRow("last accepted day") << QByteArray("2200-12-31T23:59:59.9999999Z") << true;
    }

    void fuzzedTimestampsReadBack()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, parses);
        for (const auto order : {core::DateOrder::MonthFirst, core::DateOrder::DayFirst}) {
            const auto t = core::parseTimestamp(text.toStdString(), order);
            QCOMPARE(t.has_value(), parses);
            if (t) {
                const auto again = core::parseTimestamp(t->toIso());
                QVERIFY(again.has_value());
                QCOMPARE(again->ticks(), t->ticks());
            }
        }
    }

    void utf8Helpers_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QByteArray>("repaired");
        QTest::addRow("ascii") << QByteArray("abc") << true << QByteArray("abc");
        QTest::addRow("two-byte") << QByteArray("\xC3\xA9") << true << QByteArray("\xC3\xA9");
        QTest::addRow("four-byte") << QByteArray("\xF0\x9F\x94\x91") << true << QByteArray("\xF0\x9F\x94\x91");
        QTest::addRow("lone continuation") << QByteArray("a\x80z") << false << QByteArray("a\xEF\xBF\xBDz");
        QTest::addRow("overlong slash") << QByteArray("\xC0\xAF") << false << QByteArray("\xEF\xBF\xBD\xEF\xBF\xBD");
        QTest::addRow("surrogate") << QByteArray("\xED\xA0\x80") << false
                                   << QByteArray("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
        QTest::addRow("truncated at end") << QByteArray("ok\xE2\x82") << false << QByteArray("ok\xEF\xBF\xBD\xEF\xBF\xBD");
        QTest::addRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << false
                                        << QByteArray("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    }

    void utf8Helpers()
    {
        QFETCH(QByteArray, input);
        QFETCH(bool, valid);
        QFETCH(QByteArray, repaired);
        QCOMPARE(core::Utf8::isValid(input.toStdString()), valid);
        QCOMPARE(QByteArray::fromStdString(core::Utf8::repaired(input.toStdString())), repaired);
    }
};

QTEST_GUILESS_MAIN(TestHostileValues)
#include "tst_hostile_values.moc"
