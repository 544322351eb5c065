#include "common/TestSupport.h"
#include "core/common/Timestamp.h"
#include "core/ingest/EcsRecordNormaliser.h"
#include "core/ingest/RawRecordNormaliser.h"

#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace kvw::core;
using nlohmann::json;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// Every Event field, one per line, so a mismatch names the field.
QString describe(const Event& e, bool millisecondTime)
{
    auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string("null"); };
    const std::int64_t ticks = millisecondTime ? Timestamp::floorDiv(e.time.ticks(), Timestamp::TicksPerMillisecond) *
                                                     Timestamp::TicksPerMillisecond
                                               : e.time.ticks();
    std::string out;
    out += "time=" + Timestamp::fromTicks(ticks).toIso() + "\n";
    out += "resourceId=" + e.resourceId + "\nsubscription=" + e.subscription + "\nresourceGroup=" + e.resourceGroup;
    out += std::string("\nresourceType=") + toString(e.resourceType) + "\nvault=" + e.vault;
    out += "\noperation=" + e.operation + "\noperationVersion=" + e.operationVersion;
    out += std::string("\noperationClass=") + toString(e.operationClass) + "\nobjectType=" + toString(e.objectType);
    out += "\nobjectName=" + e.objectName + "\nobjectVersion=" + e.objectVersion + "\nhttpStatus=" + opt(e.httpStatus);
    out += "\nresultType=" + e.resultType + "\nresultSignature=" + e.resultSignature;
    out += "\nresultDescription=" + e.resultDescription + "\ndurationMs=" + opt(e.durationMs);
    out += "\ncallerIp=" + e.callerIp + "\nidentityObjectId=" + e.identityObjectId + "\nidentityUpn=" + e.identityUpn;
    out += "\nidentityAppId=" + e.identityAppId + "\nidentityKind=" + toString(e.identityKind);
    out += "\nclientInfo=" + e.clientInfo + "\nrequestUri=" + e.requestUri + "\nobjectUri=" + e.objectUri;
    out += "\ncorrelationId=" + e.correlationId + "\ntlsVersion=" + e.tlsVersion;
    out += "\nisRbacAuthorized=" + opt(e.isRbacAuthorized) + "\nisAccessPolicyMatch=" + opt(e.isAccessPolicyMatch);
    out += "\ntrustedService=" + e.trustedService + "\n";
    return q(out);
}

// A data-plane SecretGet as Key Vault writes it (formats.md §2.4).
const char* RawSecretGet =
    R"({"time":"2024-04-04T06:43:32.2816869Z","category":"AuditEvent","operationName":"SecretGet","resultType":"Success",)"
    R"("correlationId":"5e0f3c0a-8d7e-4d52-9a57-3b8f1f0c2a61","callerIpAddress":"203.0.113.7",)"
    R"("identity":{"claim":{"oid":"11111111-2222-3333-4444-555555555555","appid":"04b07795-8ddb-461a-bbee-02f9e1bf7b46",)"
    R"("upn":"alice@contoso.example"}},)"
    R"("properties":{"id":"https://kv-prod-01.vault.azure.net/secrets/db-password/7c5b3e2d1f0a49b8a7c6d5e4f3a2b1c0",)"
    R"("clientInfo":"azsdk-net-Security.KeyVault.Secrets/4.5.0","httpStatusCode":200,)"
    R"("requestUri":"https://kv-prod-01.vault.azure.net/secrets/db-password/?api-version=7.4","isRbacAuthorized":true,)"
    R"("tlsVersion":"TLS1_3"},)"
    R"("resourceId":"/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG-SECRETS/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-PROD-01",)"
    R"("operationVersion":"7.4","resultSignature":"OK","durationMs":"12"})";

