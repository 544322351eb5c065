// Defender alerts in every shape an analyst brings them (detections.md "Alert records an analyst may bring"):
// continuous export, ARM REST, Log Analytics SecurityAlert rows (CSV), bad records, re-import, the shared sample.
#include "common/CaseFixture.h"
#include "common/TestSupport.h"
#include "core/analytics/intel/CaseAuxiliaryImporter.h"
#include "core/analytics/intel/DefenderAlert.h"
#include "core/ingest/CsvTableReader.h"
#include "core/ingest/InputStream.h"

#include <QtTest>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

using namespace kvw;
using core::DefenderAlert;

namespace {

// JSON fixtures are written with single quotes (q() swaps them): moc's preprocessor loses track of the class
// after raw string literals holding this JSON.
std::string q(std::string text)
{
    std::replace(text.begin(), text.end(), '\'', '"');
    return text;
}

const std::string ContinuousExportAlert =
    q("{ "
      "  'VendorName': 'Microsoft', "
      "  'AlertType': 'KV_SuspiciousIPAccess', "
      "  'ProductName': 'Microsoft Defender for Cloud', "
      "  'StartTimeUtc': '2026-11-03T10:00:00.1234567Z', "
      "  'EndTimeUtc': '2026-11-03T10:45:00Z', "
      "  'TimeGenerated': '2026-11-03T11:00:05.5Z', "
      "  'Severity': 'Medium', "
      "  'Status': 'New', "
      "  'SystemAlertId': '2517000000000000000_aaaa-bbbb', "
      "  'Intent': 'CredentialAccess', "
      "  'AzureResourceId': "
      "'/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-PROD/providers/Microsoft.KeyVault/vaults/"
      "KV-PAYMENTS', "
      "  'CompromisedEntity': 'KV-PAYMENTS', "
      "  'AlertDisplayName': 'Access from a suspicious IP address to a key vault', "
      "  'Description': 'A key vault was accessed from an IP flagged by threat intelligence.', "
      "  'Entities': [ "
      "    {'$id': '2', 'ResourceId': "
      "'/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-PROD/providers/Microsoft.KeyVault/vaults/"
      "KV-PAYMENTS', 'Type': 'azure-resource'}, "
      "    {'$id': '3', 'AadUserId': 'AAAAAAAA-0000-0000-0000-000000000001', 'Name': 'alice', 'UPNSuffix': "
      "'contoso.example', 'Type': 'account'}, "
      "    {'$id': '4', 'Address': '203.0.113.7', 'Type': 'ip'} "
      "  ], "
      "  'ExtendedProperties': { "
      "    'Client IP Address': '198.51.100.20', "
      "    'Application ID': 'BBBBBBBB-0000-0000-0000-000000000002', "
      "    'Target': 'https://kv-payments.vault.azure.net/secrets/db-password', "
      "    'Alert Reasons': '[seen at 10:15:30]' "
      "  }, "
      "  'AlertUri': 'https://portal.azure.com/#blade/alert/2517000000000000000_aaaa-bbbb' "
      "}");

const std::string ArmRestAlert =
    q("{ "
      "  'id': "
      "'/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Security/locations/westeurope/alerts/"
      "2517111', "
      "  'name': '2517111', "
      "  'type': 'Microsoft.Security/Locations/alerts', "
      "  'properties': { "
      "    'alertType': 'KV_TORAccess', 'alertDisplayName': 'Access from a TOR exit node to a key vault', "
      "    'severity': 'Medium', 'startTimeUtc': '2026-11-04T08:00:00Z', 'endTimeUtc': '2026-11-04T08:30:00Z', "
      "    'timeGeneratedUtc': '2026-11-04T09:00:00Z', 'status': 'Active', 'intent': 'CredentialAccess', "
      "    'resourceIdentifiers': [{'$id': '1', 'azureResourceId': "
      "'/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hr/providers/Microsoft.KeyVault/vaults/"
      "kv-hr', 'type': 'AzureResource'}], "
      "    'entities': [{'$id': '2', 'address': '185.220.101.4', 'type': 'ip'}], "
      "    'extendedProperties': {'Attacker Object ID': 'cccccccc-0000-0000-0000-000000000009'}, "
      "    'alertUri': 'https://portal.azure.com/#alert/2517111' "
      "  } "
      "}");

const std::string BadRecord0 = q("{'AlertType':'KV_UserAnomaly','Severity':'Low'}");
const std::string BadRecord1 = q("{'SystemAlertId':'a1','AlertType':'KV_UserAnomaly','StartTimeUtc':'yesterday'}");
const std::string BadRecord2 = q("{'SystemAlertId':'a1','AlertType':'KV_UserAnomaly','TimeGenerated':12}");
const std::string BadRecord3 = q("{'SystemAlertId':'a1','Entities':{'Type':'ip'}}");
const std::string BadRecord4 = q("{'SystemAlertId':'a1','ExtendedProperties':[1,2]}");

QStringList entityLines(const std::vector<core::AlertEntity>& entities)
{
    QStringList out;
    for (const auto& e : entities) {
        out << QString::fromStdString(e.kind + " " + e.value);
    }
    out.sort();
    return out;
}

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

std::unique_ptr<core::InputStream> streamOf(std::string text)
{
    auto data = std::make_shared<std::string>(std::move(text));
    auto pos = std::make_shared<std::size_t>(0);
    return std::make_unique<core::InputStream>(
        [data, pos](char* buffer, std::size_t capacity) -> core::Result<std::size_t> {
            const std::size_t n = std::min(capacity, data->size() - *pos);
            std::memcpy(buffer, data->data() + *pos, n);
            *pos += n;
            return n;
        });
}

// Hands the SecurityAlert/AzureMetrics rows a reader finds to the importer, as the ingest pipeline does.
class ForwardingConsumer final : public core::RecordConsumer
{
public:
    ForwardingConsumer(core::AuxiliaryImporter& importer, std::int64_t fileId) : m_importer(importer), m_fileId(fileId)
    {
    }
    void setFormat(core::SourceFormat) override {}
    void event(core::Event, std::int64_t, std::string) override { ++events; }
    void skipped(std::int64_t, const std::string&) override {}
    void rejected(std::int64_t line, const std::string& reason) override
    {
        errors << QStringLiteral("%1: %2").arg(line).arg(QString::fromStdString(reason));
    }
    void otherRecord(core::OtherRecordKind kind, const nlohmann::json& record, std::int64_t index) override
    {
        if (auto st = m_importer.importRecord(kind, record, "alerts.csv", index, m_fileId); !st) {
            errors << QStringLiteral("%1: %2").arg(index).arg(QString::fromStdString(st.error().message));
        }
    }
    bool cancelled() const override { return false; }

