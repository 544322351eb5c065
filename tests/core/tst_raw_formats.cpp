// Raw AuditEvent records in every layout Azure writes them (formats.md §0 A–D, §2, §3), and bad input.
#include "common/CaseFixture.h"
#include "common/RecordFactory.h"
#include "common/TestSupport.h"
#include "core/query/EventQuery.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>

using namespace kvw;

namespace {

std::string jsonl(const std::vector<std::string>& records)
{
    std::string s;
    for (const auto& r : records) {
        s += r + "\n";
    }
    return s;
}

std::vector<std::string> threeRecords()
{
    test::RawRecordSpec a;
    test::RawRecordSpec b;
    b.time = "2026-11-03T10:16:00.5Z";
    b.operation = "SecretList";
    b.correlationId = "cccccccc-0000-0000-0000-000000000004";
    b.status = 403;
    test::RawRecordSpec c;
    c.time = "2026-11-03T11:00:00Z";
    c.vault = "KV-HR";
    c.operation = "KeyGet";
    c.correlationId = "cccccccc-0000-0000-0000-000000000005";
    c.longClaims = true;
    c.upn = "alice@contoso.example";
    c.durationAsNumber = true;
    return {test::RecordFactory::raw(a), test::RecordFactory::raw(b), test::RecordFactory::raw(c)};
}

std::string join(const std::vector<std::string>& v, const std::string& sep)
{
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) {
        s += (i ? sep : "") + v[i];
    }
    return s;
}

} // namespace