// What the Elastic Azure integration makes of a raw record (its platformlogs ingest pipeline): the record under
// azure.platformlogs with a few fields renamed, the id parsed into azure.resource.*, the caller IP in source.ip,
// durationMs in event.duration (multiplied to ns when numeric; a string fails the multiplication and stays).
json toEcs(const json& raw, bool keepOriginal)
{
    json pl = raw;
    json doc = json::object();
    const Timestamp t = *parseTimestamp(raw.at("time").get<std::string>());
    doc["@timestamp"] = Timestamp::fromTicks(Timestamp::floorDiv(t.ticks(), Timestamp::TicksPerMillisecond) *
                                             Timestamp::TicksPerMillisecond)
                            .toIso();
    pl.erase("time");
    const std::string id = raw.value("resourceId", "");
    pl.erase("resourceId");
    doc["azure"]["resource"]["id"] = id;
    const auto providers = id.find("/PROVIDERS/");
    if (providers != std::string::npos) {
        const std::string tail = id.substr(providers + 11);
        const auto slash = tail.rfind('/');
        doc["azure"]["resource"]["provider"] = tail.substr(0, slash);
        doc["azure"]["resource"]["name"] = tail.substr(slash + 1);
    }
    if (raw.contains("callerIpAddress")) {
        doc["source"]["ip"] = raw["callerIpAddress"];
        pl.erase("callerIpAddress");
    }
    if (raw.contains("durationMs")) {
        doc["event"]["duration"] =
            raw["durationMs"].is_string() ? raw["durationMs"] : json(raw["durationMs"].get<std::int64_t>() * 1000000);
        pl.erase("durationMs");
    }
    pl["result_type"] = raw.value("resultType", "");
    pl.erase("resultType");
    pl["operation_name"] = raw.value("operationName", "");
    doc["event"]["action"] = raw.value("operationName", "");
    pl.erase("operationName");
    pl["result_signature"] = raw.value("resultSignature", "");
    pl.erase("resultSignature");
    doc["azure"]["correlation_id"] = raw.value("correlationId", "");
    pl.erase("correlationId");
    doc["azure"]["platformlogs"] = pl;
    doc["event"]["dataset"] = "azure.platformlogs";
    doc["event"]["kind"] = "event";
    doc["cloud"]["provider"] = "azure";
    if (keepOriginal) {
        doc["event"]["original"] = raw.dump();
        doc["tags"] = json::array({"preserve_original_event"});
    }
    return doc;
}

// {"a":{"b":1}} -> {"a.b":1}, as Kibana's CSV/NDJSON flattening and some exporters write documents.
void dotted(const json& node, const std::string& prefix, json& out)
{
    if (node.is_object() && !node.empty()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            dotted(*it, prefix.empty() ? it.key() : prefix + "." + it.key(), out);
        }
        return;
    }
    out[prefix] = node;
}

json searchHit(const json& source)
{
    return {{"_index", ".ds-logs-azure.platformlogs-default-2024.04.04-000001"},
            {"_id", "kQ1x4I4BWq0d2nF8a9cD"},
            {"_score", 1.0},
            {"_source", source}};
}

std::vector<std::string> sekoiaLines()
{
    std::vector<std::string> lines;
    const std::string shared = kvw::test::sharedDir();
    if (shared.empty()) {
        return lines;
    }
    std::ifstream in(shared + "/samples/schema/derived/keyvault_auditevent_sekoia.jsonl");
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

} // namespace

class TestEcs : public QObject
{
    Q_OBJECT

private slots:
    void recognisesElasticDocuments_data();
    void recognisesElasticDocuments();
    void shapesGiveTheSameEvent_data();
    void shapesGiveTheSameEvent();
    void mapsEcsFields();
    void outcomes_data();
    void outcomes();
    void sameEventAsRawRecord_data();
    void sameEventAsRawRecord();
};

void TestEcs::recognisesElasticDocuments_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<bool>("expected");
    const json raw = json::parse(RawSecretGet);
    json flat = json::object();
    dotted(toEcs(raw, false), {}, flat);
    QTest::addRow("bare nested document") << QByteArray::fromStdString(toEcs(raw, false).dump()) << true;
    QTest::addRow("search hit") << QByteArray::fromStdString(searchHit(toEcs(raw, true)).dump()) << true;
    QTest::addRow("dotted keys") << QByteArray::fromStdString(flat.dump()) << true;
    QTest::addRow("dataset only")
        << QByteArray(R"({"@timestamp":"2024-04-04T06:43:32.281Z","event.dataset":"azure.platformlogs"})") << true;
    QTest::addRow("raw record") << QByteArray(RawSecretGet) << false;
    QTest::addRow("Log Analytics row")
        << QByteArray(R"({"TimeGenerated":"2024-04-04T06:43:32.281Z","OperationName":"SecretGet"})") << false;
    QTest::addRow("ECS document of another integration")
        << QByteArray(
               R"({"@timestamp":"2024-04-04T06:43:32.281Z","event":{"dataset":"system.auth"},"host":{"name":"h"}})")
        << false;
    QTest::addRow("not an object") << QByteArray(R"([1,2])") << false;
}

