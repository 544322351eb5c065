#include "common/TestSupport.h"
#include "core/common/Timestamp.h"
#include "core/ingest/CsvReader.h"
#include "core/ingest/CsvTableReader.h"
#include "core/ingest/InputStream.h"
#include "core/ingest/LogAnalyticsRowMapper.h"

#include <QtTest>
#include <algorithm>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

using namespace kvw::core;

namespace {

// An InputStream over a string that hands out at most `chunk` bytes per pull, to cross every buffer boundary.
std::unique_ptr<InputStream> streamOf(std::string text, std::size_t chunk = 1 << 16)
{
    auto data = std::make_shared<std::string>(std::move(text));
    auto pos = std::make_shared<std::size_t>(0);
    return std::make_unique<InputStream>(
        [data, pos, chunk](char* out, std::size_t capacity) -> Result<std::size_t> {
            const std::size_t n = std::min({capacity, chunk, data->size() - *pos});
            std::memcpy(out, data->data() + *pos, n);
            *pos += n;
            return n;
        },
        64);
}

struct ReadAll
{
    nlohmann::json rows = nlohmann::json::array();
    std::vector<std::int64_t> lines;
    std::vector<Error> errors;
};

ReadAll readAll(const std::string& text, std::size_t chunk, std::size_t maxRow = CsvReader::DefaultMaxRowBytes)
{
    ReadAll out;
    auto in = streamOf(text, chunk);
    CsvReader csv(*in, maxRow);
    std::vector<std::string> cells;
    for (int guard = 0; guard < 10000; ++guard) {
        auto r = csv.next(cells);
        if (!r) {
            out.errors.push_back(r.error());
            if (r.error().code == Error::Code::Io) {
                break;
            }
            continue;
        }
        if (!*r) {
            break;
        }
        out.rows.push_back(cells);
        out.lines.push_back(csv.rowLine());
    }
    return out;
}

QString linesText(const std::vector<std::int64_t>& lines)
{
    QStringList parts;
    for (auto l : lines) {
        parts << QString::number(l);
    }
    return parts.join(QLatin1Char(','));
}

} // namespace

class TestCsvReader : public QObject
{
    Q_OBJECT

private slots:
    void parsesRfc4180_data();
    void parsesRfc4180();
    void malformedRowsAreReportedAndSkipped_data();
    void malformedRowsAreReportedAndSkipped();
    void rowLimitIsAnErrorNotUnboundedMemory_data();
    void rowLimitIsAnErrorNotUnboundedMemory();
    void raggedRowsKeepTheirWidth();
    void merakiSpecimen();
};

void TestCsvReader::parsesRfc4180_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expectedRows"); // JSON array of arrays
    QTest::addColumn<QString>("expectedLines");

    QTest::addRow("plain LF") << QByteArray("a,b,c\n1,2,3\n") << QByteArray(R"([["a","b","c"],["1","2","3"]])")
                              << QStringLiteral("1,2");
    QTest::addRow("CRLF record ends") << QByteArray("a,b\r\n1,2\r\n") << QByteArray(R"([["a","b"],["1","2"]])")
                                      << QStringLiteral("1,2");
    QTest::addRow("no final newline") << QByteArray("a,b\n1,2") << QByteArray(R"([["a","b"],["1","2"]])")
                                      << QStringLiteral("1,2");
    QTest::addRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBF\"TimeGenerated [UTC]\",x\n1,2\n")
                               << QByteArray(R"([["TimeGenerated [UTC]","x"],["1","2"]])") << QStringLiteral("1,2");
    QTest::addRow("quoted comma") << QByteArray("a,\"b,c\",d\n") << QByteArray(R"([["a","b,c","d"]])")
                                  << QStringLiteral("1");
    QTest::addRow("doubled quotes") << QByteArray("\"say \"\"hi\"\"\",\"\"\"\"\n")
                                    << QByteArray(R"([["say \"hi\"","\""]])") << QStringLiteral("1");
    QTest::addRow("embedded LF moves the next row's line")
        << QByteArray("h1,h2\n\"Caller is not authorized.\nCaller: appid=1\nAction: read\",x\nnext,row\n")
        << QByteArray(
               R"([["h1","h2"],["Caller is not authorized.\nCaller: appid=1\nAction: read","x"],["next","row"]])")
        << QStringLiteral("1,2,5");
    QTest::addRow("embedded CRLF kept verbatim")
        << QByteArray("h\r\n\"one\r\ntwo\"\r\nz\r\n") << QByteArray(R"([["h"],["one\r\ntwo"],["z"]])")
        << QStringLiteral("1,2,4");
    QTest::addRow("empty and trailing fields")
        << QByteArray("a,,c,\n,,,\n") << QByteArray(R"([["a","","c",""],["","","",""]])") << QStringLiteral("1,2");
    QTest::addRow("quoted empty field is a row")
        << QByteArray("\"\"\n") << QByteArray(R"([[""]])") << QStringLiteral("1");
    QTest::addRow("blank lines skipped") << QByteArray("a\n\n\r\nb\n\n") << QByteArray(R"([["a"],["b"]])")
                                         << QStringLiteral("1,4");
    QTest::addRow("quote inside an unquoted field is literal")
        << QByteArray("ab\"c,d\n") << QByteArray(R"([["ab\"c","d"]])") << QStringLiteral("1");
    QTest::addRow("lone CR is data") << QByteArray("a\rb,c\n") << QByteArray(R"([["a\rb","c"]])")
                                     << QStringLiteral("1");
    QTest::addRow("UTF-8 text") << QByteArray("\"Zürich, 東京\",ok\n") << QByteArray(R"([["Zürich, 東京","ok"]])")
                                << QStringLiteral("1");
    QTest::addRow("JSON text in a dynamic cell")
        << QByteArray("Identity\n\"{\"\"claim\"\":{\"\"oid\"\":\"\"1\"\",\"\"upn\"\":\"\"a@b.example\"\"}}\"\n")
        << QByteArray(R"([["Identity"],["{\"claim\":{\"oid\":\"1\",\"upn\":\"a@b.example\"}}"]])")
        << QStringLiteral("1,2");
    QTest::addRow("empty input") << QByteArray("") << QByteArray("[]") << QString();
}

