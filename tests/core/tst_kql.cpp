// KQL rendering of rules and views: parameters in force, the filter as KQL, quoting of values.
#include "core/analytics/detections/RuleCatalogue.h"
#include "core/analytics/detections/RuleSettings.h"
#include "core/analytics/kql/KqlRenderer.h"
#include "core/analytics/kql/KqlViews.h"

#include <QObject>
#include <QTest>

using namespace kvw::core;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

class TestKql : public QObject
{
    Q_OBJECT

private slots:
    void everyRuleRendersWithoutPlaceholders()
    {
        for (const auto& r : RuleCatalogue::all()) {
            for (const auto table : {KqlTable::AzureDiagnostics, KqlTable::AzkvAuditLogs}) {
                const std::string k = KqlRenderer::renderRule(r, RuleSettings{}.resolved(r), {}, table);
                QVERIFY2(!has(k, "{{") && !has(k, "}}"), r.id.c_str());
                QVERIFY2(has(k, "// " + r.title), r.id.c_str());
            }
        }
    }

    void massRetrievalUsesParametersInForce()
    {
        RuleSettings s;
        QVERIFY(s.set("sentinel-mass-secret-retrieval.event_threshold=75").ok());
        const auto* r = RuleCatalogue::find("sentinel-mass-secret-retrieval");
        const std::string k = KqlRenderer::renderRule(*r, s.resolved(*r), {}, KqlTable::AzureDiagnostics);
        QVERIFY(has(k, "let EventCountThreshold = 75;"));
        QVERIFY(has(k, "let DistinctSecretsThreshold = 10;"));
        QVERIFY(has(k, "let OperationList = dynamic([\"SecretGet\", \"KeyGet\", \"VaultGet\"]);"));
        QVERIFY(has(k, "let AllowedAppId = dynamic([\"509e4652-da8d-478d-a730-e9d4a1996ca4\", "
                       "\"8cae6e77-e04e-42ce-b5cb-50d82bce26b1\"]);"));
        QVERIFY(has(k, "bin(TimeGenerated, 1d)"));
        QVERIFY(has(k, "AzureDiagnostics\n| where ResourceProvider =~ \"MICROSOFT.KEYVAULT\""));
    }

    void filterBecomesKql()
    {
        EventFilter f;
        f.from = Timestamp::fromCivil(2026, 11, 1);
        f.to = Timestamp::fromCivil(2026, 11, 15);
        f.vaults = {"KV-Prod", "hsm1"};
        f.resourceType = ResourceType::Vault;
        const std::string k = KqlRenderer::base(f, KqlTable::AzureDiagnostics);
        QVERIFY(has(k, "| where TimeGenerated >= datetime(2026-11-01T00:00:00.000Z) and TimeGenerated < "
                       "datetime(2026-11-15T00:00:00.000Z)"));
        QVERIFY(has(k, "| where tolower(ResourceId) endswith \"/kv-prod\" or tolower(ResourceId) endswith \"/hsm1\""));
        QVERIFY(has(k, "| where ResourceType =~ \"VAULTS\""));
    }

    void valuesAreQuoted()
    {
        EventFilter f;
        f.vaults = {"x\" | evil"};
        f.callerIp = "1.2.3.4\"\nAzureActivity";
        const std::string k = KqlRenderer::base(f, KqlTable::AzureDiagnostics);
        QVERIFY(has(k, "endswith \"/x\\\" | evil\""));
        QVERIFY(has(k, "CallerIPAddress == \"1.2.3.4\\\"\\nAzureActivity\""));
        QCOMPARE(KqlRenderer::quote("a\\b"), std::string("\"a\\\\b\""));
        QCOMPARE(KqlRenderer::dynamicList(" a, b ,,c"), std::string("dynamic([\"a\", \"b\", \"c\"])"));
    }

    void azkvAuditLogsPrelude()
    {
        const std::string k = KqlRenderer::base({}, KqlTable::AzkvAuditLogs);
        QVERIFY(has(k, "AZKVAuditLogs\n| extend ResourceId = _ResourceId"));
        QVERIFY(has(k, "CallerIPAddress = CallerIpAddress"));
        // A rule over AzureDiagnostics-only columns says so and stays on AzureDiagnostics.
        const auto* r = RuleCatalogue::find("sentinel-access-policy-manipulation");
        const std::string p = KqlRenderer::renderRule(*r, RuleSettings{}.resolved(*r), {}, KqlTable::AzkvAuditLogs);
        QVERIFY(has(p, "AzureDiagnostics-only columns"));
        QVERIFY(has(p, "addedAccessPolicy_ObjectId_g"));
    }

    void views_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::addRow("by vault") << "events-by-vault" << "summarize EventCount = count() by Resource";
        QTest::addRow("by ip") << "events-by-ip" << "by IP = tostring(CallerIPAddress)";
        QTest::addRow("by identity") << "events-by-identity" << "by CallerIdentity, Identifier, User = CallerUpn";
        QTest::addRow("by operation") << "events-by-operation" << "by OperationName";
        QTest::addRow("sensitive") << "sensitive-operations" << "\"SecretBackup\", \"KeyBackup\"]);";
        QTest::addRow("mass retrieval") << "mass-secret-retrieval" << "let EventCountThreshold = 1000;";
        QTest::addRow("daily anomalies") << "daily-anomalies" << "Anomalous = AnomalyScoreAbs > 3";
        QTest::addRow("failures") << "failures" << "!startswith \"20\"";
        QTest::addRow("coverage") << "coverage" << "FirstEvent = min(TimeGenerated)";
    }
    void views()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        EventFilter f;
        f.vaults = {"kv1"};
        const auto k = KqlViews::render(name.toStdString(), f, KqlTable::AzureDiagnostics);
        QVERIFY(k.ok());
        QVERIFY2(has(*k, expected.toStdString()), k->c_str());
        QVERIFY(has(*k, "endswith \"/kv1\""));
        QVERIFY(!has(*k, "{{"));
    }

    void unknownViewIsAnError() { QVERIFY(!KqlViews::render("nope", {}, KqlTable::AzureDiagnostics).ok()); }
};

QTEST_GUILESS_MAIN(TestKql)
#include "tst_kql.moc"