void TestEcs::recognisesElasticDocuments()
{
    QFETCH(QByteArray, document);
    QFETCH(bool, expected);
    QCOMPARE(EcsRecordNormaliser::looksLikeEcs(json::parse(document.toStdString())), expected);
}

void TestEcs::shapesGiveTheSameEvent_data()
{
    QTest::addColumn<QByteArray>("document");
    const json raw = json::parse(RawSecretGet);
    const json nested = toEcs(raw, false);
    json flat = json::object();
    dotted(nested, {}, flat);
    // Top levels nested, the platformlogs subtree dotted, as some exporters mix them.
    json mixed = nested;
    json plDotted = json::object();
    dotted(nested["azure"]["platformlogs"], "platformlogs", plDotted);
    mixed["azure"].erase("platformlogs");
    for (auto it = plDotted.begin(); it != plDotted.end(); ++it) {
        mixed["azure"][it.key()] = *it;
    }
    QTest::addRow("nested") << QByteArray::fromStdString(nested.dump());
    QTest::addRow("nested in a search hit") << QByteArray::fromStdString(searchHit(nested).dump());
    QTest::addRow("dotted") << QByteArray::fromStdString(flat.dump());
    QTest::addRow("dotted in a search hit") << QByteArray::fromStdString(searchHit(flat).dump());
    QTest::addRow("mixed nested and dotted") << QByteArray::fromStdString(mixed.dump());
}

void TestEcs::shapesGiveTheSameEvent()
{
    QFETCH(QByteArray, document);
    const RecordOutcome expected = EcsRecordNormaliser::normalise(toEcs(json::parse(RawSecretGet), false));
    QCOMPARE(static_cast<int>(expected.kind), static_cast<int>(RecordOutcome::Kind::Accepted));
    const RecordOutcome got = EcsRecordNormaliser::normalise(json::parse(document.toStdString()));
    QCOMPARE(static_cast<int>(got.kind), static_cast<int>(RecordOutcome::Kind::Accepted));
    QCOMPARE(describe(got.event, false), describe(expected.event, false));
}

void TestEcs::mapsEcsFields()
{
    const RecordOutcome r = EcsRecordNormaliser::normalise(toEcs(json::parse(RawSecretGet), false));
    QCOMPARE(static_cast<int>(r.kind), static_cast<int>(RecordOutcome::Kind::Accepted));
    const Event& e = r.event;
    QCOMPARE(q(e.time.toIso()), QStringLiteral("2024-04-04T06:43:32.281Z"));
    QCOMPARE(q(e.operation), QStringLiteral("SecretGet"));
    QCOMPARE(e.operationClass, OperationClass::ReadSecret);
    QCOMPARE(q(e.vault), QStringLiteral("kv-prod-01"));
    QCOMPARE(q(e.subscription), QStringLiteral("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"));
    QCOMPARE(q(e.objectName), QStringLiteral("db-password"));
    QCOMPARE(e.httpStatus, std::optional<int>(200));
    QCOMPARE(e.durationMs, std::optional<std::int64_t>(12)); // "12" left as text by the failed multiplication
    QCOMPARE(q(e.callerIp), QStringLiteral("203.0.113.7"));
    QCOMPARE(q(e.identityUpn), QStringLiteral("alice@contoso.example"));
    QCOMPARE(q(e.identityObjectId), QStringLiteral("11111111-2222-3333-4444-555555555555"));
    QCOMPARE(q(e.resultType), QStringLiteral("Success"));
    QCOMPARE(q(e.resultSignature), QStringLiteral("OK"));
    QCOMPARE(q(e.correlationId), QStringLiteral("5e0f3c0a-8d7e-4d52-9a57-3b8f1f0c2a61"));
    QCOMPARE(q(e.tlsVersion), QStringLiteral("TLS1_3"));
    QCOMPARE(e.isRbacAuthorized, std::optional<bool>(true));
}