class TestRawFormats : public QObject
{
    Q_OBJECT

private slots:
    void layouts_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("format");
        const auto r = threeRecords();
        QTest::addRow("JSON Lines (PT1H.json after 2018-11)") << QString::fromStdString(jsonl(r))
                                                               << "auditevent-jsonlines";
        QTest::addRow("JSON Lines with CRLF and a BOM")
            << QString::fromStdString("\xEF\xBB\xBF" + join(r, "\r\n") + "\r\n") << "auditevent-jsonlines";
        QTest::addRow("{\"records\"} document, pretty printed")
            << QString::fromStdString("{\n  \"records\": [\n    " + join(r, ",\n    ") + "\n  ]\n}\n")
            << "auditevent-records";
        QTest::addRow("{\"records\"} documents, one per line (Event Hub dump)")
            << QString::fromStdString("{\"records\":[" + r[0] + "," + r[1] + "]}\n{\"records\":[" + r[2] + "]}\n")
            << "auditevent-records";
        QTest::addRow("{\"records\"} documents concatenated")
            << QString::fromStdString("{\"records\":[" + r[0] + "]}{\n\"records\":[" + r[1] + "," + r[2] + "]}")
            << "auditevent-records";
        QTest::addRow("plain JSON array") << QString::fromStdString("[\n" + join(r, ",\n") + "\n]") << "auditevent-array";
    }

    void layouts()
    {
        QFETCH(QString, content);
        QFETCH(QString, format);
        test::CaseFixture fx;
        const auto file = test::writeFile(fx.dir(), "bundle/PT1H.json", content.toStdString());
        const auto report = fx.ingest({file});
        QCOMPARE(report.totals.errors, 0);
        QCOMPARE(report.totals.inserted, 3);
        const auto s = fx.summary();
        QCOMPARE(s.events, 3);
        QCOMPARE(s.byVault.at("kv-payments"), 2);
        QCOMPARE(s.byVault.at("kv-hr"), 1);
        QCOMPARE(s.failed, 1);
        QCOMPARE(s.first->toIso(), std::string("2026-11-03T10:15:30.1234567Z"));
        QCOMPARE(s.last->toIso(), std::string("2026-11-03T11:00:00.000Z"));
        QCOMPARE(QString::fromStdString(s.files.at(0).format), format);
    }

    void normalisedFields()
    {
        test::CaseFixture fx;
        const auto file = test::writeFile(fx.dir(), "a.json", jsonl(threeRecords()));
        (void)fx.ingest({file});
        core::EventFilter f;
        f.vaults = {"kv-hr"};
        auto rows = core::EventQuery(fx.caseFile()).page(f, core::EventQuery::Sort::Time, false, 0, 10);
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t(1));
        const core::Event& e = rows->at(0).event;
        QCOMPARE(e.subscription, std::string("11111111-2222-3333-4444-555555555555"));
        QCOMPARE(e.resourceGroup, std::string("rg-prod"));
        QCOMPARE(e.resourceType, core::ResourceType::Vault);
        QCOMPARE(e.operationClass, core::OperationClass::Read);
        QCOMPARE(e.objectType, core::ObjectType::Secret);
        QCOMPARE(e.objectName, std::string("db-password"));
        QCOMPARE(e.objectVersion, std::string("0123456789abcdef0123456789abcdef"));
        // Long URI claim names resolve like short ones.
        QCOMPARE(e.identityObjectId, std::string("aaaaaaaa-0000-0000-0000-000000000001"));
        QCOMPARE(e.identityUpn, std::string("alice@contoso.example"));
        QCOMPARE(e.identityKind, core::IdentityKind::User);
        QCOMPARE(e.durationMs.value(), std::int64_t(12));
        QCOMPARE(e.httpStatus.value(), 200);
        QCOMPARE(e.tlsVersion, std::string("TLS1_3"));
        QCOMPARE(e.isRbacAuthorized.value(), true);
        // The original record is kept byte for byte.
        auto raw = fx.caseFile().rawRecord(rows->at(0).id);
        QVERIFY(raw.ok());
        QCOMPARE(*raw, threeRecords()[2]);
    }

    void managedHsmDocumentSample()
    {
        // The Managed HSM doc sample shape: array, identity as JSON text, durationMs a number, properties flattened.
        nlohmann::ordered_json r;
        r["TenantId"] = "t";
        r["time"] = "2026-11-04T01:02:03.456Z";
        r["resourceId"] = "/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/MANAGEDHSMS/CONTOSOHSM";
        r["operationName"] = "SecurityDomainBackup";
        r["operationVersion"] = "7.4";
        r["category"] = "AuditEvent";
        r["resultType"] = "Success";
        r["resultSignature"] = "OK";
        r["durationMs"] = 488;
        r["callerIpAddress"] = "203.0.113.9";
        r["identity"] = nlohmann::json{{"claim", {{"oid", "OID-1"}, {"appid", "APP-1"}}}}.dump();
        r["clientInfo"] = "ua";
        r["httpStatusCode"] = 200;
        r["requestUri"] = "https://contosohsm.managedhsm.azure.net/securitydomain/download?api-version=7.4";
        r["properties"] = {{"PoolType", "M-HSM"}};
        const std::string hsm = nlohmann::ordered_json::array({r}).dump(2);
        test::CaseFixture fx;
        (void)fx.ingest({test::writeFile(fx.dir(), "hsm.json", hsm)});
        auto rows = core::EventQuery(fx.caseFile()).page({}, core::EventQuery::Sort::Time, false, 0, 10);
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t(1));
        const core::Event& e = rows->at(0).event;
        QCOMPARE(e.resourceType, core::ResourceType::ManagedHsm);
        QCOMPARE(e.vault, std::string("contosohsm"));
        QCOMPARE(e.operationClass, core::OperationClass::Backup);
        QCOMPARE(e.httpStatus.value(), 200);
        QCOMPARE(e.durationMs.value(), std::int64_t(488));
        QCOMPARE(e.identityObjectId, std::string("oid-1"));
        QCOMPARE(e.identityAppId, std::string("app-1"));
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<int>("inserted");
        QTest::addColumn<int>("errorLine");
        QTest::addColumn<QString>("messagePart");
        const auto r = threeRecords();
        QTest::addRow("malformed line 2 is skipped, the rest loads")
            << QString::fromStdString(r[0] + "\n{\"time\": broken\n" + r[1] + "\n" + r[2] + "\n") << 3 << 2
            << "malformed JSON";
        QTest::addRow("record without time is rejected")
            << QString::fromStdString(r[0] + "\n{\"operationName\":\"SecretGet\",\"resourceId\":\"/x\"}\n") << 1 << 2
            << "no time";
        QTest::addRow("unreadable time is rejected")
            << QString::fromStdString(r[0] + "\n{\"time\":\"yesterday\",\"operationName\":\"SecretGet\"}\n") << 1 << 2
            << "unreadable time";
        QTest::addRow("truncated records document keeps the whole records")
            << QString::fromStdString("{\"records\":[\n" + r[0] + ",\n" + r[1] + ",\n" + r[2].substr(0, 80)) << 2 << 4
            << "truncated JSON document";
        QTest::addRow("partial last line of a blob copied mid-hour")
            << QString::fromStdString(r[0] + "\n" + r[1] + "\n" + r[2].substr(0, 50)) << 2 << 3 << "malformed JSON";
        QTest::addRow("first line broken, JSON Lines still recognised")
            << QString::fromStdString(r[0].substr(0, 40) + "\n" + r[1] + "\n" + r[2] + "\n") << 2 << 1
            << "malformed JSON";
        QTest::addRow("number too large for a double is rejected, the rest loads")
            << QString::fromStdString(r[0] + "\n{\"time\": 9e4652}\n" + r[1] + "\n") << 2 << 2 << "number overflow";
        QTest::addRow("object that is no known record")
            << QString::fromStdString(r[0] + "\n{\"hello\":\"world\"}\n") << 1 << 2 << "unrecognised JSON record";
    }

    void badInput()
    {
        QFETCH(QString, content);
        QFETCH(int, inserted);
        QFETCH(int, errorLine);
        QFETCH(QString, messagePart);
        test::CaseFixture fx;
        const auto file = test::writeFile(fx.dir(), "bad.json", content.toStdString());
        const auto report = fx.ingest({file});
        QCOMPARE(report.totals.inserted, inserted);
        QCOMPARE(report.totals.rejected, 1);
        QCOMPARE(report.errors.size(), std::size_t(1));
        QCOMPARE(report.errors[0].file, file);
        QCOMPARE(report.errors[0].line, std::int64_t(errorLine));
        QVERIFY2(QString::fromStdString(report.errors[0].message).contains(messagePart),
                 report.errors[0].message.c_str());
        // The error is in the case's history too.
        const auto s = fx.summary();
        QCOMPARE(s.errorCount, 1);
        QCOMPARE(s.errors.at(0).line, std::int64_t(errorLine));
    }

    void otherCategoriesAndProvidersAreSkipped()
    {
        const auto r = threeRecords();
        std::string policy = r[0];
        policy.replace(policy.find("AuditEvent"), 10, "AzurePolicyEvaluationDetails");
        std::string storage = r[1];
        storage.replace(storage.find("MICROSOFT.KEYVAULT/VAULTS"), 25, "MICROSOFT.STORAGE/STORAGEACCOUNTS");
        test::CaseFixture fx;
        const auto report = fx.ingest({test::writeFile(fx.dir(), "m.json", jsonl({policy, storage, r[2]}))});
        QCOMPARE(report.totals.inserted, 1);
        QCOMPARE(report.totals.skipped, 2);
        QCOMPARE(report.totals.errors, 0);
    }

    void unknownOperationKeptVerbatim()
    {
        test::RawRecordSpec s;
        s.operation = "EkmProxyOperationFuture";
        test::CaseFixture fx;
        (void)fx.ingest({test::writeFile(fx.dir(), "u.json", test::RecordFactory::raw(s) + "\n")});
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM events WHERE operation='EkmProxyOperationFuture' AND op_class='other'"),
                 std::int64_t(1));
    }

    void oversizedLineIsRejectedNotLoaded()
    {
        const auto r = threeRecords();
        core::IngestOptions options;
        options.json.maxLineBytes = 4096;
        const std::string huge = "{\"time\":\"" + std::string(10000, 'x') + "\"}";
        test::CaseFixture fx;
        const auto report = fx.ingest({test::writeFile(fx.dir(), "big.json", jsonl({r[0], huge, r[1]}))}, options);
        QCOMPARE(report.totals.inserted, 2);
        QCOMPARE(report.totals.rejected, 1);
        QCOMPARE(report.errors.at(0).line, std::int64_t(2));
    }

    void publicSekoiaSamples()
    {
        const std::string shared = test::sharedDir();
        if (shared.empty()) {
            QSKIP("../shared/samples is absent: public sample test skipped");
        }
        const std::string dir = shared + "/samples/schema/SEKOIA-IO_intake-formats";
        test::CaseFixture fx;
        const auto report = fx.ingest({dir});
        // 32 fixture files, each one record wrapped as {"input":{"message":"<raw record>"}}.
        QCOMPARE(report.totals.files, 32);
        QCOMPARE(report.totals.errors, 0);
        QCOMPARE(report.totals.records, 32);
        // key_delete.json and key_delete_1.json carry the same record.
        QCOMPARE(report.totals.duplicates, 1);
        QCOMPARE(fx.summary().events, 31);
        // The derived JSON Lines and {"records"} files are the same 32 records: nothing new.
        const auto again = fx.ingest({shared + "/samples/schema/derived"});
        QCOMPARE(again.totals.errors, 0);
        QCOMPARE(again.totals.records, 64);
        QCOMPARE(again.totals.inserted, 0);
        QCOMPARE(fx.summary().events, 31);
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM events WHERE http_status >= 400"), std::int64_t(10));
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM events WHERE result_type <> 'Success'"), std::int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestRawFormats)
#include "tst_raw_formats.moc"
