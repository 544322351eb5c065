// The detect, rules, anomalies and kql verbs run in process over string streams.
#include "app/cli/CommandLine.h"
#include "core/ingest/EventCompleter.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QObject>
#include <QTemporaryDir>
#include <QTest>

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

Run runCli(std::vector<std::string> args)
{
    std::ostringstream out;
    std::ostringstream err;
    kvw::cli::CommandIo io{out, err};
    const int code = kvw::cli::CommandLine::run(args, io);
    return {code, out.str(), err.str()};
}

} // namespace

class TestDetectCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_case;

private slots:
    void initTestCase()
    {
        m_case = m_dir.filePath(QStringLiteral("c.kvwb")).toStdString();
        auto c = core::CaseFile::open(m_case);
        QVERIFY(c.ok());
        core::EventWriter w(*c);
        QVERIFY(w.beginFile("e.json", 0, "fp").ok());
        const core::Timestamp t0 = core::Timestamp::fromCivil(2026, 11, 1);
        std::int64_t n = 0;
        auto add = [&](core::Timestamp t, const std::string& vault, const std::string& op, int status,
                       const std::string& oid) {
            core::Event e;
            e.time = t;
            e.resourceId = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/" + vault;
            e.operation = op;
            e.httpStatus = status;
            e.resultType = "Success";
            e.callerIp = "198.51.100.5";
            e.identityObjectId = oid;
            e.identityUpn = oid + "@contoso.com";
            e.requestUri = "https://" + vault + ".vault.azure.net/secrets/s" + std::to_string(n) + "?api-version=7.4";
            e.correlationId = "c" + std::to_string(n);
            core::EventCompleter::complete(e);
            w.addEvent(e, n++, "{}");
        };
        for (int d = 0; d < 14; ++d) {
            for (int i = 0; i < 20 + (d % 3); ++i) {
                add(t0 + d * core::Timestamp::TicksPerDay + i * core::Timestamp::TicksPerMinute, "KV1", "SecretGet",
                    200, "reader");
            }
        }
        add(t0 + 13 * core::Timestamp::TicksPerDay + 5 * core::Timestamp::TicksPerHour, "KV1", "SecretDelete", 200,
            "admin");
        QVERIFY(w.finishFile(true).ok());
    }

    void detectJson()
    {
        const Run r = runCli({"detect", "--case", m_case, "--rule", "sentinel-sensitive-operations", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out);
        QVERIFY(j.is_array());
        QCOMPARE(j.size(), std::size_t{1});
        const auto& f = j[0];
        for (const char* key : {"rule_id", "title", "source", "severity", "tactic", "technique", "start", "end",
                                "vaults", "entities", "event_count", "parameters", "explanation"}) {
            QVERIFY2(f.contains(key), key);
        }
        QCOMPARE(f["rule_id"].get<std::string>(), std::string("sentinel-sensitive-operations"));
        QCOMPARE(f["start"].get<std::string>(), std::string("2026-11-14T05:00:00.000Z"));
        QCOMPARE(f["event_count"].get<int>(), 1);
        QVERIFY(f["vaults"] == nlohmann::json({"kv1"}));
        QVERIFY(f["entities"]["identities"] == nlohmann::json({"admin", "admin@contoso.com"}));
        QVERIFY(f["entities"]["ips"] == nlohmann::json({"198.51.100.5"}));
        QCOMPARE(f["parameters"]["period"].get<std::string>(), std::string("1d"));
        // Stored in the case.
        auto c = core::CaseFile::openReadOnly(m_case);
        auto st = c->db().prepare("SELECT count(*), min(rule_id) FROM findings");
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), std::int64_t{1});
    }

    void detectSetOverridesAndText()
    {
        const Run r = runCli({"detect", "--case", m_case, "--rule", "workbook-mass-secret-retrieval", "--set",
                           "workbook-mass-secret-retrieval.threshold=20", "--no-save"});
        QCOMPARE(r.code, 0);
        // Days with 21 and 22 reads pass "more than 20"; days with exactly 20 do not: 9 of the 14 days.
        QVERIFY2(r.out.find("9 finding(s)") != std::string::npos, r.out.c_str());
    }

    void detectUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addRow("unknown rule") << QStringList{"--rule", "nope"};
        QTest::addRow("bad setting") << QStringList{"--set", "sentinel-mass-secret-retrieval.event_threshold=x"};
        QTest::addRow("unknown parameter") << QStringList{"--set", "KV_TORAccess.nope=1"};
        QTest::addRow("bad date") << QStringList{"--from", "yesterday"};
    }
    void detectUsageErrors()
    {
        QFETCH(QStringList, args);
        std::vector<std::string> a{"detect", "--case", m_case, "--no-save"};
        for (const auto& s : args) {
            a.push_back(s.toStdString());
        }
        const Run r = runCli(a);
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.empty());
    }

    void rulesJson()
    {
        const Run r = runCli({"rules", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out);
        QVERIFY(j.size() >= 28);
        bool found = false;
        for (const auto& rule : j) {
            if (rule["id"] == "sentinel-access-timeseries-anomaly") {
                found = true;
                QCOMPARE(rule["source"].get<std::string>(), std::string("Sentinel"));
                bool k = false;
                for (const auto& p : rule["parameters"]) {
                    k = k || (p["name"] == "score_threshold" && p["default"] == "3");
                }
                QVERIFY(k);
            }
        }
        QVERIFY(found);
        const Run text = runCli({"rules"});
        QVERIFY(text.out.find("sentinel-mass-secret-retrieval.event_threshold=50") != std::string::npos);
    }

    void anomaliesJson()
    {
        const Run r = runCli({"anomalies", "--case", m_case, "--by", "vault", "--step", "1d", "--window", "14d",
                           "--threshold", "3", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j.size(), std::size_t{1});
        QCOMPARE(j[0]["key"].get<std::string>(), std::string("kv1"));
        QCOMPARE(j[0]["points"].size(), std::size_t{14});
        const auto& p0 = j[0]["points"][0];
        for (const char* key : {"time", "count", "baseline", "score", "flag"}) {
            QVERIFY2(p0.contains(key), key);
        }
        QCOMPARE(p0["time"].get<std::string>(), std::string("2026-11-01T00:00:00.000Z"));
        QCOMPARE(p0["count"].get<double>(), 20.0);
        QCOMPARE(j[0]["points"][13]["count"].get<double>(), 22.0); // 21 reads + 1 delete on day 13
        QCOMPARE(runCli({"anomalies", "--case", m_case, "--by", "app"}).code, 2);
    }

    void kqlRuleAndView()
    {
        const Run rule = runCli({"kql", "--rule", "sentinel-mass-secret-retrieval", "--vault", "kv1", "--set",
                              "sentinel-mass-secret-retrieval.event_threshold=75"});
        QCOMPARE(rule.code, 0);
        QVERIFY(rule.out.find("let EventCountThreshold = 75;") != std::string::npos);
        QVERIFY(rule.out.find("tolower(ResourceId) endswith \"/kv1\"") != std::string::npos);
        const Run view = runCli({"kql", "--view", "daily-anomalies", "--table", "azkv"});
        QCOMPARE(view.code, 0);
        QVERIFY(view.out.find("AZKVAuditLogs") != std::string::npos);
        QVERIFY(view.out.find("series_decompose_anomalies(metric)") != std::string::npos);
        QCOMPARE(runCli({"kql", "--view", "nope"}).code, 2);
        QCOMPARE(runCli({"kql"}).code, 2);
        QVERIFY(runCli({"kql", "--list"}).out.find("view  coverage") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestDetectCli)
#include "tst_detect_cli.moc"