void TestEcs::outcomes_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("check"); // "field=value" on the event, or a fragment of the reason
    const int accepted = static_cast<int>(RecordOutcome::Kind::Accepted);
    const int skipped = static_cast<int>(RecordOutcome::Kind::Skipped);
    const int rejected = static_cast<int>(RecordOutcome::Kind::Rejected);

    const json raw = json::parse(RawSecretGet);
    json withOriginal = toEcs(raw, true);
    withOriginal["event"]["action"] = "SomethingElse"; // the original wins over the derived fields
    QTest::addRow("event.original is preferred") << QByteArray::fromStdString(searchHit(withOriginal).dump())
                                                 << accepted << QStringLiteral("operation=SecretGet");
    json brokenOriginal = toEcs(raw, false);
    brokenOriginal["event"]["original"] = "{\"time\":\"2024-04-04T06:43:32"; // truncated by a size limit
    QTest::addRow("unparseable event.original falls back to ECS fields")
        << QByteArray::fromStdString(brokenOriginal.dump()) << accepted << QStringLiteral("operation=SecretGet");
    QTest::addRow("event.original from another service")
        << QByteArray(
               R"({"@timestamp":"2020-11-03T09:06:42.000Z","event":{"action":"Retreive ConsumerGroup",)"
               R"("original":"{\"category\":\"OperationalLogs\",\"operationName\":\"Retreive ConsumerGroup\",\"time\":\"2020-11-03T09:06:42Z\",)"
               R"(\"resourceId\":\"/SUBSCRIPTIONS/7657426D-C4C3-44AC-88A2-3B2CD59E6DBA/RESOURCEGROUPS/OBS-TEST/PROVIDERS/MICROSOFT.EVENTHUB/NAMESPACES/OBSTESTEVENTHUBS\"}"},)"
               R"("azure":{"platformlogs":{"category":"OperationalLogs"}}})")
        << skipped << QStringLiteral("AuditEvent");
    QTest::addRow("another resource provider")
        << QByteArray(
               R"({"@timestamp":"2020-11-03T09:06:42.000Z","event":{"action":"Retreive ConsumerGroup"},)"
               R"("azure":{"platformlogs":{"category":"OperationalLogs"},"resource":{"provider":"MICROSOFT.EVENTHUB/NAMESPACES",)"
               R"("id":"/SUBSCRIPTIONS/7657426D-C4C3-44AC-88A2-3B2CD59E6DBA/RESOURCEGROUPS/OBS-TEST/PROVIDERS/MICROSOFT.EVENTHUB/NAMESPACES/OBSTESTEVENTHUBS"}}})")
        << skipped << QStringLiteral("MICROSOFT.EVENTHUB");
    QTest::addRow("Key Vault provider with its type segment")
        << QByteArray(
               R"({"@timestamp":"2024-04-04T06:43:32.281Z","event":{"action":"KeyGet","duration":7000000},)"
               R"("azure.resource.provider":"MICROSOFT.KEYVAULT/VAULTS","azure.resource.name":"KV1",)"
               R"("azure.platformlogs.category":"AuditEvent","azure.platformlogs.properties.httpStatusCode":200})")
        << accepted << QStringLiteral("durationMs=7");
    QTest::addRow("other category")
        << QByteArray(R"({"@timestamp":"2024-04-04T06:43:32.281Z","event.action":"PolicyEvaluate",)"
                      R"("azure.platformlogs.category":"AzurePolicyEvaluationDetails"})")
        << skipped << QStringLiteral("AzurePolicyEvaluationDetails");
    QTest::addRow("no platformlogs fields")
        << QByteArray(
               R"({"@timestamp":"2024-04-04T06:43:32.281Z","event":{"action":"x","dataset":"azure.activitylogs"},)"
               R"("azure":{"activitylogs":{"category":"Administrative"}}})")
        << skipped << QStringLiteral("azure.activitylogs");
    QTest::addRow("missing @timestamp")
        << QByteArray(R"({"event.action":"SecretGet","azure.platformlogs.category":"AuditEvent"})") << rejected
        << QStringLiteral("@timestamp");
    QTest::addRow("missing action")
        << QByteArray(R"({"@timestamp":"2024-04-04T06:43:32.281Z","azure.platformlogs.category":"AuditEvent"})")
        << rejected << QStringLiteral("event.action");
    QTest::addRow("objectid claim (Elastic rule naming)")
        << QByteArray(R"({"@timestamp":"2024-04-04T06:43:32.281Z","event.action":"SecretGet",)"
                      R"("azure.platformlogs.category":"AuditEvent","azure.resource.name":"KV1",)"
                      R"("azure.platformlogs.identity.claim.objectid":"AAAAAAAA-0000-0000-0000-000000000001",)"
                      R"("azure.platformlogs.identity.claim.appid":"04b07795-8ddb-461a-bbee-02f9e1bf7b46"})")
        << accepted << QStringLiteral("identityObjectId=aaaaaaaa-0000-0000-0000-000000000001");
    QTest::addRow("URI claim names nested")
        << QByteArray(
               R"({"@timestamp":"2024-04-04T06:43:32.281Z","event":{"action":"VaultGet"},"azure":{"platformlogs":)"
               R"({"category":"AuditEvent","identity":{"claim":{"http://schemas.microsoft.com/identity/claims/objectidentifier":)"
               R"("d9da5048-2737-4770-bd64-000000000000","http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":)"
               R"("bob@contoso.example"}}},"resource":{"name":"KV1"}}})")
        << accepted << QStringLiteral("identityUpn=bob@contoso.example");
    QTest::addRow("identity as JSON text")
        << QByteArray(
               R"({"@timestamp":"2024-04-04T06:43:32.281Z","event":{"action":"KeyGet"},"azure":{"platformlogs":)"
               R"({"category":"AuditEvent","identity":"{\"claim\":{\"oid\":\"11111111-2222-3333-4444-555555555555\"}}"}}})")
        << accepted << QStringLiteral("identityObjectId=11111111-2222-3333-4444-555555555555");
    QTest::addRow("not an object") << QByteArray("\"text\"") << rejected << QStringLiteral("not a JSON object");
}

