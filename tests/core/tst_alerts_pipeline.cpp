// End to end: the ingest pipeline over a folder holding audit events, Defender alerts, threat-intel lists
// (STIX, TorDNSEL, IP CSV) and metric records; every kind lands in its table, re-reading adds nothing, and an
// entity profile ties them together.
#include "common/CaseFixture.h"
#include "common/RecordFactory.h"
#include "common/TestSupport.h"
#include "core/analytics/entities/EntityProfileQuery.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using namespace kvw;

namespace {

QStringList tableLines(core::CaseFile& c, const std::string& sql)
{
    QStringList out;
    auto st = c.db().prepare(sql);
    while (st.step()) {
        QStringList cells;
        for (int i = 0; i < st.columnCount(); ++i) {
            cells << (st.isNull(i) ? QStringLiteral("NULL") : QString::fromStdString(st.text(i)));
        }
        out << cells.join('|');
    }
    return out;
}

std::string events()
{
    std::string s;
    const char* const ips[] = {"185.220.101.4", "185.220.101.4", "203.0.113.50"};
    for (int i = 0; i < 3; ++i) {
        test::RawRecordSpec r;
        r.time = "2026-11-03T10:1" + std::to_string(i) + ":00Z";
        r.ip = ips[i];
        r.correlationId = "cccccccc-0000-0000-0000-00000000000" + std::to_string(i);
        r.status = i == 1 ? 403 : 200;
        s += test::RecordFactory::raw(r) + "\n";
    }
    return s;
}

std::string defenderAlert()
{
    nlohmann::json a{{"VendorName", "Microsoft"},
                     {"AlertType", "KV_TORAccess"},
                     {"StartTimeUtc", "2026-11-03T10:10:00Z"},
                     {"EndTimeUtc", "2026-11-03T10:11:00Z"},
                     {"TimeGenerated", "2026-11-03T10:30:00Z"},
                     {"Severity", "Medium"},
                     {"SystemAlertId", "tor-alert-1"},
                     {"AzureResourceId", "/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-PROD/"
                                         "PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-PAYMENTS"},
                     {"AlertDisplayName", "Access from a TOR exit node to a key vault"},
                     {"Entities", {{{"$id", "2"}, {"Address", "185.220.101.4"}, {"Type", "ip"}}}},
                     {"ExtendedProperties", {{"Attacker IP Address", "185.220.101.4"}}}};
    return a.dump(4); // pretty printed, one object: the continuous-export shape
}

std::string armAlerts()
{
    std::string s;
    for (int i = 0; i < 2; ++i) {
        nlohmann::json a{{"id", "/subscriptions/s/providers/Microsoft.Security/locations/westeurope/alerts/arm-" +
                                    std::to_string(i)},
                         {"name", "arm-" + std::to_string(i)},
                         {"properties",
                          {{"alertType", i == 0 ? "KV_AppAnomaly" : "VM_Login"},
                           {"alertDisplayName", "Alert " + std::to_string(i)},
                           {"severity", "Low"},
                           {"startTimeUtc", "2026-11-03T11:00:00Z"},
                           {"entities", {{{"$id", "1"}, {"address", "203.0.113.50"}, {"type", "ip"}}}}}}};
        s += a.dump() + "\n";
    }
    return s;
}

const char* const StixBundle =
    "{\"type\":\"bundle\",\"id\":\"bundle--9\",\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--9\","
    "\"modified\":\"2026-11-02T00:00:00Z\",\"description\":\"Scanner\",\"pattern\":\"[ipv4-addr:value = "
    "'203.0.113.50']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-11-01T00:00:00Z\"}]}\n";

const char* const TorList = "ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E\n"
                            "Published 2026-11-02 05:33:37\n"
                            "LastStatus 2026-11-02 13:00:00\n"
                            "ExitAddress 185.220.101.4 2026-11-02 13:05:12\n";

const char* const IocCsv = "ip,comment,date\n198.51.100.77,brute force,2026-10-30\n192.168.0.1,lab,2026-10-30\n";

// Log Analytics portal exports: a SecurityAlert row (Entities as JSON text) and an AzureMetrics row.
const char* const SecurityAlertCsv =
    "TimeGenerated [UTC],DisplayName,AlertSeverity,SystemAlertId,ResourceId,AlertType,StartTime [UTC],"
    "EndTime [UTC],Entities,ExtendedProperties\n"
    "\"11/3/2026, 11:00:00.000 AM\",Unusual user accessed a key vault,Low,csv-9,"
    "/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/"
    "KV-PAYMENTS,KV_UserAnomaly,\"11/3/2026, 10:55:00.000 AM\",\"11/3/2026, 10:58:00.000 AM\","
    "\"[{\"\"$id\"\":\"\"1\"\",\"\"Address\"\":\"\"203.0.113.50\"\",\"\"Type\"\":\"\"ip\"\"}]\",{}\n";

const char* const AzureMetricsCsv =
    "TimeGenerated [UTC],ResourceId,MetricName,Total,Count,Maximum,Minimum,Average,TimeGrain,UnitName,Type\n"
    "\"11/3/2026, 10:05:00.000 AM\",/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-PROD/"
    "PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-PAYMENTS,ServiceApiLatency,90,3,40,20,30,PT1M,MilliSeconds,AzureMetrics\n";

std::string metrics()
{
    std::string s;
    for (int i = 0; i < 2; ++i) {
        nlohmann::json m{{"time", "2026-11-03T10:0" + std::to_string(i) + ":00.0000000Z"},
                         {"resourceId", "/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-PROD/"
                                        "PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-PAYMENTS"},
                         {"metricName", "ServiceApiHit"},
                         {"timeGrain", "PT1M"},
                         {"count", 3 + i},
                         {"total", 3 + i},
                         {"minimum", 1},
                         {"maximum", 1},
                         {"average", 1}};
        s += m.dump() + "\n";
    }
    return s;
}

} // namespace