void TestCsvReader::parsesRfc4180()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expectedRows);
    QFETCH(QString, expectedLines);
    const auto expected = nlohmann::json::parse(expectedRows.toStdString());
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{1} << 16}) {
        const ReadAll got = readAll(input.toStdString(), chunk);
        QVERIFY2(got.errors.empty(), got.errors.empty() ? "" : got.errors.front().message.c_str());
        QCOMPARE(QString::fromStdString(got.rows.dump()), QString::fromStdString(expected.dump()));
        QCOMPARE(linesText(got.lines), expectedLines);
    }
}

void TestCsvReader::malformedRowsAreReportedAndSkipped_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expectedRows");
    QTest::addColumn<QString>("expectedLines");
    QTest::addColumn<int>("errorLine");
    QTest::addColumn<QString>("errorText");

    QTest::addRow("text after closing quote")
        << QByteArray("a,b\n1,\"bad\"tail,3\n4,5\n") << QByteArray(R"([["a","b"],["4","5"]])") << QStringLiteral("1,3")
        << 2 << QStringLiteral("malformed quoted field");
    QTest::addRow("text after closing quote spanning lines")
        << QByteArray("a,b\n\"x\ny\"z,2\nok,1\n") << QByteArray(R"([["a","b"],["ok","1"]])") << QStringLiteral("1,4")
        << 2 << QStringLiteral("malformed quoted field");
    QTest::addRow("unterminated quote at the end")
        << QByteArray("a,b\n1,2\n3,\"never closed\n") << QByteArray(R"([["a","b"],["1","2"]])") << QStringLiteral("1,2")
        << 3 << QStringLiteral("unterminated quoted field");
}

void TestCsvReader::malformedRowsAreReportedAndSkipped()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expectedRows);
    QFETCH(QString, expectedLines);
    QFETCH(int, errorLine);
    QFETCH(QString, errorText);
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{1} << 16}) {
        const ReadAll got = readAll(input.toStdString(), chunk);
        QCOMPARE(got.errors.size(), std::size_t{1});
        QCOMPARE(got.errors.front().code, Error::Code::Format);
        QCOMPARE(got.errors.front().line, std::int64_t{errorLine});
        QVERIFY2(QString::fromStdString(got.errors.front().message).contains(errorText),
                 got.errors.front().message.c_str());
        QCOMPARE(QString::fromStdString(got.rows.dump()),
                 QString::fromStdString(nlohmann::json::parse(expectedRows.toStdString()).dump()));
        QCOMPARE(linesText(got.lines), expectedLines);
    }
}

void TestCsvReader::rowLimitIsAnErrorNotUnboundedMemory_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expectedRows");
    QTest::addColumn<int>("errorLine");

    const QByteArray longField(300, 'x');
    QTest::addRow("long unquoted field") << (QByteArray("a,b\n") + longField + ",1\nc,d\n")
                                         << QByteArray(R"([["a","b"],["c","d"]])") << 2;
    QTest::addRow("long quoted multi-line field")
        << (QByteArray("a,b\n\"") + longField + "\n" + longField + "\",1\nc,d\n")
        << QByteArray(R"([["a","b"],["c","d"]])") << 2;
    QTest::addRow("a row of empty cells")
        << (QByteArray("a\n") + QByteArray(100, ',') + "\nz\n") << QByteArray(R"([["a"],["z"]])") << 2;
}