    int events = 0;
    QStringList errors;

private:
    core::AuxiliaryImporter& m_importer;
    std::int64_t m_fileId;
};

std::int64_t addFile(core::CaseFile& c, const std::string& path)
{
    auto st = c.db().prepare("INSERT INTO files(path, status) VALUES(?, 'complete')");
    st.bind(1, path);
    st.run();
    return c.db().lastInsertRowId();
}

} // namespace

class TestAlerts : public QObject
{
    Q_OBJECT

private slots:
    void continuousExportForm()
    {
        auto a = DefenderAlert::fromJson(nlohmann::json::parse(ContinuousExportAlert));
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QCOMPARE(a->systemAlertId, std::string("2517000000000000000_aaaa-bbbb"));
        QCOMPARE(a->alertType, std::string("KV_SuspiciousIPAccess"));
        QCOMPARE(a->displayName, std::string("Access from a suspicious IP address to a key vault"));
        QCOMPARE(a->severity, std::string("Medium"));
        QCOMPARE(a->start->toIso(), std::string("2026-11-03T10:00:00.1234567Z"));
        QCOMPARE(a->end->toIso(), std::string("2026-11-03T10:45:00.000Z"));
        QCOMPARE(a->timeGenerated->toIso(), std::string("2026-11-03T11:00:05.500Z"));
        QCOMPARE(a->vault, std::string("kv-payments"));
        QCOMPARE(a->subscription, std::string("11111111-2222-3333-4444-555555555555"));
        QCOMPARE(a->link, std::string("https://portal.azure.com/#blade/alert/2517000000000000000_aaaa-bbbb"));
        QCOMPARE(a->tactics, std::string("CredentialAccess"));
        QCOMPARE(a->status, std::string("New"));
        QVERIFY(!a->isSample);
        QVERIFY(a->isKeyVaultAlert());
        const QStringList expected{
            "account aaaaaaaa-0000-0000-0000-000000000001",
            "account alice@contoso.example",
            "application bbbbbbbb-0000-0000-0000-000000000002",
            "azure-resource /subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg-prod/providers/"
            "microsoft.keyvault/vaults/kv-payments",
            "ip 198.51.100.20",
            "ip 203.0.113.7",
            "object db-password",
        };
        QCOMPARE(entityLines(a->entities), expected);
        QCOMPARE(nlohmann::json::parse(a->entitiesJson).size(), std::size_t{3});
        QCOMPARE(nlohmann::json::parse(a->extendedJson)["Client IP Address"], nlohmann::json("198.51.100.20"));
    }

