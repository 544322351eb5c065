// Entity profiles over a case written with EventWriter: exact counts, spans, ranked lists, timelines, identity
// unification (object id / UPN / app id), related Defender alerts by IP and by AAD user id, related findings,
// threat-intel matches, and the EventFilter scope.
#include "common/CaseFixture.h"
#include "core/analytics/entities/EntityProfileQuery.h"
#include "core/analytics/intel/CaseAuxiliaryImporter.h"
#include "core/ingest/InputStream.h"
#include "core/store/EventWriter.h"

#include <QtTest>
#include <algorithm>
#include <nlohmann/json.hpp>

using namespace kvw;
using core::EntityKind;
using core::EntityProfile;
using core::Timestamp;

Q_DECLARE_METATYPE(core::EntityKind)

namespace {

const std::string Alice = "aaaaaaaa-0000-0000-0000-000000000001";
const std::string AliceUpn = "alice@contoso.example";
const std::string CliApp = "bbbbbbbb-0000-0000-0000-000000000002";
const std::string Robot = "eeeeeeee-0000-0000-0000-000000000005";
const std::string Bob = "ffffffff-0000-0000-0000-000000000006";

Timestamp at(int day, int hour, int minute = 0)
{
    return Timestamp::fromCivil(2026, 11, day, hour, minute);
}

struct Spec
{
    Timestamp time;
    std::string vault;
    std::string operation;
    int status;
    std::string ip;
    std::string oid;
    std::string upn;
    std::string appid;
    std::string object;
};

core::Event makeEvent(const Spec& s, int n)
{
    core::Event e;
    e.time = s.time;
    e.subscription = "11111111-2222-3333-4444-555555555555";
    e.resourceGroup = "rg-prod";
    e.resourceType = core::ResourceType::Vault;
    e.vault = s.vault;
    e.resourceId = "/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-PROD/PROVIDERS/"
                   "MICROSOFT.KEYVAULT/VAULTS/" +
                   QString::fromStdString(s.vault).toUpper().toStdString();
    e.operation = s.operation;
    e.httpStatus = s.status;
    e.callerIp = s.ip;
    e.identityObjectId = s.oid;
    e.identityUpn = s.upn;
    e.identityAppId = s.appid;
    e.objectName = s.object;
    e.objectType = s.object.empty() ? core::ObjectType::Vault : core::ObjectType::Secret;
    e.correlationId = "corr-" + std::to_string(n);
    return e;
}

// Seven events over three days (see each line), two alerts, a STIX list, a Tor list and two findings.
void buildCase(core::CaseFile& c)
{
    const std::vector<Spec> specs{
        {at(3, 10, 0), "kv-payments", "SecretList", 200, "203.0.113.7", Alice, AliceUpn, CliApp, ""},
        {at(3, 10, 1), "kv-payments", "SecretGet", 200, "203.0.113.7", Alice, AliceUpn, CliApp, "db-password"},
        {at(3, 10, 2), "kv-payments", "SecretGet", 403, "203.0.113.7", Alice, AliceUpn, CliApp, "api-key"},
        {at(4, 9, 0), "kv-hr", "SecretGet", 200, "198.51.100.20", Alice, AliceUpn, CliApp, "hr-secret"},
        {at(4, 12, 0), "kv-payments", "SecretGet", 200, "10.0.0.4", "", "", Robot, "DB-Password"},
        {at(5, 8, 0), "kv-payments", "VaultGet", 401, "203.0.113.7", "", "", "", ""},
        {at(5, 9, 30), "kv-hr", "SecretGet", 200, "185.220.101.4", Bob, "bob@contoso.example", CliApp, "hr-secret"},
    };
    core::EventWriter writer(c, 3);
    QVERIFY(writer.beginFile("events.json", 0, "").ok());
    writer.setFormat(core::SourceFormat::RawJsonLines);
    for (std::size_t i = 0; i < specs.size(); ++i) {
        writer.addEvent(makeEvent(specs[i], static_cast<int>(i)), static_cast<std::int64_t>(i + 1), "{}");
        if (writer.needsFlush()) {
            QVERIFY(writer.flush().ok());
        }
    }
    QVERIFY(writer.finishFile(true).ok());
    QCOMPARE(writer.counts().inserted, std::int64_t{7});

    core::CaseAuxiliaryImporter importer(c);
    const std::int64_t fileId = writer.currentFileId();
    // Alert 1 names the IP; alert 2 names Alice only by her AAD user id (upper-case, as Defender writes it);
    // alert 3 is about kv-hr by resource id only; alert 4 is another vault's.
    const nlohmann::json alerts = nlohmann::json::array({
        {{"SystemAlertId", "alert-ip"},
         {"AlertType", "KV_SuspiciousIPAccess"},
         {"AlertDisplayName", "Access from a suspicious IP address to a key vault"},
         {"Severity", "Medium"},
         {"StartTimeUtc", "2026-11-03T10:00:00Z"},
         {"EndTimeUtc", "2026-11-03T10:45:00Z"},
         {"AlertUri", "https://portal.azure.com/#alert/alert-ip"},
         {"Entities", {{{"$id", "1"}, {"Type", "ip"}, {"Address", "203.0.113.7"}}}}},
        {{"SystemAlertId", "alert-user"},
         {"AlertType", "SIMULATED_KV_UserAnomaly"},
         {"AlertDisplayName", "[SAMPLE ALERT] Unusual user accessed a key vault"},
         {"Severity", "Low"},
         {"StartTimeUtc", "2026-11-04T09:00:00Z"},
         {"EndTimeUtc", "2026-11-04T09:05:00Z"},
         {"Entities", {{{"$id", "1"}, {"Type", "account"}, {"AadUserId", "AAAAAAAA-0000-0000-0000-000000000001"}}}}},
        {{"SystemAlertId", "alert-hr"},
         {"AlertType", "KV_TORAccess"},
         {"Severity", "Medium"},
         {"StartTimeUtc", "2026-11-05T09:30:00Z"},
         {"AzureResourceId", "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-prod/providers/"
                             "Microsoft.KeyVault/vaults/KV-HR"}},
        {{"SystemAlertId", "alert-other"},
         {"AlertType", "KV_AppAnomaly"},
         {"Severity", "Medium"},
         {"StartTimeUtc", "2026-11-05T09:30:00Z"},
         {"AzureResourceId", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-other"},
         {"Entities", {{{"$id", "1"}, {"Type", "ip"}, {"Address", "192.0.2.1"}}}}},
    });
    for (const auto& a : alerts) {
        QVERIFY(importer.importRecord(core::OtherRecordKind::SecurityAlert, a, "alerts.json", 1, fileId).ok());
    }
    const nlohmann::json bundle{{"type", "bundle"},
                                {"id", "bundle--1"},
                                {"objects",
                                 {{{"type", "indicator"},
                                   {"id", "indicator--1"},
                                   {"description", "Hosting range used by the actor"},
                                   {"pattern", "[ipv4-addr:value ISSUBSET '203.0.113.0/24']"},
                                   {"modified", "2026-11-01T00:00:00Z"},
                                   {"valid_from", "2026-11-01T00:00:00Z"},
                                   {"valid_until", "2026-11-04T00:00:00Z"},
                                   {"confidence", 60}},
                                  {{"type", "indicator"},
                                   {"id", "indicator--2"},
                                   {"description", "NAT range"},
                                   {"pattern", "[ipv4-addr:value = '10.0.0.4']"},
                                   {"valid_from", "2026-11-01T00:00:00Z"}}}}};
    QVERIFY(importer.importRecord(core::OtherRecordKind::ThreatIndicator, bundle, "intel/stix.json", 1, fileId).ok());
    QVERIFY(importer.finishFile(fileId).ok());
    auto torFile = c.db().prepare("INSERT INTO files(path, status) VALUES('tor/exit-addresses', 'complete')");
    torFile.run();
    const std::int64_t torId = c.db().lastInsertRowId();
    const std::string tor = "ExitNode ABC\nPublished 2026-11-05 00:00:00\n"
                            "ExitAddress 185.220.101.4 2026-11-05 01:00:00\n";
    std::size_t pos = 0;
    core::InputStream in([&tor, &pos](char* buf, std::size_t cap) -> core::Result<std::size_t> {
        const std::size_t n = std::min(cap, tor.size() - pos);
        std::copy_n(tor.data() + pos, n, buf);
        pos += n;
        return n;
    });
    QVERIFY(importer.importTextList(in, "tor/exit-addresses", torId).ok());

    auto finding = c.db().prepare("INSERT INTO findings(rule_id, title, severity, start_time, end_time, detail_json) "
                                  "VALUES(?,?,?,?,?,?)");
    finding.bind(1, "kv-mass-retrieval")
        .bind(2, "Mass secret retrieval")
        .bind(3, "High")
        .bind(4, at(3, 10, 0).ticks())
        .bind(5, at(3, 10, 2).ticks())
        .bind(6, nlohmann::json{{"entities",
                                 {{"ips", {"203.0.113.7"}},
                                  {"identities", {Alice}},
                                  {"apps", {CliApp}},
                                  {"objects", {"db-password", "api-key"}}}},
                                {"vaults", {"kv-payments"}}}
                     .dump());
    finding.run();
    finding.reset();
    finding.bind(1, "kv-tor")
        .bind(2, "Access from a Tor exit node")
        .bind(3, "Medium")
        .bind(4, at(5, 9, 30).ticks())
        .bind(5, at(5, 9, 30).ticks())
        .bind(6,
              nlohmann::json{{"entities", {{"ips", {"185.220.101.4"}}, {"identities", {Bob}}}}, {"vaults", {"kv-hr"}}}
                  .dump());
    finding.run();
}

QStringList counts(const std::vector<core::EntityCount>& list)
{
    QStringList out;
    for (const auto& c : list) {
        out << QStringLiteral("%1=%2").arg(QString::fromStdString(c.value)).arg(c.count);
    }
    return out;
}

QStringList timeline(const EntityProfile& p)
{
    QStringList out;
    for (const auto& d : p.timeline) {
        out << QStringLiteral("%1 %2/%3")
                   .arg(QString::fromStdString(d.day.toIso().substr(0, 10)))
                   .arg(d.events)
                   .arg(d.failed);
    }
    return out;
}

QStringList alerts(const EntityProfile& p)
{
    QStringList out;
    for (const auto& a : p.relatedAlerts) {
        out << QString::fromStdString(a.systemAlertId + " (" + a.matchedOn + ")" + (a.isSample ? " sample" : ""));
    }
    return out;
}

QStringList findings(const EntityProfile& p)
{
    QStringList out;
    for (const auto& f : p.relatedFindings) {
        out << QString::fromStdString(f.ruleId);
    }
    return out;
}

QStringList intel(const EntityProfile& p)
{
    QStringList out;
    for (const auto& t : p.threatIntel) {
        out << QString::fromStdString(t.ip + " in " + t.list + " as " + t.indicator +
                                      (t.inWindow ? "" : " (outside window)"));
    }
    return out;
}

} // namespace

class TestEntities : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::CaseFixture> m_fx;

