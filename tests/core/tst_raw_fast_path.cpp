// The simdjson ingest hot path (RawRecordNormaliser::normaliseText) against the nlohmann reference: same outcome,
// same reason, same event, field by field; and it declines every shape it is not sure about.
#include "core/ingest/RawRecordNormaliser.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <utility>
#include <vector>

using namespace kvw::core;

namespace {

const std::string kVault = "/SUBSCRIPTIONS/00000000-0000-0000-0000-0000000000AA/RESOURCEGROUPS/RG-ONE/PROVIDERS/"
                           "MICROSOFT.KEYVAULT/VAULTS/KV-FAST";

std::string record(const std::string& extraTop, const std::string& props, const std::string& identity)
{
    return R"({"time":"2026-11-03T10:15:30.1234567Z","category":"AuditEvent","operationName":"SecretGet",)"
           R"("resultType":"Success","correlationId":"c-1","callerIpAddress":"203.0.113.7",)" +
           (identity.empty() ? std::string() : "\"identity\":" + identity + ",") +
           (props.empty() ? std::string() : "\"properties\":" + props + ",") + R"("resourceId":")" + kVault +
           R"(","operationVersion":"7.4","resultSignature":"OK","durationMs":12)" + extraTop + "}";
}

// Named rows built outside the test class (moc does not read raw string literals well).
struct RowList
{
    struct Adder
    {
        RowList& list;
        const char* name;
        void operator<<(const QString& text) { list.rows.emplace_back(name, text); }
    };
    Adder add(const char* name) { return Adder{*this, name}; }
    std::vector<std::pair<const char*, QString>> rows;
};

std::string describe(const RecordOutcome& o)
{
    const Event& e = o.event;
    auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string("-"); };
    return std::to_string(static_cast<int>(o.kind)) + "|" + o.reason + "|" + e.time.toIso() + "|" + e.resourceId +
           "|" + e.subscription + "|" + e.resourceGroup + "|" + toString(e.resourceType) + "|" + e.vault + "|" +
           e.operation + "|" + e.operationVersion + "|" + toString(e.operationClass) + "|" + toString(e.objectType) +
           "|" + e.objectName + "|" + e.objectVersion + "|" + opt(e.httpStatus) + "|" + e.resultType + "|" +
           e.resultSignature + "|" + e.resultDescription + "|" + opt(e.durationMs) + "|" + e.callerIp + "|" +
           e.identityObjectId + "|" + e.identityUpn + "|" + e.identityAppId + "|" + toString(e.identityKind) + "|" +
           e.clientInfo + "|" + e.requestUri + "|" + e.objectUri + "|" + e.correlationId + "|" + e.tlsVersion + "|" +
           opt(e.isRbacAuthorized) + "|" + opt(e.isAccessPolicyMatch) + "|" + e.trustedService;
}