    void armRestForm()
    {
        const auto record = nlohmann::json::parse(ArmRestAlert);
        auto a = DefenderAlert::fromJson(record);
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QCOMPARE(a->systemAlertId, std::string("2517111"));
        QCOMPARE(a->alertType, std::string("KV_TORAccess"));
        QCOMPARE(a->vault, std::string("kv-hr"));
        QCOMPARE(a->start->toIso(), std::string("2026-11-04T08:00:00.000Z"));
        QCOMPARE(a->timeGenerated->toIso(), std::string("2026-11-04T09:00:00.000Z"));
        QCOMPARE(a->link, std::string("https://portal.azure.com/#alert/2517111"));
        const QStringList expected{
            "account cccccccc-0000-0000-0000-000000000009",
            "azure-resource /subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg-hr/providers/"
            "microsoft.keyvault/vaults/kv-hr",
            "ip 185.220.101.4",
        };
        QCOMPARE(entityLines(a->entities), expected);
    }

    void sampleAndOtherAlertTypes_data()
    {
        QTest::addColumn<QString>("alertType");
        QTest::addColumn<QString>("displayName");
        QTest::addColumn<bool>("sample");
        QTest::addColumn<bool>("keyVault");
        QTest::addRow("Key Vault alert") << "KV_AppAnomaly"
                                         << "Unusual application accessed a key vault" << false << true;
        QTest::addRow("portal sample of a Key Vault alert")
            << "SIMULATED_KV_TORAccess"
            << "[SAMPLE ALERT] Access from a TOR exit node to a key vault" << true << true;
        QTest::addRow("sample by title only") << "VM_Something"
                                              << "[SAMPLE ALERT] Suspicious process" << true << false;
        QTest::addRow("another product's alert is kept, not Key Vault") << "VM_SuspiciousLogin"
                                                                        << "Suspicious login" << false << false;
    }

    void sampleAndOtherAlertTypes()
    {
        QFETCH(QString, alertType);
        QFETCH(QString, displayName);
        QFETCH(bool, sample);
        QFETCH(bool, keyVault);
        nlohmann::json r{{"SystemAlertId", "x1"},
                         {"AlertType", alertType.toStdString()},
                         {"AlertDisplayName", displayName.toStdString()}};
        auto a = DefenderAlert::fromJson(r);
        QVERIFY(a.ok());
        QCOMPARE(a->isSample, sample);
        QCOMPARE(a->isKeyVaultAlert(), keyVault);
    }

    void badRecords_data()
    {
        QTest::addColumn<QString>("record");
        QTest::addColumn<QString>("field");
        QTest::addRow("no SystemAlertId") << QString::fromStdString(BadRecord0) << "SystemAlertId";
        QTest::addRow("StartTimeUtc is no date") << QString::fromStdString(BadRecord1) << "StartTime";
        QTest::addRow("TimeGenerated is a number") << QString::fromStdString(BadRecord2) << "TimeGenerated";
        QTest::addRow("Entities is an object") << QString::fromStdString(BadRecord3) << "Entities";
        QTest::addRow("ExtendedProperties is a list") << QString::fromStdString(BadRecord4) << "ExtendedProperties";
    }

    void badRecords()
    {
        QFETCH(QString, record);
        QFETCH(QString, field);
        auto a = DefenderAlert::fromJson(nlohmann::json::parse(record.toStdString()));
        QVERIFY(!a.ok());
        QVERIFY2(QString::fromStdString(a.error().message).contains(field), a.error().message.c_str());
    }