    EntityProfile profile(EntityKind kind, const std::string& key, const core::EventFilter& filter = {})
    {
        auto p = core::EntityProfileQuery::run(m_fx->caseFile(), filter, kind, key);
        if (!p) {
            qWarning("%s", p.error().toString().c_str());
            return {};
        }
        return *p;
    }

private slots:
    void initTestCase()
    {
        m_fx = std::make_unique<test::CaseFixture>();
        buildCase(m_fx->caseFile());
    }

    void ipProfile()
    {
        const EntityProfile p = profile(EntityKind::Ip, "203.0.113.7");
        QCOMPARE(p.events, std::int64_t{4});
        QCOMPARE(p.failed, std::int64_t{2});
        QCOMPARE(p.first, std::optional<Timestamp>(at(3, 10, 0)));
        QCOMPARE(p.last, std::optional<Timestamp>(at(5, 8, 0)));
        QCOMPARE(p.keyUsed, std::string("caller_ip"));
        QCOMPARE(counts(p.vaults), QStringList{"kv-payments=4"});
        QCOMPARE(counts(p.operations), (QStringList{"SecretGet=2", "SecretList=1", "VaultGet=1"}));
        QCOMPARE(counts(p.identities), QStringList{Alice.c_str() + QStringLiteral("=3")});
        QCOMPARE(counts(p.objects), (QStringList{"api-key=1", "db-password=1"}));
        QCOMPARE(timeline(p), (QStringList{"2026-11-03 3/1", "2026-11-05 1/1"}));
        QCOMPARE(alerts(p), QStringList{"alert-ip (ip 203.0.113.7)"});
        QCOMPARE(findings(p), QStringList{"kv-mass-retrieval"});
        // The /24 is listed until 11-04 00:00; the IP was active 11-03 .. 11-05, so the window overlaps.
        QCOMPARE(intel(p), QStringList{"203.0.113.7 in stix.json as 203.0.113.0/24"});
        QCOMPARE(p.threatIntel.front().confidence, std::optional<int>(60));
        QCOMPARE(p.threatIntel.front().description, std::string("Hosting range used by the actor"));
    }