void TestEcs::outcomes()
{
    QFETCH(QByteArray, document);
    QFETCH(int, kind);
    QFETCH(QString, check);
    const RecordOutcome r = EcsRecordNormaliser::normalise(json::parse(document.toStdString()));
    QCOMPARE(static_cast<int>(r.kind), kind);
    if (r.kind == RecordOutcome::Kind::Accepted) {
        const QString text = describe(r.event, false);
        QVERIFY2(text.split(QLatin1Char('\n')).contains(check), qPrintable(text));
    } else {
        QVERIFY2(q(r.reason).contains(check), r.reason.c_str());
    }
}

void TestEcs::sameEventAsRawRecord_data()
{
    QTest::addColumn<QByteArray>("record");
    QTest::addRow("built-in SecretGet") << QByteArray(RawSecretGet);
    QTest::addRow("built-in numeric durationMs") << QByteArray::fromStdString([] {
        json r = json::parse(RawSecretGet);
        r["durationMs"] = 488;
        return r.dump();
    }());
    const auto lines = sekoiaLines();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const json r = json::parse(lines[i]);
        QTest::addRow("sekoia line %d %s", static_cast<int>(i + 1), r.value("operationName", "").c_str())
            << QByteArray::fromStdString(lines[i]);
    }
}

void TestEcs::sameEventAsRawRecord()
{
    QFETCH(QByteArray, record);
    const json raw = json::parse(record.toStdString());
    const RecordOutcome expected = RawRecordNormaliser::normalise(raw);
    QCOMPARE(static_cast<int>(expected.kind), static_cast<int>(RecordOutcome::Kind::Accepted));
    QVERIFY(!expected.event.operation.empty() && expected.event.httpStatus.has_value());

    // With event.original the raw record itself is used: identical to the last tick.
    const RecordOutcome viaOriginal = EcsRecordNormaliser::normalise(searchHit(toEcs(raw, true)));
    QCOMPARE(static_cast<int>(viaOriginal.kind), static_cast<int>(RecordOutcome::Kind::Accepted));
    QCOMPARE(describe(viaOriginal.event, false), describe(expected.event, false));

    // From the ECS fields alone: the same event, @timestamp being millisecond precision.
    const RecordOutcome viaFields = EcsRecordNormaliser::normalise(toEcs(raw, false));
    QCOMPARE(static_cast<int>(viaFields.kind), static_cast<int>(RecordOutcome::Kind::Accepted));
    QCOMPARE(describe(viaFields.event, true), describe(expected.event, true));
}

QTEST_GUILESS_MAIN(TestEcs)
#include "tst_ecs.moc"
