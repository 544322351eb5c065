// import-alerts, import-ti and entity run in process over string streams, end to end on a case they build.
#include "app/cli/CommandLine.h"
#include "common/RecordFactory.h"
#include "common/TestSupport.h"

#include <QtTest>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace kvw;

namespace {

struct Run
{
    int code = -1;
    std::string out;
    std::string err;
};

Run runCli(const std::vector<std::string>& args)
{
    std::ostringstream out;
    std::ostringstream err;
    cli::CommandIo io{out, err};
    Run r;
    r.code = cli::CommandLine::run(args, io);
    r.out = out.str();
    r.err = err.str();
    return r;
}

const std::string Alice = "aaaaaaaa-0000-0000-0000-000000000001";

std::string events()
{
    std::string s;
    for (int i = 0; i < 4; ++i) {
        test::RawRecordSpec r;
        r.time = "2026-11-0" + std::to_string(3 + i / 2) + "T10:1" + std::to_string(i) + ":00Z";
        r.ip = i < 3 ? "185.220.101.4" : "198.51.100.20";
        r.oid = Alice;
        r.upn = "alice@contoso.example";
        r.operation = i == 0 ? "SecretList" : "SecretGet";
        r.status = i == 2 ? 403 : 200;
        r.correlationId = "cccccccc-0000-0000-0000-00000000000" + std::to_string(i);
        s += test::RecordFactory::raw(r) + "\n";
    }
    return s;
}

std::string alerts()
{
    const nlohmann::json tor{{"AlertType", "KV_TORAccess"},
                             {"AlertDisplayName", "Access from a TOR exit node to a key vault"},
                             {"Severity", "Medium"},
                             {"SystemAlertId", "tor-1"},
                             {"StartTimeUtc", "2026-11-03T10:10:00Z"},
                             {"EndTimeUtc", "2026-11-03T10:12:00Z"},
                             {"AzureResourceId", "/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/"
                                                 "RG-PROD/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-PAYMENTS"},
                             {"AlertUri", "https://portal.azure.com/#alert/tor-1"},
                             {"Entities", {{{"$id", "1"}, {"Type", "ip"}, {"Address", "185.220.101.4"}}}}};
    const nlohmann::json sample{{"AlertType", "SIMULATED_KV_UserAnomaly"},
                                {"AlertDisplayName", "[SAMPLE ALERT] Unusual user accessed a key vault"},
                                {"Severity", "Low"},
                                {"SystemAlertId", "sample-1"},
                                {"StartTimeUtc", "2026-11-04T10:00:00Z"},
                                {"Entities", {{{"$id", "1"}, {"Type", "account"}, {"AadUserId", Alice}}}}};
    return tor.dump() + "\n" + sample.dump() + "\n";
}

} // namespace

class TestEntityCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_case;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_case = m_dir.filePath("case.kvwb").toStdString();
        const std::string logs = test::writeFile(m_dir, "logs/PT1H.json", events());
        const std::string alertFile = test::writeFile(m_dir, "alerts.jsonl", alerts());
        const std::string tor = test::writeFile(m_dir, "exit-addresses",
                                                "ExitNode ABC\nPublished 2026-11-02 05:00:00\n"
                                                "ExitAddress 185.220.101.4 2026-11-02 06:00:00\n");
        QCOMPARE(runCli({"ingest", "--case", m_case, "--quiet", logs}).code, 0);

        const Run a = runCli({"import-alerts", "--case", m_case, alertFile});
        QCOMPARE(a.code, 0);
        QVERIFY2(QString::fromStdString(a.out).contains("alerts              +2 (2 in the case)"), a.out.c_str());
        QVERIFY2(QString::fromStdString(a.out).contains("KV_TORAccess  kv-payments"), a.out.c_str());
        QVERIFY2(QString::fromStdString(a.out).contains("SIMULATED_KV_UserAnomaly  (no vault)  [sample]"),
                 a.out.c_str());
        const Run again = runCli({"import-alerts", "--case", m_case, alertFile});
        QCOMPARE(again.code, 0);
        QVERIFY2(QString::fromStdString(again.out).contains("alerts              +0 (2 in the case)"),
                 again.out.c_str());

        const Run t = runCli({"import-ti", "--case", m_case, tor});
        QCOMPARE(t.code, 0);
        QVERIFY2(QString::fromStdString(t.out).contains("indicators          +1 (1 in the case)"), t.out.c_str());
        QVERIFY2(
            QString::fromStdString(t.out).contains("exit-addresses  [tor, 2026-11-02T06:00:00.000Z]  1 indicators"),
            t.out.c_str());
    }

    void ipProfileAsJson()
    {
        const Run r = runCli({"entity", "--case", m_case, "--ip", "185.220.101.4", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["kind"], nlohmann::json("ip"));
        QCOMPARE(j["key"], nlohmann::json("185.220.101.4"));
        QCOMPARE(j["events"], nlohmann::json(3));
        QCOMPARE(j["failed"], nlohmann::json(1));
        QCOMPARE(j["first"], nlohmann::json("2026-11-03T10:10:00.000Z"));
        QCOMPARE(j["last"], nlohmann::json("2026-11-04T10:12:00.000Z"));
        QCOMPARE(j["vaults"], nlohmann::json::parse(R"([{"value":"kv-payments","count":3}])"));
        QCOMPARE(j["operations"],
                 nlohmann::json::parse(R"([{"value":"SecretGet","count":2},{"value":"SecretList","count":1}])"));
        QCOMPARE(j["identities"][0]["value"], nlohmann::json(Alice));
        QCOMPARE(j["related_alerts"].size(), std::size_t{1});
        QCOMPARE(j["related_alerts"][0]["system_alert_id"], nlohmann::json("tor-1"));
        QCOMPARE(j["related_alerts"][0]["alert_type"], nlohmann::json("KV_TORAccess"));
        QCOMPARE(j["related_alerts"][0]["severity"], nlohmann::json("Medium"));
        QCOMPARE(j["related_alerts"][0]["start"], nlohmann::json("2026-11-03T10:10:00.000Z"));
        QCOMPARE(j["related_alerts"][0]["end"], nlohmann::json("2026-11-03T10:12:00.000Z"));
        QCOMPARE(j["related_alerts"][0]["link"], nlohmann::json("https://portal.azure.com/#alert/tor-1"));
        QCOMPARE(j["related_alerts"][0]["is_sample"], nlohmann::json(false));
        QCOMPARE(j["related_findings"], nlohmann::json::array());
        QCOMPARE(j["threat_intel"].size(), std::size_t{1});
        QCOMPARE(j["threat_intel"][0]["list"], nlohmann::json("exit-addresses"));
        QCOMPARE(j["threat_intel"][0]["ip"], nlohmann::json("185.220.101.4"));
        QCOMPARE(j["threat_intel"][0]["description"], nlohmann::json("Tor exit node ABC"));
    }

    void identityByUpnWithFilter()
    {
        const Run r = runCli({"entity", "--case", m_case, "--identity", "Alice@contoso.example", "--from",
                              "2026-11-04T00:00:00Z", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["key_used"], nlohmann::json("upn"));
        QCOMPARE(j["events"], nlohmann::json(2));
        QCOMPARE(j["other_ids"]["object_ids"][0]["value"], nlohmann::json(Alice));
        QCOMPARE(j["related_alerts"].size(), std::size_t{1});
        QCOMPARE(j["related_alerts"][0]["system_alert_id"], nlohmann::json("sample-1"));
        QCOMPARE(j["related_alerts"][0]["is_sample"], nlohmann::json(true));
    }

    void vaultProfileAsText()
    {
        const Run r = runCli({"entity", "--case", m_case, "--vault", "KV-PAYMENTS"});
        QCOMPARE(r.code, 0);
        const QString out = QString::fromStdString(r.out);
        QVERIFY2(out.contains("Entity vault KV-PAYMENTS  (matched as vault)"), r.out.c_str());
        QVERIFY2(out.contains("Events: 4 (1 failed requests)"), r.out.c_str());
        QVERIFY2(out.contains("Related Defender alerts (1):"), r.out.c_str());
        QVERIFY2(out.contains("185.220.101.4  on exit-addresses [tor"), r.out.c_str());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addRow("no entity") << QStringList{"entity", "--case", "x.kvwb"};
        QTest::addRow("two entities") << QStringList{"entity", "--case", "x.kvwb", "--ip", "1.2.3.4", "--app", "a"};
        QTest::addRow("two vaults and nothing else")
            << QStringList{"entity", "--case", "x.kvwb", "--vault", "a", "--vault", "b"};
        QTest::addRow("bad limit") << QStringList{"entity", "--case", "x.kvwb", "--ip", "1.2.3.4", "--limit", "0"};
        QTest::addRow("import-alerts without files") << QStringList{"import-alerts", "--case", "x.kvwb"};
        QTest::addRow("import-ti without case") << QStringList{"import-ti", "list.txt"};
        QTest::addRow("import-alerts with a bad date order")
            << QStringList{"import-alerts", "--case", "x.kvwb", "--date-order", "ymd", "a.csv"};
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        std::vector<std::string> v;
        for (const auto& a : args) {
            v.push_back(a.toStdString());
        }
        const Run r = runCli(v);
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.empty());
    }

    void controlCharactersAreNeutralised()
    {
        const nlohmann::json evil{{"SystemAlertId", "evil-1"},
                                  {"AlertType", "KV_AppAnomaly"},
                                  {"AlertDisplayName", "Unusual app\x1b[2J\x1b]0;pwned\x07"},
                                  {"StartTimeUtc", "2026-11-03T10:00:00Z"},
                                  {"Entities", {{{"$id", "1"}, {"Type", "ip"}, {"Address", "192.0.2.66"}}}}};
        const std::string file = test::writeFile(m_dir, "evil.json", evil.dump());
        const std::string other = m_dir.filePath("evil.kvwb").toStdString();
        const Run a = runCli({"import-alerts", "--case", other, file});
        QCOMPARE(a.code, 0);
        QVERIFY2(QString::fromStdString(a.out).contains("Unusual app?[2J?]0;pwned?"), a.out.c_str());
        const Run e = runCli({"entity", "--case", other, "--ip", "192.0.2.66"});
        QCOMPARE(e.code, 0);
        QVERIFY(e.out.find('\x1b') == std::string::npos);
        QVERIFY(e.out.find('\x07') == std::string::npos);
        QVERIFY2(QString::fromStdString(e.out).contains("Unusual app?[2J?]0;pwned?"), e.out.c_str());
    }

    void unreadableInputFails()
    {
        const Run r = runCli({"import-ti", "--case", m_dir.filePath("other.kvwb").toStdString(),
                              m_dir.filePath("missing.txt").toStdString()});
        QCOMPARE(r.code, 1);
    }
};

QTEST_GUILESS_MAIN(TestEntityCli)
#include "tst_entity_cli.moc"