    void identityKeysAreUnified_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("keyUsed");
        QTest::addRow("object id") << QString::fromStdString(Alice) << "object_id";
        QTest::addRow("object id, upper-case") << QString::fromStdString(Alice).toUpper() << "object_id";
        QTest::addRow("UPN, mixed case") << "Alice@Contoso.Example"
                                         << "upn";
    }

    void identityKeysAreUnified()
    {
        QFETCH(QString, key);
        QFETCH(QString, keyUsed);
        const EntityProfile p = profile(EntityKind::Identity, key.toStdString());
        QCOMPARE(QString::fromStdString(p.keyUsed), keyUsed);
        QCOMPARE(p.events, std::int64_t{4});
        QCOMPARE(p.failed, std::int64_t{1});
        QCOMPARE(p.first, std::optional<Timestamp>(at(3, 10, 0)));
        QCOMPARE(p.last, std::optional<Timestamp>(at(4, 9, 0)));
        QCOMPARE(counts(p.vaults), (QStringList{"kv-payments=3", "kv-hr=1"}));
        QCOMPARE(counts(p.ips), (QStringList{"203.0.113.7=3", "198.51.100.20=1"}));
        QCOMPARE(counts(p.identities), QStringList{Alice.c_str() + QStringLiteral("=4")});
        QCOMPARE(counts(p.appIds), QStringList{CliApp.c_str() + QStringLiteral("=4")});
        if (keyUsed == "upn") {
            QCOMPARE(counts(p.objectIds), QStringList{Alice.c_str() + QStringLiteral("=4")});
            QCOMPARE(counts(p.upns), QStringList{});
        } else {
            QCOMPARE(counts(p.objectIds), QStringList{});
            QCOMPARE(counts(p.upns), QStringList{"alice@contoso.example=4"});
        }
        QCOMPARE(timeline(p), (QStringList{"2026-11-03 3/1", "2026-11-04 1/0"}));
        // Alert 2 names Alice by AAD user id only; the IP alert is not about her identity.
        QCOMPARE(alerts(p), QStringList{"alert-user (account " + QString::fromStdString(Alice) + ") sample"});
        QCOMPARE(findings(p), QStringList{"kv-mass-retrieval"});
        QCOMPARE(intel(p), QStringList{"203.0.113.7 in stix.json as 203.0.113.0/24"});
    }

    void vaultProfile()
    {
        const EntityProfile p = profile(EntityKind::Vault, "KV-HR");
        QCOMPARE(p.events, std::int64_t{2});
        QCOMPARE(p.failed, std::int64_t{0});
        QCOMPARE(counts(p.identities),
                 (QStringList{Alice.c_str() + QStringLiteral("=1"), Bob.c_str() + QStringLiteral("=1")}));
        QCOMPARE(counts(p.objects), QStringList{"hr-secret=2"});
        QCOMPARE(alerts(p), QStringList{"alert-hr (azure-resource /subscriptions/11111111-2222-3333-4444-555555555555/"
                                        "resourcegroups/rg-prod/providers/microsoft.keyvault/vaults/kv-hr)"});
        QCOMPARE(findings(p), QStringList{"kv-tor"});
        QCOMPARE(intel(p), QStringList{"185.220.101.4 in exit-addresses as 185.220.101.4"});
        QCOMPARE(p.threatIntel.front().listKind, std::string("tor"));
        QCOMPARE(p.threatIntel.front().listDate, std::string("2026-11-05T01:00:00.000Z"));
    }

    void appAndObjectProfiles()
    {
        const EntityProfile app = profile(EntityKind::Application, Robot);
        QCOMPARE(app.events, std::int64_t{1});
        QCOMPARE(app.keyUsed, std::string("app_id"));
        QCOMPARE(counts(app.ips), QStringList{"10.0.0.4=1"});
        QCOMPARE(intel(app), QStringList{}); // private addresses never match (the NAT indicator was dropped)
        QCOMPARE(alerts(app), QStringList{});

        const EntityProfile cli = profile(EntityKind::Application, CliApp);
        QCOMPARE(cli.events, std::int64_t{5});
        QCOMPARE(findings(cli), QStringList{"kv-mass-retrieval"});

        const EntityProfile operation = profile(EntityKind::Operation, "secretget");
        QCOMPARE(operation.keyUsed, std::string("operation"));
        QCOMPARE(operation.events, std::int64_t{5});
        QCOMPARE(operation.failed, std::int64_t{1});
        QCOMPARE(counts(operation.vaults), (QStringList{"kv-payments=3", "kv-hr=2"}));

        const EntityProfile object = profile(EntityKind::Object, "db-password");
        QCOMPARE(object.events, std::int64_t{2}); // object names compare case-insensitively
        QCOMPARE(counts(object.identities),
                 (QStringList{Alice.c_str() + QStringLiteral("=1"), Robot.c_str() + QStringLiteral("=1")}));
        QCOMPARE(findings(object), QStringList{"kv-mass-retrieval"});
    }

    void filterScopesEverything_data()
    {
        QTest::addColumn<EntityKind>("kind");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("vault");
        QTest::addColumn<int>("events");
        QTest::addColumn<QStringList>("alertIds");
        QTest::addColumn<QStringList>("ruleIds");
        QTest::addRow("IP from 11-04: only the 401, no alert, no finding") << EntityKind::Ip << "203.0.113.7"
                                                                           << "2026-11-04T00:00:00Z"
                                                                           << "" << 1 << QStringList{} << QStringList{};
        QTest::addRow("Alice on kv-hr only: the user alert has no vault, so it stays")
            << EntityKind::Identity << QString::fromStdString(Alice) << ""
            << "kv-hr" << 1 << QStringList{"alert-user"} << QStringList{};
        QTest::addRow("kv-hr from 11-05") << EntityKind::Vault << "kv-hr"
                                          << "2026-11-05T00:00:00Z"
                                          << "" << 1 << QStringList{"alert-hr"} << QStringList{"kv-tor"};
        QTest::addRow("IP typed with spaces") << EntityKind::Ip << " 203.0.113.7 "
                                              << ""
                                              << "" << 4 << QStringList{"alert-ip"} << QStringList{"kv-mass-retrieval"};
        QTest::addRow("unknown IP") << EntityKind::Ip << "192.0.2.200"
                                    << ""
                                    << "" << 0 << QStringList{} << QStringList{};
        QTest::addRow("alert-only IP: no events but the alert still relates")
            << EntityKind::Ip << "192.0.2.1"
            << ""
            << "" << 0 << QStringList{"alert-other"} << QStringList{};
    }

    void filterScopesEverything()
    {
        QFETCH(EntityKind, kind);
        QFETCH(QString, key);
        QFETCH(QString, from);
        QFETCH(QString, vault);
        QFETCH(int, events);
        QFETCH(QStringList, alertIds);
        QFETCH(QStringList, ruleIds);
        core::EventFilter filter;
        if (!from.isEmpty()) {
            filter.from = core::parseTimestamp(from.toStdString());
        }
        if (!vault.isEmpty()) {
            filter.vaults.push_back(vault.toStdString());
        }
        const EntityProfile p = profile(kind, key.toStdString(), filter);
        QCOMPARE(p.events, std::int64_t{events});
        QStringList ids;
        for (const auto& a : p.relatedAlerts) {
            ids << QString::fromStdString(a.systemAlertId);
        }
        QCOMPARE(ids, alertIds);
        QCOMPARE(findings(p), ruleIds);
        if (events == 0) {
            QVERIFY(!p.first && !p.last);
            QVERIFY(p.timeline.empty());
        }
    }

    void jsonForm()
    {
        const auto j = profile(EntityKind::Ip, "203.0.113.7").toJson();
        QCOMPARE(j["kind"], nlohmann::ordered_json("ip"));
        QCOMPARE(j["key"], nlohmann::ordered_json("203.0.113.7"));
        QCOMPARE(j["first"], nlohmann::ordered_json("2026-11-03T10:00:00.000Z"));
        QCOMPARE(j["last"], nlohmann::ordered_json("2026-11-05T08:00:00.000Z"));
        QCOMPARE(j["events"], nlohmann::ordered_json(4));
        QCOMPARE(j["failed"], nlohmann::ordered_json(2));
        QCOMPARE(j["vaults"][0]["value"], nlohmann::ordered_json("kv-payments"));
        QCOMPARE(j["operations"].size(), std::size_t{3});
        QCOMPARE(j["related_alerts"][0]["system_alert_id"], nlohmann::ordered_json("alert-ip"));
        QCOMPARE(j["related_alerts"][0]["start"], nlohmann::ordered_json("2026-11-03T10:00:00.000Z"));
        QCOMPARE(j["related_alerts"][0]["end"], nlohmann::ordered_json("2026-11-03T10:45:00.000Z"));
        QCOMPARE(j["related_alerts"][0]["link"], nlohmann::ordered_json("https://portal.azure.com/#alert/alert-ip"));
        QCOMPARE(j["related_alerts"][0]["is_sample"], nlohmann::ordered_json(false));
        QCOMPARE(j["related_findings"][0]["rule_id"], nlohmann::ordered_json("kv-mass-retrieval"));
        QCOMPARE(j["related_findings"][0]["severity"], nlohmann::ordered_json("High"));
        QCOMPARE(j["threat_intel"][0]["list"], nlohmann::ordered_json("stix.json"));
        QCOMPARE(j["threat_intel"][0]["ip"], nlohmann::ordered_json("203.0.113.7"));
        QCOMPARE(j["timeline"][0]["day"], nlohmann::ordered_json("2026-11-03"));
    }

    void ipv6SpellingsMatch()
    {
        test::CaseFixture fx;
        core::EventWriter writer(fx.caseFile());
        QVERIFY(writer.beginFile("v6.json", 0, "").ok());
        writer.addEvent(makeEvent({at(6, 1), "kv-v6", "SecretGet", 200, "2001:db8::a", Alice, "", "", "s"}, 1), 1,
                        "{}");
        QVERIFY(writer.finishFile(true).ok());
        core::CaseAuxiliaryImporter importer(fx.caseFile());
        const nlohmann::json alert{{"SystemAlertId", "v6-alert"},
                                   {"StartTimeUtc", "2026-11-06T01:00:00Z"},
                                   {"Entities", {{{"$id", "1"}, {"Type", "ip"}, {"Address", "2001:DB8::A"}}}}};
        QVERIFY(importer.importRecord(core::OtherRecordKind::SecurityAlert, alert, "a.json", 1, 0).ok());
        QVERIFY(importer.finishFile(0).ok());
        auto p = core::EntityProfileQuery::run(fx.caseFile(), {}, EntityKind::Ip, "2001:0DB8:0:0::A");
        QVERIFY(p.ok());
        QCOMPARE(p->events, std::int64_t{1});
        QCOMPARE(alerts(*p), QStringList{"v6-alert (ip 2001:db8::a)"});
    }

    void emptyKeyIsAnError()
    {
        auto p = core::EntityProfileQuery::run(m_fx->caseFile(), {}, EntityKind::Ip, "  ");
        QVERIFY(!p.ok());
        QCOMPARE(p.error().code, core::Error::Code::Usage);
    }

    void cleanupTestCase() { m_fx.reset(); }
};

QTEST_GUILESS_MAIN(TestEntities)
#include "tst_entities.moc"