RowList acceptedRows()
{
    RowList rows;
    const std::string props =
        R"({"id":"https://kv-fast.vault.azure.net/secrets/db-pass/0123abcd","clientInfo":"azsdk/1.0",)"
        R"("requestUri":"https://kv-fast.vault.azure.net/secrets/db-pass?api-version=7.4","httpStatusCode":200,)"
        R"("isRbacAuthorized":true,"isAccessPolicyMatch":"False","tlsVersion":"TLS1_2","trustedService":""})";
    const std::string claims = R"({"claim":{"oid":"AAAA-OID","upn":"Ann@Example.com","appid":"APP-1",)"
                               R"("http://schemas.microsoft.com/identity/claims/objectidentifier":"zzz"}})";
    rows.add("full record") << QString::fromStdString(record("", props, claims));
    rows.add("no identity, no properties") << QString::fromStdString(record("", "", ""));
    rows.add("identity as JSON text")
        << QString::fromStdString(record("", props, R"("{\"claim\":{\"oid\":\"x-oid\",\"idtyp\":\"app\"}}")"));
    rows.add("status as text") << QString::fromStdString(record("", R"({"httpStatusCode":" 403 "})", ""));
    rows.add("status as float") << QString::fromStdString(record("", R"({"httpStatusCode":404.0})", ""));
    rows.add("status out of range") << QString::fromStdString(record("", R"({"httpStatusCode":42})", ""));
    rows.add("status null, bools odd")
        << QString::fromStdString(record("", R"({"httpStatusCode":null,"isRbacAuthorized":"yes"})", ""));
    rows.add("properties not an object") << QString::fromStdString(record("", "[1,2]", ""));
    rows.add("numbers as text fields")
        << QString::fromStdString(R"({"time":"2026-11-03T10:15:30Z","operationName":"KeySign","resultType":7,)"
                                  R"("resultSignature":2.5,"resultDescription":{"a":[1,true,null]},)"
                                  R"("correlationId":1e3,"durationMs":"15","resourceId":")" +
                                  kVault + R"("})");
    rows.add("duration float") << QString::fromStdString(record(R"(,"level":"Informational")", "", ""))
                                            .replace("\"durationMs\":12", "\"durationMs\":12.9");
    rows.add("other category is skipped")
        << QString::fromStdString(record("", "", "")).replace("AuditEvent", "AzurePolicyEvaluationDetails");
    rows.add("not a vault is skipped")
        << QString::fromStdString(record("", "", "")).replace("MICROSOFT.KEYVAULT", "MICROSOFT.STORAGE");
    rows.add("bad time is rejected")
        << QString::fromStdString(record("", "", "")).replace("2026-11-03T10:15:30.1234567Z", "yesterday");
    rows.add("empty time is rejected")
        << QString::fromStdString(record("", "", "")).replace("2026-11-03T10:15:30.1234567Z", "");
    rows.add("empty operation is rejected")
        << QString::fromStdString(record("", "", "")).replace("\"SecretGet\"", "\"\"");
    rows.add("unicode escapes")
        << QString::fromStdString(record("", R"({"clientInfo":"caf\u00e9 \ud83d\ude00 \"q\""})", ""));
    rows.add("managed HSM")
        << QString::fromStdString(record("", "", ""))
               .replace("MICROSOFT.KEYVAULT/VAULTS/KV-FAST", "MICROSOFT.KEYVAULT/MANAGEDHSMS/HSM-ONE");
    return rows;
}

RowList declinedRows()
{
    RowList rows;
    rows.add("invalid JSON") << QString::fromStdString(record("", "", "")).chopped(1);
    rows.add("not an object") << QString("[1,2,3]");
    rows.add("PascalCase key") << QString::fromStdString(record(R"(,"ResultType":"x")", "", ""));
    rows.add("unknown key") << QString::fromStdString(record(R"(,"TimeGenerated":"x")", "", ""));
    rows.add("repeated top-level key") << QString::fromStdString(record(R"(,"time":"x")", "", ""));
    rows.add("repeated property")
        << QString::fromStdString(record("", R"({"httpStatusCode":200,"httpStatusCode":500})", ""));
    rows.add("properties as JSON text") << QString::fromStdString(record("", R"("{\"id\":\"x\"}")", ""));
    rows.add("no time key")
        << QString::fromStdString(record("", "", "")).replace("\"time\":", "\"timeX\":");
    rows.add("records wrapper") << QString(R"({"records":[]})");
    rows.add("raw control byte in a string")
        << QString::fromStdString(record("", R"({"clientInfo":"a)" "\x01" R"(b"})", ""));
    rows.add("ECS document") << QString(R"({"@timestamp":"2026-11-03T10:15:30Z","operationName":"x"})");
    return rows;
}

} // namespace

class TestRawFastPath : public QObject
{
    Q_OBJECT

private slots:
    void sameAsReference_data()
    {
        QTest::addColumn<QString>("text");
        for (const auto& [name, text] : acceptedRows().rows) {
            QTest::newRow(name) << text;
        }
    }

    void sameAsReference()
    {
        QFETCH(QString, text);
        const std::string t = text.toStdString();
        const auto fast = RawRecordNormaliser::normaliseText(t);
        QVERIFY2(fast.has_value(), t.c_str());
        const auto parsed = nlohmann::json::parse(t);
        QVERIFY(RawRecordNormaliser::looksLikeRawRecord(parsed));
        const RecordOutcome reference = RawRecordNormaliser::normalise(parsed);
        QCOMPARE(describe(*fast), describe(reference));
    }

    void declines_data()
    {
        QTest::addColumn<QString>("text");
        for (const auto& [name, text] : declinedRows().rows) {
            QTest::newRow(name) << text;
        }
    }

    void declines()
    {
        QFETCH(QString, text);
        QVERIFY(!RawRecordNormaliser::normaliseText(text.toStdString()).has_value());
    }
};

QTEST_APPLESS_MAIN(TestRawFastPath)
#include "tst_raw_fast_path.moc"