class TestAlertsPipeline : public QObject
{
    Q_OBJECT

private slots:
    void folderWithEverything()
    {
        test::CaseFixture fx;
        test::writeFile(fx.dir(), "bundle/logs/PT1H.json", events());
        test::writeFile(fx.dir(), "bundle/alerts/defender-alert.json", defenderAlert());
        test::writeFile(fx.dir(), "bundle/alerts/arm-alerts.jsonl", armAlerts());
        test::writeFile(fx.dir(), "bundle/intel/campaign.stix.json", StixBundle);
        test::writeFile(fx.dir(), "bundle/intel/exit-addresses", TorList);
        test::writeFile(fx.dir(), "bundle/intel/iocs.csv", IocCsv);
        test::writeFile(fx.dir(), "bundle/metrics/PT1M.json", metrics());
        test::writeFile(fx.dir(), "bundle/alerts/SecurityAlert.csv", SecurityAlertCsv);
        test::writeFile(fx.dir(), "bundle/metrics/AzureMetrics.csv", AzureMetricsCsv);
        const std::string bundle = fx.path("bundle");

        const auto report = fx.ingest({bundle});
        QStringList errors;
        for (const auto& e : report.errors) {
            errors << QString::fromStdString(e.toString());
        }
        QCOMPARE(errors, QStringList{});
        QCOMPARE(report.totals.inserted, std::int64_t{3});

        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM events"), std::int64_t{3});
        QCOMPARE(tableLines(fx.caseFile(), "SELECT system_alert_id, alert_type, vault, is_sample FROM alerts ORDER BY "
                                           "system_alert_id"),
                 (QStringList{"arm-0|KV_AppAnomaly||0", "arm-1|VM_Login||0", "csv-9|KV_UserAnomaly|kv-payments|0",
                              "tor-alert-1|KV_TORAccess|kv-payments|0"}));
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM alert_entities WHERE kind = 'ip'"), std::int64_t{4});
        QCOMPARE(
            tableLines(fx.caseFile(), "SELECT name, kind, list_date FROM ti_lists ORDER BY name"),
            (QStringList{"campaign.stix.json|stix|2026-11-02T00:00:00.000Z",
                         "exit-addresses|tor|2026-11-02T13:05:12.000Z", "iocs.csv|ip-list|2026-10-30T00:00:00.000Z"}));
        QCOMPARE(tableLines(fx.caseFile(), "SELECT ip FROM ti_indicators ORDER BY ip"),
                 (QStringList{"185.220.101.4", "198.51.100.77", "203.0.113.50"}));
        QCOMPARE(tableLines(fx.caseFile(), "SELECT metric, vault, count FROM metrics ORDER BY time, metric"),
                 (QStringList{"ServiceApiHit|kv-payments|3.0", "ServiceApiHit|kv-payments|4.0",
                              "ServiceApiLatency|kv-payments|3.0"}));
        const QStringList formats =
            tableLines(fx.caseFile(), "SELECT substr(path, length(path) - 13), format FROM files WHERE "
                                      "path LIKE '%exit-addresses' OR path LIKE '%iocs.csv' ORDER BY path");
        QCOMPARE(formats, (QStringList{"exit-addresses|threat-intel-list", "intel/iocs.csv|threat-intel-list"}));

        // Re-reading adds nothing: unchanged files are skipped, and a forced re-read de-duplicates.
        const auto again = fx.ingest({bundle});
        QCOMPARE(again.totals.inserted, std::int64_t{0});
        core::IngestOptions force;
        force.skipUnchanged = false;
        const auto forced = fx.ingest({bundle}, force);
        QCOMPARE(forced.totals.errors, std::int64_t{0});
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM events"), std::int64_t{3});
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM alerts"), std::int64_t{4});
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM alert_entities"), std::int64_t{6}); // 4 ips + 2 resources
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM ti_lists"), std::int64_t{3});
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM ti_indicators"), std::int64_t{3});
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM metrics"), std::int64_t{3});

        // The Tor exit node: two events (one denied), the Defender alert, the Tor list.
        auto p = core::EntityProfileQuery::run(fx.caseFile(), {}, core::EntityKind::Ip, "185.220.101.4");
        QVERIFY(p.ok());
        QCOMPARE(p->events, std::int64_t{2});
        QCOMPARE(p->failed, std::int64_t{1});
        QCOMPARE(p->relatedAlerts.size(), std::size_t{1});
        QCOMPARE(p->relatedAlerts.front().systemAlertId, std::string("tor-alert-1"));
        QCOMPARE(p->threatIntel.size(), std::size_t{1});
        QCOMPARE(p->threatIntel.front().listKind, std::string("tor"));
        // The scanner IP: one event, the two ARM alerts (one of another product) and the CSV one, the STIX
        // indicator.
        auto s = core::EntityProfileQuery::run(fx.caseFile(), {}, core::EntityKind::Ip, "203.0.113.50");
        QVERIFY(s.ok());
        QCOMPARE(s->events, std::int64_t{1});
        QCOMPARE(s->relatedAlerts.size(), std::size_t{3});
        QCOMPARE(s->threatIntel.size(), std::size_t{1});
        QCOMPARE(s->threatIntel.front().description, std::string("Scanner"));
    }
};

QTEST_GUILESS_MAIN(TestAlertsPipeline)
#include "tst_alerts_pipeline.moc"
