// kvworkbook-cli ingest / summary / events, run in process against string streams, and once as a real binary.
#include "app/cli/CommandLine.h"
#include "common/RecordFactory.h"
#include "common/TestSupport.h"

#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <sstream>

using namespace kvw;

namespace {

struct Run
{
    int code;
    std::string out;
    std::string err;
};

Run runCli(const std::vector<std::string>& args)
{
    std::ostringstream out;
    std::ostringstream err;
    cli::CommandIo io{out, err};
    const int code = cli::CommandLine::run(args, io);
    return {code, out.str(), err.str()};
}

std::string bundle(QTemporaryDir& dir)
{
    std::string s;
    for (int i = 0; i < 6; ++i) {
        test::RawRecordSpec r;
        r.vault = i < 4 ? "KV-A" : "KV-B";
        r.operation = i % 2 ? "SecretList" : "SecretGet";
        r.status = i == 5 ? 403 : 200;
        r.ip = i == 3 ? "198.51.100.7" : "10.0.0.1";
        r.time = "2026-11-0" + std::to_string(1 + i) + "T10:00:00Z";
        r.correlationId = "c" + std::to_string(i);
        if (i == 2) {
            // A hostile value: a spreadsheet formula in the user agent.
            r.upn = "=HYPERLINK(\"http://evil.example\",\"x\")";
        }
        s += test::RecordFactory::raw(r) + "\n";
    }
    s += "{not json\n";
    return test::writeFile(dir, "bundle/PT1H.json", s);
}

} // namespace