    void securityAlertCsvRows()
    {
        test::CaseFixture fx;
        core::CaseAuxiliaryImporter importer(fx.caseFile());
        const std::int64_t fileId = addFile(fx.caseFile(), "alerts.csv");
        // A portal export of SecurityAlert: en-US datetimes, Entities/ExtendedProperties as JSON text in cells.
        const std::string csv =
            "TimeGenerated [UTC],DisplayName,AlertName,AlertSeverity,Description,ProviderName,VendorName,"
            "SystemAlertId,ResourceId,AlertType,StartTime [UTC],EndTime [UTC],ExtendedProperties,Entities,AlertLink,"
            "Status,CompromisedEntity,Tactics\n"
            "\"11/3/2026, 11:00:05.000 AM\",Unusual user accessed a key vault,Unusual user accessed a key vault,Medium,"
            "desc,Azure Security Center,Microsoft,csv-alert-1,"
            "/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.KEYVAULT/"
            "VAULTS/KV-PAYMENTS,KV_UserAnomaly,\"11/3/2026, 10:00:00.000 AM\",\"11/3/2026, 10:30:00.000 AM\","
            "\"{\"\"Attacker IP Address\"\":\"\"192.0.2.10\"\"}\","
            "\"[{\"\"$id\"\":\"\"1\"\",\"\"AadUserId\"\":\"\"dddddddd-0000-0000-0000-000000000004\"\","
            "\"\"Type\"\":\"\"account\"\"}]\",https://portal.azure.com/#alert/csv-alert-1,New,KV-PAYMENTS,"
            "CredentialAccess\n"
            "\"11/4/2026, 1:00:00.000 PM\",Suspicious login,Suspicious login,High,d2,ASC,Microsoft,csv-alert-2,"
            "/subscriptions/x/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm1,VM_Login,"
            "\"11/4/2026, 12:55:00.000 PM\",\"11/4/2026, 12:59:00.000 PM\",{},"
            "\"[{\"\"Address\"\":\"\"192.0.2.10\"\",\"\"Type\"\":\"\"ip\"\"}]\",,New,vm1,InitialAccess\n";
        auto in = streamOf(csv);
        ForwardingConsumer consumer(importer, fileId);
        QVERIFY(core::CsvTableReader::read(*in, "alerts.csv", consumer, core::DateOrder::MonthFirst).ok());
        QVERIFY(importer.finishFile(fileId).ok());
        QCOMPARE(consumer.errors, QStringList{});
        QCOMPARE(consumer.events, 0);
        const QStringList alerts = tableLines(
            fx.caseFile(), "SELECT system_alert_id, alert_type, display_name, severity, start_time, end_time, vault, "
                           "subscription, is_sample, alert_link, tactics, file_id FROM alerts ORDER BY id");
        const auto t = [](int d, int h, int m) {
            return QString::number(core::Timestamp::fromCivil(2026, 11, d, h, m).ticks());
        };
        const QStringList expected{
            "csv-alert-1|KV_UserAnomaly|Unusual user accessed a key vault|Medium|" + t(3, 10, 0) + "|" + t(3, 10, 30) +
                "|kv-payments|11111111-2222-3333-4444-555555555555|0|"
                "https://portal.azure.com/#alert/csv-alert-1|CredentialAccess|" +
                QString::number(fileId),
            "csv-alert-2|VM_Login|Suspicious login|High|" + t(4, 12, 55) + "|" + t(4, 12, 59) +
                "||x|0||InitialAccess|" + QString::number(fileId),
        };
        QCOMPARE(alerts, expected);
        const QStringList entities = tableLines(
            fx.caseFile(), "SELECT a.system_alert_id, e.kind, e.value FROM alert_entities e JOIN alerts a ON "
                           "a.id = e.alert_id ORDER BY a.id, e.kind, e.value");
        const QStringList expectedEntities{
            "csv-alert-1|account|dddddddd-0000-0000-0000-000000000004",
            "csv-alert-1|azure-resource|/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg-prod/"
            "providers/microsoft.keyvault/vaults/kv-payments",
            "csv-alert-1|ip|192.0.2.10",
            "csv-alert-2|azure-resource|/subscriptions/x/resourcegroups/rg/providers/microsoft.compute/"
            "virtualmachines/vm1",
            "csv-alert-2|ip|192.0.2.10",
        };
        QCOMPARE(entities, expectedEntities);
        QCOMPARE(importer.counts().alertsNew, std::int64_t{2});
    }