void TestCsvReader::rowLimitIsAnErrorNotUnboundedMemory()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expectedRows);
    QFETCH(int, errorLine);
    const ReadAll got = readAll(input.toStdString(), 7, 256);
    QCOMPARE(got.errors.size(), std::size_t{1});
    QCOMPARE(got.errors.front().code, Error::Code::Limit);
    QCOMPARE(got.errors.front().line, std::int64_t{errorLine});
    QVERIFY(QString::fromStdString(got.errors.front().message).contains(QStringLiteral("256 bytes limit")));
    QCOMPARE(QString::fromStdString(got.rows.dump()),
             QString::fromStdString(nlohmann::json::parse(expectedRows.toStdString()).dump()));
}

void TestCsvReader::raggedRowsKeepTheirWidth()
{
    const ReadAll got = readAll("a,b,c\n1,2\n1,2,3,4\n\"x\"\n", 5);
    QVERIFY(got.errors.empty());
    QCOMPARE(got.rows.size(), std::size_t{4});
    QCOMPARE(got.rows[1].size(), std::size_t{2});
    QCOMPARE(got.rows[2].size(), std::size_t{4});
    QCOMPARE(got.rows[3].size(), std::size_t{1});
    QCOMPARE(linesText(got.lines), QStringLiteral("1,2,3,4"));
}

void TestCsvReader::merakiSpecimen()
{
    const std::string shared = kvw::test::sharedDir();
    if (shared.empty()) {
        QSKIP("../shared is absent: the Log Analytics CSV specimen cannot be read");
    }
    const std::string path = shared + "/samples/schema/Azure-Sentinel/Cisco_Meraki_ASimAuditEvent_IngestedLogs.csv";
    const std::string text = kvw::test::readFile(path);
    if (text.empty()) {
        QSKIP("Cisco_Meraki_ASimAuditEvent_IngestedLogs.csv is missing from ../shared/samples");
    }
    const ReadAll got = readAll(text, 1 << 16);
    QVERIFY(got.errors.empty());
    QCOMPARE(got.rows.size(), std::size_t{22});
    const auto& header = got.rows[0];
    QCOMPARE(header.size(), std::size_t{10});
    QCOMPARE(QString::fromStdString(header[4].get<std::string>()), QStringLiteral("TimeGenerated [UTC]"));
    QCOMPARE(QString::fromStdString(header[9].get<std::string>()), QStringLiteral("_ResourceId"));
    QCOMPARE(QString::fromStdString(LogAnalyticsRowMapper::normaliseColumnName(header[4].get<std::string>())),
             QStringLiteral("TimeGenerated"));
    for (std::size_t i = 1; i < got.rows.size(); ++i) {
        const auto& row = got.rows[i];
        QCOMPARE(row.size(), std::size_t{10}); // the trailing comma is the empty _ResourceId
        QCOMPARE(QString::fromStdString(row[8].get<std::string>()), QStringLiteral("meraki_CL"));
        QVERIFY2(parseTimestamp(row[4].get<std::string>()).has_value(), row[4].get<std::string>().c_str());
        QCOMPARE(got.lines[i], static_cast<std::int64_t>(i + 1));
    }
    QCOMPARE(QString::fromStdString(parseTimestamp(got.rows[1][4].get<std::string>())->toIso()),
             QStringLiteral("2023-06-09T10:45:31.952Z"));
    QCOMPARE(QString::fromStdString(parseTimestamp(got.rows[4][4].get<std::string>())->toIso()),
             QStringLiteral("2023-06-13T13:46:38.985Z")); // "1:46:38.985 PM"
    const auto evidence = LogAnalyticsRowMapper::dateOrderEvidence(got.rows[4][4].get<std::string>());
    QVERIFY(evidence.has_value() && *evidence == DateOrder::MonthFirst); // "6/13/2023": 13 cannot be a month

    // A Log Analytics export of another table: every row is counted as skipped, nothing is an error.
    struct CountingConsumer : RecordConsumer
    {
        int skips = 0;
        int others = 0;
        void setFormat(SourceFormat) override { ++others; }
        void event(Event, std::int64_t, std::string) override { ++others; }
        void skipped(std::int64_t, const std::string&) override { ++skips; }
        void rejected(std::int64_t, const std::string&) override { ++others; }
        void otherRecord(OtherRecordKind, const nlohmann::json&, std::int64_t) override { ++others; }
        bool cancelled() const override { return false; }
    } consumer;
    auto in = streamOf(text);
    const Status st = CsvTableReader::read(*in, "meraki.csv", consumer, DateOrder::MonthFirst);
    QVERIFY(st.ok());
    QCOMPARE(consumer.skips, static_cast<int>(got.rows.size()) - 1);
    QCOMPARE(consumer.others, 0);
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csv_reader.moc"