class TestCliFoundation : public QObject
{
    Q_OBJECT

private slots:
    void ingestSummaryEvents()
    {
        QTemporaryDir dir;
        const std::string file = bundle(dir);
        const std::string c = dir.path().toStdString() + "/case.kvwb";
        const Run ingest = runCli({"ingest", "--case", c, "--quiet", file});
        QCOMPARE(ingest.code, 0);  // some records rejected and listed: still success
        QVERIFY(QString::fromStdString(ingest.out).contains("new events  6"));
        QVERIFY2(QString::fromStdString(ingest.out).contains(QString::fromStdString(file + ":7: malformed JSON")),
                 ingest.out.c_str());

        const Run summary = runCli({"summary", "--case", c, "--json"});
        QCOMPARE(summary.code, 0);
        const auto j = nlohmann::json::parse(summary.out);
        QCOMPARE(j["events"].get<int>(), 6);
        QCOMPARE(j["first"].get<std::string>(), std::string("2026-11-01T10:00:00.000Z"));
        QCOMPARE(j["last"].get<std::string>(), std::string("2026-11-06T10:00:00.000Z"));
        QCOMPARE(j["by_vault"]["kv-a"].get<int>(), 4);
        QCOMPARE(j["by_vault"]["kv-b"].get<int>(), 2);
        QCOMPARE(j["by_operation"]["SecretGet"].get<int>(), 3);
        QCOMPARE(j["failed"].get<int>(), 1);
        QCOMPARE(j["files"][0]["path"].get<std::string>(), file);
        QCOMPARE(j["files"][0]["format"].get<std::string>(), std::string("auditevent-jsonlines"));
        QCOMPARE(j["files"][0]["records"].get<int>(), 6);
        QCOMPARE(j["files"][0]["rejected"].get<int>(), 1);
        QCOMPARE(j["errors"][0]["line"].get<int>(), 7);

        const Run scoped = runCli({"summary", "--case", c, "--json", "--vault", "KV-B", "--from", "2026-11-06T00:00:00Z"});
        QCOMPARE(nlohmann::json::parse(scoped.out)["events"].get<int>(), 1);

        const Run events = runCli({"events", "--case", c, "--format", "json", "--ip", "198.51.100.7"});
        QCOMPARE(events.code, 0);
        const auto ev = nlohmann::json::parse(events.out);
        QCOMPARE(ev.size(), std::size_t(1));
        QCOMPARE(ev[0]["caller_ip"].get<std::string>(), std::string("198.51.100.7"));
        QCOMPARE(ev[0]["vault"].get<std::string>(), std::string("kv-a"));

        const Run failed = runCli({"events", "--case", c, "--failed", "--format", "json"});
        QCOMPARE(nlohmann::json::parse(failed.out).size(), std::size_t(1));
        const Run ops = runCli({"events", "--case", c, "--operation", "SecretList", "--limit", "2"});
        QCOMPARE(QString::fromStdString(ops.out).count("\r\n"), 3);  // header + 2 rows

        // The formula in the UPN is neutralised in CSV.
        const Run csv = runCli({"events", "--case", c, "--identity", "aaaaaaaa-0000-0000-0000-000000000001"});
        QVERIFY(QString::fromStdString(csv.out).contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""));
        QVERIFY(!QString::fromStdString(csv.out).contains(",=HYPERLINK"));
    }

    void sqlMetacharactersAreJustValues_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("value");
        QTest::addRow("quote in vault") << "--vault" << "kv-a' OR '1'='1";
        QTest::addRow("statement in ip") << "--ip" << "1.1.1.1'; DROP TABLE events; --";
        QTest::addRow("wildcards in identity") << "--identity" << "%";
        QTest::addRow("wildcards in text") << "--text" << "%_%";
    }

    void sqlMetacharactersAreJustValues()
    {
        QFETCH(QString, option);
        QFETCH(QString, value);
        QTemporaryDir dir;
        const std::string c = dir.path().toStdString() + "/case.kvwb";
        QCOMPARE(runCli({"ingest", "--case", c, "--quiet", bundle(dir)}).code, 0);
        const Run r = runCli({"events", "--case", c, "--format", "json", option.toStdString(), value.toStdString()});
        QCOMPARE(r.code, 0);
        QCOMPARE(nlohmann::json::parse(r.out).size(), std::size_t(0));
        QCOMPARE(nlohmann::json::parse(runCli({"summary", "--case", c, "--json"}).out)["events"].get<int>(), 6);
    }

    void exitCodes()
    {
        QTemporaryDir dir;
        const std::string c = dir.path().toStdString() + "/case.kvwb";
        QCOMPARE(runCli({"ingest", "--case", c}).code, 2);
        QCOMPARE(runCli({"ingest", "--case", c, "--bogus", "x"}).code, 2);
        QCOMPARE(runCli({"nonsense"}).code, 2);
        QCOMPARE(runCli({"events", "--case", c, "--format", "xml"}).code, 2);
        QCOMPARE(runCli({"summary", "--case", dir.path().toStdString() + "/absent.kvwb"}).code, 1);
        const auto junk = test::writeFile(dir, "junk.bin", std::string(100, '\0'));
        const Run nothing = runCli({"ingest", "--case", c, junk});
        QCOMPARE(nothing.code, 1);
        QVERIFY(QString::fromStdString(nothing.out).contains("junk.bin"));
        for (const char* verb : {"ingest", "summary", "events"}) {
            const Run help = runCli({verb, "--help"});
            QCOMPARE(help.code, 0);
            QVERIFY(QString::fromStdString(help.out).startsWith("usage: kvworkbook-cli"));
        }
        const Run version = runCli({"--version"});
        QCOMPARE(version.code, 0);
        QVERIFY(QString::fromStdString(version.out).contains(KVW_VERSION));
    }

    void realBinary()
    {
        QTemporaryDir dir;
        const QString c = dir.path() + "/case.kvwb";
        QProcess p;
        p.start(QStringLiteral(KVW_CLI_BINARY),
                {QStringLiteral("ingest"), QStringLiteral("--case"), c, QString::fromStdString(bundle(dir))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("new events  6"));
    }
};

QTEST_GUILESS_MAIN(TestCliFoundation)
#include "tst_cli_foundation.moc"