    void reimportAddsNothing()
    {
        test::CaseFixture fx;
        const auto record = nlohmann::json::parse(ContinuousExportAlert);
        for (int round = 0; round < 2; ++round) {
            core::CaseAuxiliaryImporter importer(fx.caseFile(), 1);
            const std::int64_t fileId = addFile(fx.caseFile(), "export-" + std::to_string(round) + ".json");
            auto changed = record;
            changed["Severity"] = round == 0 ? "Medium" : "High"; // a later export does not overwrite
            QVERIFY(importer.importRecord(core::OtherRecordKind::SecurityAlert, changed, "a.json", 1, fileId).ok());
            QVERIFY(importer.importRecord(core::OtherRecordKind::SecurityAlert, changed, "a.json", 2, fileId).ok());
            QVERIFY(importer.finishFile(fileId).ok());
            QCOMPARE(importer.counts().alertsNew, std::int64_t{round == 0 ? 1 : 0});
            QCOMPARE(importer.counts().alertsKnown, std::int64_t{round == 0 ? 1 : 2});
        }
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM alerts"), std::int64_t{1});
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM alert_entities"), std::int64_t{7});
        QCOMPARE(tableLines(fx.caseFile(), "SELECT severity FROM alerts"), QStringList{"Medium"});
    }

    void importerReportsTheBadField()
    {
        test::CaseFixture fx;
        core::CaseAuxiliaryImporter importer(fx.caseFile());
        auto st = importer.importRecord(core::OtherRecordKind::SecurityAlert,
                                        nlohmann::json{{"AlertType", "KV_AppAnomaly"}}, "a.json", 3, 0);
        QVERIFY(!st.ok());
        QVERIFY(QString::fromStdString(st.error().message).contains("SystemAlertId"));
        QVERIFY(importer.finishFile(0).ok());
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM alerts"), std::int64_t{0});
    }

    void sharedSampleAlertThroughIngest()
    {
        const std::string shared = test::sharedDir();
        const std::string sample = shared + "/samples/sentinel/issue_19_sample_1.json";
        if (shared.empty() || !std::filesystem::exists(sample)) {
            QSKIP("shared sample issue_19_sample_1.json is not available");
        }
        test::CaseFixture fx;
        const auto report = fx.ingest({sample});
        QCOMPARE(report.totals.rejected, std::int64_t{0});
        QCOMPARE(report.totals.records, std::int64_t{1});
        QCOMPARE(tableLines(fx.caseFile(), "SELECT system_alert_id, alert_type, severity, vault, subscription, "
                                           "is_sample, compromised_entity FROM alerts"),
                 QStringList{"dce2adb7-a249-3639-1574-c6571793f490|SIMULATED_KV_ListGetAnomaly|Medium|sample-kv|"
                             "11111111-1111-1111-1111-1111111111|1|Sample-KV"});
        const QStringList entities =
            tableLines(fx.caseFile(), "SELECT kind, value FROM alert_entities ORDER BY kind, value");
        const QStringList expected{
            "account|00000000-0000-0000-0000-000000000000",
            "application|00000000-0000-0000-0000-000000000000",
            "azure-resource|/subscriptions/11111111-1111-1111-1111-1111111111/resourcegroups/sample-rg/providers/"
            "microsoft.keyvault/vaults/sample-kv",
            "ip|00.00.00.00",
            "object|sample",
        };
        QCOMPARE(entities, expected);
        // The original is kept whole for the analyst.
        const auto raw =
            nlohmann::json::parse(tableLines(fx.caseFile(), "SELECT raw FROM alerts").front().toStdString());
        QCOMPARE(raw["ExtendedProperties"]["Attacker IP Address"], nlohmann::json("00.00.00.00"));
        QCOMPARE(fx.summary().alerts, std::int64_t{1});
    }
};

QTEST_GUILESS_MAIN(TestAlerts)
#include "tst_alerts.moc"
