// Every rule of the detection catalogue on small event sets written into a case, with the exact findings expected
// and the benign near-misses that must not fire (e.g. 50 events do not pass "more than 50").
#include "core/analytics/detections/DefenderRules.h"
#include "core/analytics/detections/DetectionEngine.h"
#include "core/analytics/detections/RuleCatalogue.h"
#include "core/ingest/EventCompleter.h"
#include "core/model/AzureResourceId.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace kvw::core;

namespace {

const Timestamp T0 = Timestamp::fromCivil(2026, 11, 1);

Timestamp at(int day, int hour = 0, int minute = 0, int second = 0)
{
    return T0 + day * Timestamp::TicksPerDay + hour * Timestamp::TicksPerHour + minute * Timestamp::TicksPerMinute +
           second * Timestamp::TicksPerSecond;
}

struct Ev
{
    Ev(Timestamp t, std::string v, std::string o, int st, std::string i, std::string id, std::string u,
       std::string a, std::string obj)
        : time(t), vault(std::move(v)), op(std::move(o)), status(st), ip(std::move(i)), oid(std::move(id)),
          upn(std::move(u)), appid(std::move(a)), object(std::move(obj))
    {
    }

    Timestamp time;
    std::string vault;
    std::string op;
    int status = 200;
    std::string ip = "198.51.100.1";
    std::string oid;
    std::string upn;
    std::string appid;
    std::string object;
    bool hsm = false;
    std::string raw;
    std::string uriSuffix; // varies the request URI (api-version)
};

// A case in a temporary folder, filled through the real EventWriter.
class TestCase
{
public:
    TestCase() : m_path(m_dir.filePath(QStringLiteral("case.kvwb")).toStdString()) {}

    void add(Ev e) { m_events.push_back(std::move(e)); }
    void addMany(int n, const Ev& e, int secondsApart = 1, bool distinctObjects = false)
    {
        for (int i = 0; i < n; ++i) {
            Ev x = e;
            x.time = e.time + static_cast<std::int64_t>(i) * secondsApart * Timestamp::TicksPerSecond;
            if (distinctObjects) {
                x.object = e.object + std::to_string(i);
            }
            add(x);
        }
    }

    const CaseFile& open()
    {
        auto c = CaseFile::open(m_path);
        if (!c) {
            qFatal("cannot open case: %s", c.error().toString().c_str());
        }
        m_case.emplace(std::move(c.value()));
        EventWriter w(*m_case, 1000);
        (void)w.beginFile("events.json", 0, "fp");
        std::int64_t n = 0;
        for (const auto& x : m_events) {
            Event e;
            e.time = x.time;
            const std::string type = x.hsm ? "MANAGEDHSMS/" : "VAULTS/";
            std::string upper = x.vault;
            std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
            e.resourceId = "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG/PROVIDERS/"
                           "MICROSOFT.KEYVAULT/" +
                           type + upper;
            e.operation = x.op;
            e.httpStatus = x.status;
            e.resultType = "Success"; // as Key Vault logs it, even for 403s
            e.callerIp = x.ip;
            e.identityObjectId = x.oid;
            e.identityUpn = x.upn;
            e.identityAppId = x.appid;
            e.identityKind = !x.upn.empty() ? IdentityKind::User
                             : !x.appid.empty() ? IdentityKind::ServicePrincipal
                                                : IdentityKind::Unknown;
            const std::string host = x.vault + (x.hsm ? ".managedhsm.azure.net" : ".vault.azure.net");
            std::string path = "/";
            if (x.op.rfind("Secret", 0) == 0 && !x.object.empty()) {
                path = "/secrets/" + x.object;
            } else if (x.op.rfind("Key", 0) == 0 && !x.object.empty()) {
                path = "/keys/" + x.object;
            }
            e.requestUri = "https://" + host + path + "?api-version=7.4" + x.uriSuffix;
            e.correlationId = "c" + std::to_string(n);
            EventCompleter::complete(e);
            w.addEvent(e, n, x.raw.empty() ? std::string("{}") : x.raw);
            ++n;
        }
        (void)w.finishFile(true);
        return *m_case;
    }

    const CaseFile& caseFile() const { return *m_case; }

private:
    QTemporaryDir m_dir;
    std::string m_path;
    std::vector<Ev> m_events;
    std::optional<CaseFile> m_case;
};

std::string join(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v) {
        s += (s.empty() ? "" : ",") + x;
    }
    return s;
}

// "rule | vaults | identities | ips | count | start" per finding, for QCOMPARE of whole runs.
QStringList render(const std::vector<Finding>& findings)
{
    QStringList out;
    for (const auto& f : findings) {
        out << QString::fromStdString(f.ruleId + " | " + join(f.vaults) + " | " + join(f.entities.identities) +
                                      " | " + join(f.entities.ips) + " | " + std::to_string(f.eventCount) + " | " +
                                      f.start.toIso() + " | " + f.severity);
    }
    return out;
}

std::vector<Finding> run(const CaseFile& c, std::vector<std::string> rules, std::vector<std::string> settings = {},
                         EventFilter filter = {}, AllowList allow = AllowList::defaults())
{
    DetectionOptions o;
    o.ruleIds = std::move(rules);
    o.allowList = std::move(allow);
    for (const auto& s : settings) {
        const auto st = o.settings.set(s);
        if (!st) {
            qFatal("bad setting %s", s.c_str());
        }
    }
    auto r = DetectionEngine(c).run(filter, o);
    if (!r) {
        qFatal("detect failed: %s", r.error().toString().c_str());
    }
    return *r;
}

void compare(const QStringList& actual, const QStringList& expected)
{
    if (actual != expected) {
        qWarning("actual:\n  %s\nexpected:\n  %s", qPrintable(actual.join(QStringLiteral("\n  "))),
                 qPrintable(expected.join(QStringLiteral("\n  "))));
    }
    QCOMPARE(actual, expected);
}

} // namespace

class TestDetections : public QObject
{
    Q_OBJECT

private slots:
    void catalogueIsComplete()
    {
        const std::vector<std::string> required = {
            "sentinel-sensitive-operations", "sentinel-sensitive-operations-nrt", "sentinel-mass-secret-retrieval",
            "workbook-mass-secret-retrieval", "sentinel-access-timeseries-anomaly", "sentinel-ti-map-ip",
            "sentinel-access-policy-manipulation", "elastic-excessive-retrieval", "elastic-rare-identity-retrieval",
            "sigma-vault-modified-deleted", "KV_AccountVolumeAnomaly", "KV_UserAppAnomaly", "KV_UserAnomaly",
            "KV_AppAnomaly", "KV_OperationPatternAnomaly", "KV_UserAccessDeniedAnomaly",
            "KV_AccountVolumeAccessDeniedAnomaly", "KV_ListGetAnomaly", "KV_PutGetAnomaly",
            "KV_OperationVolumeAnomaly", "KV_TORAccess", "KV_SuspiciousIPAccess", "KV_SuspiciousIPAccessDenied",
            "KV_UnusualAccessSuspiciousIP", "hsm-security-domain-download", "hsm-full-backup-restore", "hsm-role-changes", "hsm-key-purge-release",
            "hsm-key-read-volume"};
        for (const auto& id : required) {
            const RuleDefinition* r = RuleCatalogue::find(id);
            QVERIFY2(r, id.c_str());
            QVERIFY(!r->title.empty() && !r->severity.empty() && !r->tactic.empty() && !r->technique.empty());
            QVERIFY(!r->description.empty() && r->reference.rfind("https://", 0) == 0 && !r->kql.empty());
            QVERIFY(r->run != nullptr);
        }
        QCOMPARE(RuleCatalogue::all().size(), required.size());
        const auto* mass = RuleCatalogue::find("sentinel-mass-secret-retrieval");
        const auto params = RuleSettings{}.resolved(*mass);
        QCOMPARE(params.at("distinct_uri_threshold"), std::string("10"));
        QCOMPARE(params.at("event_threshold"), std::string("50"));
        QCOMPARE(params.at("period"), std::string("1d"));
    }

    void settingsAreValidated_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<bool>("ok");
        QTest::addRow("valid threshold") << "sentinel-mass-secret-retrieval.event_threshold=100" << true;
        QTest::addRow("valid duration") << "KV_ListGetAnomaly.window=30m" << true;
        QTest::addRow("unknown rule") << "no-such-rule.period=1d" << false;
        QTest::addRow("unknown parameter") << "sentinel-mass-secret-retrieval.nope=1" << false;
        QTest::addRow("number expected") << "sentinel-mass-secret-retrieval.event_threshold=many" << false;
        QTest::addRow("duration expected") << "KV_ListGetAnomaly.window=soon" << false;
        QTest::addRow("no equals sign") << "KV_ListGetAnomaly.window" << false;
    }
    void settingsAreValidated()
    {
        QFETCH(QString, assignment);
        QFETCH(bool, ok);
        RuleSettings s;
        QCOMPARE(s.set(assignment.toStdString()).ok(), ok);
    }

    void sensitiveOperations()
    {
        TestCase tc;
        tc.add({at(3, 10), "kv1", "SecretDelete", 200, "198.51.100.5", "u1", "", "", "s1"});
        tc.add({at(3, 10, 7), "kv1", "SecretDelete", 200, "198.51.100.5", "u1", "", "", "s2"});
        tc.add({at(3, 10, 8), "kv1", "KeyPurge", 403, "198.51.100.5", "u1", "", "", "k1"}); // denied: not counted
        tc.add({at(3, 10, 9), "kv1", "SecretGet", 200, "198.51.100.5", "u1", "", "", "s1"}); // not sensitive
        tc.add({at(3, 11), "kv1", "SecretBackup", 200, "198.51.100.6", "u2", "", "", "s3"});
        tc.open();
        compare(render(run(tc.caseFile(), {"sentinel-sensitive-operations"})),
                {"sentinel-sensitive-operations | kv1 | u1 | 198.51.100.5 | 2 | 2026-11-04T10:00:00.000Z | Low",
                 "sentinel-sensitive-operations | kv1 | u2 | 198.51.100.6 | 1 | 2026-11-04T11:00:00.000Z | Low"});
        // NRT form: 5-minute periods split the two deletes.
        compare(render(run(tc.caseFile(), {"sentinel-sensitive-operations-nrt"})),
                {"sentinel-sensitive-operations-nrt | kv1 | u1 | 198.51.100.5 | 1 | 2026-11-04T10:00:00.000Z | Low",
                 "sentinel-sensitive-operations-nrt | kv1 | u1 | 198.51.100.5 | 1 | 2026-11-04T10:07:00.000Z | Low",
                 "sentinel-sensitive-operations-nrt | kv1 | u2 | 198.51.100.6 | 1 | 2026-11-04T11:00:00.000Z | Low"});
        const auto f = run(tc.caseFile(), {"sentinel-sensitive-operations"});
        QCOMPARE(f[0].entities.objects, (std::vector<std::string>{"s1", "s2"}));
        QCOMPARE(f[0].eventIds.size(), std::size_t{2});
        QCOMPARE(f[0].tactic, std::string("Impact"));
        QCOMPARE(f[0].technique, std::string("T1485"));
        QCOMPARE(f[0].source, std::string("Sentinel"));
    }

    void massSecretRetrievalTwoStage()
    {
        TestCase tc;
        // att: 11 distinct secrets, 51 retrievals -> fires. ok: 11 distinct, exactly 50 -> no. few: 60 gets of 10
        // distinct secrets -> stage 1 fails (10 is not more than 10).
        tc.addMany(11, {at(2, 9), "kv1", "SecretGet", 200, "203.0.113.9", "att", "", "", "s"}, 1, true);
        tc.addMany(40, {at(2, 9, 1), "kv2", "SecretGet", 200, "203.0.113.9", "att", "", "", "s1"});
        tc.addMany(11, {at(2, 9), "kv1", "SecretGet", 200, "198.51.100.2", "ok", "", "", "s"}, 1, true);
        tc.addMany(39, {at(2, 9, 1), "kv1", "SecretGet", 200, "198.51.100.2", "ok", "", "", "s1"});
        for (int i = 0; i < 6; ++i) {
            tc.addMany(10, {at(2, 10, i), "kv1", "SecretGet", 200, "198.51.100.3", "few", "", "", "s"}, 1, true);
        }
        // Azure Resource Graph's VaultGet sweep: 60 calls with 12 distinct URIs; allow-listed, so never a finding.
        for (int i = 0; i < 60; ++i) {
            Ev e{at(2, 9, 0, 30 + i), "kv1", "VaultGet", 200, "20.0.0.1", "", "", AllowList::ResourceGraphAppId, ""};
            e.uriSuffix = "&n=" + std::to_string(i % 12);
            tc.add(e);
        }
        tc.open();
        const auto f = run(tc.caseFile(), {"sentinel-mass-secret-retrieval"});
        compare(render(f), {"sentinel-mass-secret-retrieval | kv1,kv2 | att | 203.0.113.9 | 51 | "
                            "2026-11-03T09:00:00.000Z | Low"});
        QCOMPARE(f[0].excluded["events"].get<std::int64_t>(), 60);
        // s0..s10 on kv1 and s1 on kv2: 12 distinct request URIs.
        QCOMPARE(f[0].baseline["max_distinct_uris"].get<std::int64_t>(), 12);
        // Without the allow-list, the Resource Graph sweep is a mass retrieval too.
        AllowList none;
        QCOMPARE(run(tc.caseFile(), {"sentinel-mass-secret-retrieval"}, {}, {}, none).size(), std::size_t{2});
        // An analyst allow-list entry removes att, and says so.
        AllowList analyst = AllowList::defaults();
        analyst.identities = {"att"};
        QVERIFY(run(tc.caseFile(), {"sentinel-mass-secret-retrieval"}, {}, {}, analyst).empty());
    }

    void workbookMassRetrievalThreshold()
    {
        TestCase tc;
        tc.addMany(51, {at(1, 8), "kv1", "SecretGet", 200, "198.51.100.4", "a51", "", "", "s"});
        tc.addMany(50, {at(1, 8), "kv1", "SecretGet", 200, "198.51.100.5", "a50", "", "", "s"});
        tc.addMany(30, {at(1, 8), "kv1", "SecretGet", 403, "198.51.100.6", "denied", "", "", "s"});
        tc.open();
        QVERIFY(run(tc.caseFile(), {"workbook-mass-secret-retrieval"}).empty()); // default 1000
        compare(render(run(tc.caseFile(), {"workbook-mass-secret-retrieval"},
                           {"workbook-mass-secret-retrieval.threshold=50"})),
                {"workbook-mass-secret-retrieval | kv1 | a51 | 198.51.100.4 | 51 | 2026-11-02T08:00:00.000Z | Medium"});
        compare(render(run(tc.caseFile(), {"workbook-mass-secret-retrieval"},
                           {"workbook-mass-secret-retrieval.threshold=25"})),
                {"workbook-mass-secret-retrieval | kv1 | a50 | 198.51.100.5 | 50 | 2026-11-02T08:00:00.000Z | Medium",
                 "workbook-mass-secret-retrieval | kv1 | a51 | 198.51.100.4 | 51 | 2026-11-02T08:00:00.000Z | Medium"});
    }

    void accessTimeSeriesAnomaly()
    {
        TestCase tc;
        const int noisy[] = {30, 34, 28, 31, 35, 29, 33, 30, 27, 32, 36, 29, 31};
        const int low[] = {5, 4, 6, 5, 5, 4, 6, 5, 6, 4, 5, 5, 6};
        for (int d = 0; d < 13; ++d) {
            tc.addMany(noisy[d], {at(d, 12), "kv1", "SecretGet", 200, "198.51.100.7", "app1", "", "", "s"});
            tc.addMany(low[d], {at(d, 12), "kv1", "SecretGet", 200, "198.51.100.8", "app2", "", "", "s"});
        }
        tc.addMany(300, {at(13, 12), "kv1", "SecretGet", 200, "198.51.100.7", "app1", "", "", "s"});
        tc.addMany(60, {at(13, 12), "kv1", "SecretGet", 200, "198.51.100.8", "app2", "", "", "s"});
        tc.open();
        // The low-volume IP spikes twelve-fold but its linefit baseline (about 19) is not above 25.
        const auto f = run(tc.caseFile(), {"sentinel-access-timeseries-anomaly"});
        compare(render(f), {"sentinel-access-timeseries-anomaly | kv1 | app1 | 198.51.100.7 | 300 | "
                            "2026-11-14T12:00:00.000Z | Low"});
        QVERIFY(f[0].baseline["baseline"].get<double>() > 25.0);
        QVERIFY(f[0].baseline["score"].get<double>() > 3.0);
        QCOMPARE(f[0].baseline["window_start"].get<std::string>(), std::string("2026-11-01T00:00:00.000Z"));
    }

    void threatIntel()
    {
        TestCase tc;
        tc.add({at(1, 1), "kv1", "SecretGet", 200, "185.220.101.1", "t1", "", "", "s"});
        tc.add({at(1, 2), "kv1", "SecretList", 200, "185.220.101.1", "t1", "", "", ""});
        tc.add({at(1, 3), "kv1", "SecretGet", 403, "185.220.101.1", "t1", "", "", "s"});
        tc.add({at(2, 1), "kv2", "SecretGet", 200, "203.0.113.200", "t2", "", "", "s"});
        tc.add({at(2, 2), "kv2", "SecretGet", 403, "203.0.113.200", "t2", "", "", "s"});
        tc.add({at(2, 3), "kv2", "SecretGet", 403, "203.0.113.200", "t2", "", "", "s"});
        tc.add({at(5, 1), "kv2", "SecretGet", 200, "203.0.113.200", "t2", "", "", "s"}); // after expiry
        tc.add({at(2, 1), "kv2", "SecretGet", 200, "10.0.0.5", "t3", "", "", "s"});      // private indicator
        const auto& c = tc.open();
        c.db().exec("INSERT INTO ti_lists(id, name, kind) VALUES (1, 'tor-exits', 'tor'), (2, 'feed', 'ip-list')");
        auto st = c.db().prepare("INSERT INTO ti_indicators(list_id, ip, valid_from, valid_until) VALUES (?,?,?,?)");
        st.bind(1, 1).bind(2, "185.220.101.1").bindNull(3).bindNull(4).run();
        st.bind(1, 2).bind(2, "203.0.113.200").bind(3, at(0).ticks()).bind(4, at(4).ticks()).run();
        st.bind(1, 2).bind(2, "10.0.0.5").bindNull(3).bindNull(4).run();
        compare(render(run(c, {"sentinel-ti-map-ip", "KV_TORAccess", "KV_SuspiciousIPAccess",
                               "KV_SuspiciousIPAccessDenied"})),
                {"KV_TORAccess | kv1 | t1 | 185.220.101.1 | 3 | 2026-11-02T01:00:00.000Z | Medium",
                 "sentinel-ti-map-ip | kv1 | t1 | 185.220.101.1 | 3 | 2026-11-02T01:00:00.000Z | Medium",
                 "KV_SuspiciousIPAccess | kv2 | t2 | 203.0.113.200 | 1 | 2026-11-03T01:00:00.000Z | Medium",
                 "sentinel-ti-map-ip | kv2 | t2 | 203.0.113.200 | 3 | 2026-11-03T01:00:00.000Z | Medium",
                 "KV_SuspiciousIPAccessDenied | kv2 | t2 | 203.0.113.200 | 2 | 2026-11-03T02:00:00.000Z | Low"});
        // With private indicators kept, the 10.x caller matches too.
        QCOMPARE(run(c, {"sentinel-ti-map-ip"}, {"sentinel-ti-map-ip.exclude_private=false"}).size(), std::size_t{3});
    }

    void accessPolicyManipulation()
    {
        TestCase tc;
        auto policy = [](const char* which, const char* oid) {
            return std::string("{\"operationName\":\"VaultPatch\",\"properties\":{\"") + which +
                   "\":{\"TenantId\":\"t\",\"ObjectId\":\"" + oid + "\",\"Permissions\":{\"secrets\":[\"get\"]}}}}";
        };
        Ev add{at(1, 10), "kv1", "VaultPatch", 200, "198.51.100.9", "admin", "", "", ""};
        add.raw = policy("addedAccessPolicy", "AAAA");
        Ev remove{at(1, 10, 5), "kv1", "VaultPatch", 200, "198.51.100.9", "admin", "", "", ""};
        remove.raw = policy("removedAccessPolicy", "AAAA");
        Ev lateRemove{at(1, 10, 30), "kv1", "VaultPatch", 200, "198.51.100.9", "admin", "", "", ""};
        lateRemove.raw = policy("removedAccessPolicy", "BBBB"); // 30 minutes after the add: too late
        Ev add2{at(1, 12), "kv2", "VaultPatch", 200, "198.51.100.9", "admin", "", "", ""};
        add2.raw = "{\"addedAccessPolicy_ObjectId_g\":\"CCCC\"}"; // CSV row form
        Ev remove2{at(1, 12, 9), "kv2", "VaultPatch", 200, "198.51.100.9", "admin", "", "", ""};
        remove2.raw = policy("removedAccessPolicy", "DDDD");
        for (const auto& e : {add, remove, lateRemove, add2, remove2}) {
            tc.add(e);
        }
        tc.open();
        const auto f = run(tc.caseFile(), {"sentinel-access-policy-manipulation"});
        compare(render(f),
                {"sentinel-access-policy-manipulation | kv1 | aaaa,admin | 198.51.100.9 | 2 | 2026-11-02T10:00:00.000Z | "
                 "Medium",
                 "sentinel-access-policy-manipulation | kv2 | admin,cccc,dddd | 198.51.100.9 | 2 | "
                 "2026-11-02T12:00:00.000Z | Low"});
        QVERIFY(f[0].baseline["same_object"].get<bool>());
    }

    void elasticExcessiveRetrieval()
    {
        TestCase tc;
        // e1: two consecutive minutes of 8 gets + 2 lists -> one merged finding of 20 events.
        for (int m = 0; m < 2; ++m) {
            tc.addMany(8, {at(1, 9, m), "kv1", "SecretGet", 200, "198.51.100.10", "e1", "e1@contoso.com", "", "s"}, 2);
            tc.addMany(2, {at(1, 9, m, 30), "kv1", "SecretList", 200, "198.51.100.10", "e1", "e1@contoso.com", "", ""}, 2);
        }
        tc.addMany(10, {at(1, 9), "kv1", "SecretGet", 200, "198.51.100.11", "e2", "e2@contoso.com", "", "s"}, 2); // one action
        tc.addMany(8, {at(1, 9), "kv1", "SecretGet", 200, "198.51.100.12", "e3", "e3@contoso.com", "", "s"}, 2);  // 9 events
        tc.add({at(1, 9, 0, 40), "kv1", "KeyGet", 200, "198.51.100.12", "e3", "e3@contoso.com", "", "k"});
        tc.open();
        const auto f = run(tc.caseFile(), {"elastic-excessive-retrieval"});
        compare(render(f), {"elastic-excessive-retrieval | kv1 | e1,e1@contoso.com | 198.51.100.10 | 20 | 2026-11-02T09:00:00.000Z | "
                            "Medium"});
        QCOMPARE(f[0].baseline["windows"].get<int>(), 2);
        // Service principals (no UPN) are not this rule's business, however busy.
        TestCase sp;
        sp.addMany(5, {at(1, 9), "kv1", "SecretGet", 200, "198.51.100.13", "", "", "app9", "s"}, 2);
        sp.addMany(5, {at(1, 9), "kv1", "SecretList", 200, "198.51.100.13", "", "", "app9", ""}, 2);
        sp.open();
        QVERIFY(run(sp.caseFile(), {"elastic-excessive-retrieval"}).empty());
    }

    // The rule first asks the per-minute rollup which windows all users together make busy enough; other window
    // sizes and filters the rollup does not keep read events alone. Same findings either way.
    void elasticExcessiveRetrievalWindows_data()
    {
        QTest::addColumn<QString>("window");
        QTest::addColumn<QString>("identity"); // the filter's
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("windows");

        QTest::newRow("one minute, from the rollup") << QStringLiteral("1m") << QString() << 20 << 2;
        QTest::newRow("two minutes, from the rollup") << QStringLiteral("2m") << QString() << 20 << 1;
        // 09:00:00 .. 09:01:29 holds 18 of e1's events; the two lists after it are a window of their own.
        QTest::newRow("90 s, not whole minutes") << QStringLiteral("90s") << QString() << 18 << 1;
        QTest::newRow("identity filter, from events") << QStringLiteral("1m") << QStringLiteral("e1") << 20 << 2;
    }

    void elasticExcessiveRetrievalWindows()
    {
        QFETCH(QString, window);
        QFETCH(QString, identity);
        QFETCH(int, events);
        QFETCH(int, windows);

        TestCase tc;
        for (int m = 0; m < 2; ++m) {
            tc.addMany(8, {at(1, 9, m), "kv1", "SecretGet", 200, "198.51.100.10", "e1", "e1@contoso.com", "", "s"}, 2);
            tc.addMany(2, {at(1, 9, m, 30), "kv1", "SecretList", 200, "198.51.100.10", "e1", "e1@contoso.com", "", ""},
                       2);
        }
        // Busy minutes of other users that no single user makes a finding of.
        tc.addMany(6, {at(1, 9), "kv1", "SecretGet", 200, "198.51.100.11", "e2", "e2@contoso.com", "", "s"}, 2);
        tc.addMany(6, {at(2, 9), "kv1", "SecretGet", 200, "198.51.100.11", "e2", "e2@contoso.com", "", "s"}, 2);
        tc.addMany(6, {at(2, 9), "kv1", "KeyGet", 200, "198.51.100.12", "e3", "e3@contoso.com", "", "k"}, 2);
        tc.open();
        EventFilter filter;
        filter.identity = identity.toStdString();
        const auto f = run(tc.caseFile(), {"elastic-excessive-retrieval"},
                           {"elastic-excessive-retrieval.window=" + window.toStdString()}, filter);
        QCOMPARE(f.size(), std::size_t{1});
        QVERIFY(f[0].entities.identities == std::vector<std::string>({"e1", "e1@contoso.com"}));
        QCOMPARE(f[0].eventCount, std::int64_t{events});
        QCOMPARE(f[0].start, at(1, 9));
        QCOMPARE(f[0].baseline["windows"].get<int>(), windows);
    }

    void firstSeenRules()
    {
        TestCase tc;
        for (int d = 0; d < 6; ++d) {
            tc.add({at(d, 9), "kv1", "SecretGet", 200, "198.51.100.20", "u1", "u1@contoso.com", "appA", "s"});
        }
        tc.add({at(1, 9), "kv1", "SecretGet", 200, "198.51.100.21", "early", "early@contoso.com", "appA", "s"});
        tc.add({at(4, 10), "kv1", "SecretGet", 200, "198.51.100.22", "u9", "u9@contoso.com", "appA", "s"});
        tc.add({at(4, 11), "kv1", "SecretGet", 200, "198.51.100.23", "", "", "sp1", "s"});
        tc.add({at(4, 12), "kv1", "SecretGet", 200, "198.51.100.20", "u1", "u1@contoso.com", "appB", "s"});
        tc.add({at(4, 13), "kv1", "SecretSet", 200, "198.51.100.20", "u1", "u1@contoso.com", "appA", "s"});
        tc.add({at(4, 14), "kv1", "SecretDelete", 200, "198.51.100.20", "u1", "u1@contoso.com", "appA", "s"});
        tc.open();
        compare(render(run(tc.caseFile(), {"elastic-rare-identity-retrieval", "KV_UserAnomaly", "KV_AppAnomaly",
                                           "KV_UserAppAnomaly", "KV_OperationPatternAnomaly"})),
                {"KV_UserAnomaly | kv1 | u9,u9@contoso.com | 198.51.100.22 | 1 | 2026-11-05T10:00:00.000Z | Medium",
                 "elastic-rare-identity-retrieval | kv1 | u9,u9@contoso.com | 198.51.100.22 | 1 | "
                 "2026-11-05T10:00:00.000Z | Medium",
                 "KV_AppAnomaly | kv1 | sp1 | 198.51.100.23 | 1 | 2026-11-05T11:00:00.000Z | Medium",
                 "elastic-rare-identity-retrieval | kv1 | sp1 | 198.51.100.23 | 1 | 2026-11-05T11:00:00.000Z | Medium",
                 "KV_UserAppAnomaly | kv1 | u1,u1@contoso.com | 198.51.100.20 | 1 | 2026-11-05T12:00:00.000Z | Medium",
                 "KV_OperationPatternAnomaly | kv1 | u1,u1@contoso.com | 198.51.100.20 | 2 | "
                 "2026-11-05T13:00:00.000Z | Medium"});
        // A time filter that starts after the first appearances reports none of them (history is still read).
        EventFilter late;
        late.from = at(5);
        QVERIFY(run(tc.caseFile(), {"KV_UserAnomaly", "KV_AppAnomaly"}, {}, late).empty());
    }

    void accountVolume()
    {
        TestCase tc;
        for (int d = 0; d < 5; ++d) {
            tc.add({at(d, 9), "kv1", "SecretGet", 200, "198.51.100.30", "av1", "", "", "s"});
            tc.add({at(d, 9), "kv1", "SecretGet", 200, "198.51.100.31", "av2", "", "", "s"});
            tc.add({at(d, 9), "kv2", "SecretGet", 200, "198.51.100.31", "av2", "", "", "s"});
            tc.add({at(d, 9), "kv1", "SecretGet", 200, "198.51.100.32", "d2", "", "", "s"});
        }
        for (const char* v : {"kv1", "kv2", "kv3", "kv4"}) {
            tc.add({at(5, 9), v, "SecretGet", 200, "198.51.100.30", "av1", "", "", "s"});
            tc.add({at(5, 9), v, "SecretGet", 200, "198.51.100.31", "av2", "", "", "s"}); // 4 is not > 2 x 2
        }
        for (const char* v : {"kv5", "kv6", "kv7"}) {
            tc.add({at(5, 10), v, "SecretGet", 403, "203.0.113.50", "d1", "", "", "s"});
        }
        tc.add({at(5, 11), "kv1", "SecretGet", 403, "198.51.100.32", "d2", "", "", "s"}); // known there: not unusual
        tc.add({at(5, 11), "kv1", "Authentication", 401, "198.51.100.33", "d3", "", "", ""}); // SDK challenge
        tc.open();
        compare(render(run(tc.caseFile(), {"KV_AccountVolumeAnomaly", "KV_AccountVolumeAccessDeniedAnomaly",
                                           "KV_UserAccessDeniedAnomaly"})),
                {"KV_AccountVolumeAnomaly | kv1,kv2,kv3,kv4 | av1 | 198.51.100.30 | 4 | 2026-11-06T09:00:00.000Z | "
                 "Medium",
                 "KV_AccountVolumeAccessDeniedAnomaly | kv5,kv6,kv7 | d1 | 203.0.113.50 | 3 | "
                 "2026-11-06T10:00:00.000Z | Low",
                 "KV_UserAccessDeniedAnomaly | kv5 | d1 | 203.0.113.50 | 1 | 2026-11-06T10:00:00.000Z | Low",
                 "KV_UserAccessDeniedAnomaly | kv6 | d1 | 203.0.113.50 | 1 | 2026-11-06T10:00:00.000Z | Low",
                 "KV_UserAccessDeniedAnomaly | kv7 | d1 | 203.0.113.50 | 1 | 2026-11-06T10:00:00.000Z | Low"});
    }

    void listGetAndPutGet()
    {
        TestCase tc;
        tc.add({at(5, 9), "kv1", "SecretList", 200, "203.0.113.60", "lg", "", "", ""});
        tc.addMany(6, {at(5, 9, 10), "kv1", "SecretGet", 200, "203.0.113.60", "lg", "", "", "s"}, 10, true);
        for (int d = 0; d < 5; ++d) { // lg2 lists and reads six secrets every day: usual
            tc.add({at(d, 9), "kv1", "SecretList", 200, "198.51.100.61", "lg2", "", "", ""});
            tc.addMany(6, {at(d, 9, 10), "kv1", "SecretGet", 200, "198.51.100.61", "lg2", "", "", "s"}, 10, true);
        }
        tc.add({at(5, 9), "kv1", "SecretList", 200, "198.51.100.61", "lg2", "", "", ""});
        tc.addMany(6, {at(5, 9, 10), "kv1", "SecretGet", 200, "198.51.100.61", "lg2", "", "", "s"}, 10, true);
        tc.add({at(5, 9), "kv2", "SecretList", 200, "198.51.100.62", "lg3", "", "", ""});
        tc.addMany(4, {at(5, 9, 10), "kv2", "SecretGet", 200, "198.51.100.62", "lg3", "", "", "s"}, 10, true);
        tc.add({at(5, 8), "kv3", "VaultPatch", 200, "203.0.113.70", "pg", "", "", ""});
        tc.add({at(5, 8, 20), "kv3", "SecretGet", 200, "203.0.113.70", "pg", "", "", "db"});
        tc.add({at(2, 8), "kv3", "SecretGet", 200, "198.51.100.71", "pg2", "", "", "db"});
        tc.add({at(5, 8), "kv3", "VaultPatch", 200, "198.51.100.71", "pg2", "", "", ""});
        tc.add({at(5, 8, 20), "kv3", "SecretGet", 200, "198.51.100.71", "pg2", "", "", "db"});
        tc.open();
        compare(render(run(tc.caseFile(), {"KV_ListGetAnomaly", "KV_PutGetAnomaly"})),
                {"KV_PutGetAnomaly | kv3 | pg | 203.0.113.70 | 2 | 2026-11-06T08:00:00.000Z | Medium",
                 "KV_ListGetAnomaly | kv1 | lg | 203.0.113.60 | 7 | 2026-11-06T09:00:00.000Z | Medium"});
    }

    void operationVolume()
    {
        TestCase tc;
        const int base[] = {100, 110, 90, 105, 95, 100, 98, 102, 97, 103};
        for (int d = 0; d < 10; ++d) {
            tc.addMany(base[d], {at(d, 8), "kvv", "SecretGet", 200, "198.51.100.80", "svc", "", "", "s"}, 30);
            tc.addMany(base[d], {at(d, 8), "kvw", "SecretGet", 200, "198.51.100.81", "svc2", "", "", "s"}, 30);
        }
        tc.addMany(600, {at(10, 8), "kvv", "SecretGet", 200, "198.51.100.80", "svc", "", "", "s"}, 10);
        tc.addMany(250, {at(10, 8), "kvw", "SecretGet", 200, "198.51.100.81", "svc2", "", "", "s"}, 10);
        tc.open();
        const auto f = run(tc.caseFile(), {"KV_OperationVolumeAnomaly"});
        compare(render(f),
                {"KV_OperationVolumeAnomaly | kvv | svc | 198.51.100.80 | 600 | 2026-11-11T08:00:00.000Z | Medium",
                 "KV_OperationVolumeAnomaly | kvv | svc | 198.51.100.80 | 600 | 2026-11-11T08:00:00.000Z | Medium"});
        QCOMPARE(f[0].baseline["mean"].get<double>(), 100.0);
    }

    void unusualAccessSuspiciousIp_data()
    {
        QTest::addColumn<QString>("ip");
        QTest::addColumn<int>("day");
        QTest::addColumn<int>("objects");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("seenBefore");
        QTest::addColumn<QString>("setting");
        QTest::addColumn<bool>("allowIp");
        QTest::addColumn<int>("expectedEvents"); // 0: no finding
        // The vault's busiest caller IP uses 3 distinct secrets a day: a new IP needs at least 5 and more than 6.
        QTest::addRow("new external IP uses 7 objects") << "203.0.113.5" << 5 << 7 << 200 << false << "" << false << 7;
        QTest::addRow("6 objects is not more than 2 x 3") << "203.0.113.5" << 5 << 6 << 200 << false << "" << false << 0;
        QTest::addRow("ratio lowered to 1.5: 6 fires")
            << "203.0.113.5" << 5 << 6 << 200 << false << "KV_UnusualAccessSuspiciousIP.ratio=1.5" << false << 6;
        QTest::addRow("min_objects raised to 8")
            << "203.0.113.5" << 5 << 7 << 200 << false << "KV_UnusualAccessSuspiciousIP.min_objects=8" << false << 0;
        QTest::addRow("private address") << "10.1.2.3" << 5 << 20 << 200 << false << "" << false << 0;
        QTest::addRow("IPv6 unique-local address") << "fd00::5" << 5 << 20 << 200 << false << "" << false << 0;
        QTest::addRow("inside internal_ranges")
            << "198.51.100.77" << 5 << 20 << 200 << false << "KV_UnusualAccessSuspiciousIP.internal_ranges=198.51.100.0/24"
            << false << 0;
        QTest::addRow("outside internal_ranges")
            << "198.51.101.77" << 5 << 20 << 200 << false << "KV_UnusualAccessSuspiciousIP.internal_ranges=198.51.100.0/24"
            << false << 20;
        QTest::addRow("analyst allow-listed IP") << "203.0.113.5" << 5 << 20 << 200 << false << "" << true << 0;
        QTest::addRow("IP seen on the vault before") << "203.0.113.5" << 5 << 20 << 200 << true << "" << false << 0;
        QTest::addRow("first seen inside the vault's first 2 days")
            << "203.0.113.5" << 1 << 20 << 200 << false << "" << false << 0;
        QTest::addRow("denied requests use nothing") << "203.0.113.5" << 5 << 20 << 403 << false << "" << false << 0;
    }
    void unusualAccessSuspiciousIp()
    {
        QFETCH(QString, ip);
        QFETCH(int, day);
        QFETCH(int, objects);
        QFETCH(int, status);
        QFETCH(bool, seenBefore);
        QFETCH(QString, setting);
        QFETCH(bool, allowIp);
        QFETCH(int, expectedEvents);
        TestCase tc;
        for (int d = 0; d < 10; ++d) { // the usual workload, from a private address, and a user from the office
            tc.addMany(3, {at(d, 8), "kv1", "SecretGet", 200, "10.0.0.4", "app1", "", "", "s"}, 60, true);
            tc.add({at(d, 9), "kv1", "SecretGet", 200, "192.0.2.10", "u1", "u1@contoso.com", "", "s0"});
        }
        if (seenBefore) {
            tc.add({at(3, 7), "kv1", "VaultGet", 200, ip.toStdString(), "intruder", "", "", ""});
        }
        tc.addMany(objects, {at(day, 3), "kv1", "SecretGet", status, ip.toStdString(), "intruder", "", "", "x"}, 60,
                   true);
        tc.open();
        AllowList allow = AllowList::defaults();
        if (allowIp) {
            allow.ips = {ip.toStdString()};
        }
        std::vector<std::string> settings;
        if (!setting.isEmpty()) {
            settings.push_back(setting.toStdString());
        }
        const auto f = run(tc.caseFile(), {"KV_UnusualAccessSuspiciousIP"}, settings, {}, allow);
        if (expectedEvents == 0) {
            compare(render(f), {});
            return;
        }
        compare(render(f), {QString::fromStdString("KV_UnusualAccessSuspiciousIP | kv1 | intruder | " + ip.toStdString() +
                                                   " | " + std::to_string(expectedEvents) + " | " +
                                                   at(day, 3).toIso() + " | Medium")});
        QCOMPARE(f[0].baseline["baseline_max_objects_per_ip"].get<std::int64_t>(), std::int64_t{3});
        QCOMPARE(f[0].baseline["objects"].get<std::int64_t>(), std::int64_t{expectedEvents});
        QCOMPARE(f[0].baseline["baseline_window_start"].get<std::string>(), std::string("2026-11-01T08:00:00.000Z"));
        QCOMPARE(f[0].baseline["baseline_window_end"].get<std::string>(), at(day).toIso());
        QCOMPARE(f[0].tactic, std::string("Credential Access"));
        QCOMPARE(f[0].source, std::string("Defender-analog"));
    }

    void addressRanges_data()
    {
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("range");
        QTest::addColumn<bool>("inside");
        QTest::addRow("inside a /24") << "198.51.100.77" << "198.51.100.0/24" << true;
        QTest::addRow("outside a /24") << "198.51.101.77" << "198.51.100.0/24" << false;
        QTest::addRow("inside a /12") << "172.31.0.1" << "172.16.0.0/12" << true;
        QTest::addRow("single address") << "203.0.113.5" << "203.0.113.5" << true;
        QTest::addRow("another single address") << "203.0.113.6" << "203.0.113.5" << false;
        QTest::addRow("everything") << "8.8.8.8" << "0.0.0.0/0" << true;
        QTest::addRow("invalid prefix length ignored") << "198.51.100.77" << "198.51.100.0/33" << false;
        QTest::addRow("invalid octet ignored") << "198.51.100.77" << "198.51.300.0/16" << false;
        QTest::addRow("IPv6 inside an IPv6 network") << "2001:db8::1" << "2001:db8::/32" << true;
        QTest::addRow("IPv6 outside an IPv6 network") << "2001:db9::1" << "2001:db8::/32" << false;
        QTest::addRow("IPv6 is not in an IPv4 network") << "2001:db8::1" << "0.0.0.0/0" << false;
    }
    void addressRanges()
    {
        QFETCH(QString, ip);
        QFETCH(QString, range);
        QFETCH(bool, inside);
        QCOMPARE(DefenderRules::inRanges(ip.toStdString(), {range.toStdString()}), inside);
    }

    void sigmaAndManagedHsm()
    {
        TestCase tc;
        tc.add({at(1, 8), "kv1", "VaultPatch", 200, "198.51.100.90", "adm", "", "", ""});
        tc.add({at(1, 8, 5), "kv1", "VaultDelete", 200, "198.51.100.90", "adm", "", "", ""});
        Ev sd{at(2, 8), "hsm1", "SecurityDomainBackup", 202, "203.0.113.91", "hadm", "", "", ""};
        sd.hsm = true;
        tc.add(sd);
        Ev role{at(2, 9), "hsm1", "RoleAssignmentCreate", 201, "203.0.113.91", "hadm", "", "", ""};
        role.hsm = true;
        tc.add(role);
        Ev purge{at(2, 10), "hsm1", "KeyPurge", 204, "203.0.113.91", "hadm", "", "", "k1"};
        purge.hsm = true;
        tc.add(purge);
        Ev get{at(2, 11), "hsm1", "KeyGet", 200, "203.0.113.92", "reader", "", "", "k1"};
        get.hsm = true;
        tc.addMany(26, get);
        get.oid = "reader25";
        get.ip = "203.0.113.93";
        tc.addMany(25, get); // exactly 25: not more than 25
        Ev backup{at(2, 12), "hsm1", "BackupCreate", 202, "203.0.113.91", "hadm", "", "", ""};
        backup.hsm = true;
        tc.add(backup);
        tc.open();
        compare(render(run(tc.caseFile(), {"sigma-vault-modified-deleted", "hsm-security-domain-download",
                                           "hsm-full-backup-restore", "hsm-role-changes", "hsm-key-purge-release",
                                           "hsm-key-read-volume", "sentinel-sensitive-operations"})),
                {"sigma-vault-modified-deleted | kv1 | adm | 198.51.100.90 | 2 | 2026-11-02T08:00:00.000Z | Medium",
                 "sentinel-sensitive-operations | kv1 | adm | 198.51.100.90 | 1 | 2026-11-02T08:05:00.000Z | Low",
                 "hsm-security-domain-download | hsm1 | hadm | 203.0.113.91 | 1 | 2026-11-03T08:00:00.000Z | High",
                 "hsm-role-changes | hsm1 | hadm | 203.0.113.91 | 1 | 2026-11-03T09:00:00.000Z | Medium",
                 "hsm-key-purge-release | hsm1 | hadm | 203.0.113.91 | 1 | 2026-11-03T10:00:00.000Z | Medium",
                 "sentinel-sensitive-operations | hsm1 | hadm | 203.0.113.91 | 1 | 2026-11-03T10:00:00.000Z | Low",
                 "hsm-key-read-volume | hsm1 | reader | 203.0.113.92 | 26 | 2026-11-03T11:00:00.000Z | Low",
                 "hsm-full-backup-restore | hsm1 | hadm | 203.0.113.91 | 1 | 2026-11-03T12:00:00.000Z | Medium"});
    }

    void findingsAreSavedAndReplaced()
    {
        TestCase tc;
        tc.add({at(3, 10), "kv1", "SecretDelete", 200, "198.51.100.5", "u1", "", "", "s1"});
        tc.add({at(3, 11), "kv1", "KeyDelete", 200, "198.51.100.5", "u2", "", "", "k1"});
        const auto& c = tc.open();
        const auto first = run(c, {"sentinel-sensitive-operations"});
        QVERIFY(DetectionEngine::save(c, first).ok());
        QVERIFY(DetectionEngine::save(c, first).ok()); // replaces, does not append
        auto loaded = DetectionEngine::load(c);
        QVERIFY(loaded.ok());
        QCOMPARE(render(*loaded), render(first));
        QCOMPARE((*loaded)[0].eventIds, first[0].eventIds);
        auto st = c.db().prepare("SELECT detail_json FROM findings ORDER BY id LIMIT 1");
        QVERIFY(st.step());
        const auto j = nlohmann::json::parse(st.text(0));
        for (const char* key : {"entities", "vaults", "event_count", "event_ids", "parameters", "source", "tactic",
                                "technique", "explanation"}) {
            QVERIFY2(j.contains(key), key);
        }
        QVERIFY(j["entities"]["identities"] == nlohmann::json({"u1"}));
        QCOMPARE(j["parameters"]["period"].get<std::string>(), std::string("1d"));
    }

    // A finding's evidence: the whole hours of its window come from the run's rollup, the partial hours at its
    // edges and the first ids from events. Same finding either way, and the exact values.
    void evidenceAcrossHourEdges_data()
    {
        QTest::addColumn<int>("startMinute"); // of hour 08, day 1
        QTest::addColumn<int>("events");      // SecretGets by "big", 30 s apart
        QTest::addColumn<QString>("end");
        QTest::addColumn<int>("excluded");    // allow-listed events inside the window

        // 08:30 .. 11:29:30: edges of 30 minutes around the whole hours 09 and 10.
        QTest::newRow("edges around whole hours") << 30 << 360 << QStringLiteral("2026-11-02T11:29:30.000Z") << 70;
        // 08:00 .. 10:59:30: the first hour is whole from its start, the last ends 30 s early.
        QTest::newRow("starts on the hour") << 0 << 360 << QStringLiteral("2026-11-02T10:59:30.000Z") << 70;
        // 08:10 .. 09:06:00: no whole hour, all from events.
        QTest::newRow("no whole hour") << 10 << 113 << QStringLiteral("2026-11-02T09:06:00.000Z") << 20;
    }

    void evidenceAcrossHourEdges()
    {
        QFETCH(int, startMinute);
        QFETCH(int, events);
        QFETCH(QString, end);
        QFETCH(int, excluded);

        TestCase tc;
        tc.addMany(events, {at(1, 8, startMinute), "kv1", "SecretGet", 200, "198.51.100.4", "big", "", "", "s"}, 30,
                   true);
        // A second address of the same caller, inside the window.
        tc.addMany(10, {at(1, 8, 50), "kv1", "SecretGet", 200, "203.0.113.9", "big", "", "", "x"});
        // An allow-listed reader: 20 events at 08:55 (an edge or a whole hour), 50 at 09:20, 30 the day after.
        tc.addMany(20, {at(1, 8, 55), "kv1", "SecretGet", 200, "198.51.100.7", "allowed-one", "", "", "a"});
        tc.addMany(50, {at(1, 9, 20), "kv1", "SecretGet", 200, "198.51.100.7", "allowed-one", "", "", "a"});
        tc.addMany(30, {at(2, 9), "kv1", "SecretGet", 200, "198.51.100.7", "allowed-one", "", "", "a"});
        const auto& c = tc.open();

        std::vector<Finding> found[2];
        for (const bool rollup : {true, false}) {
            DetectionOptions o;
            o.ruleIds = {"workbook-mass-secret-retrieval"};
            QVERIFY(o.settings.set("workbook-mass-secret-retrieval.threshold=100").ok());
            o.allowList.identities = {"allowed-one"};
            o.maxEventIds = 5;
            o.rollup = rollup;
            auto f = DetectionEngine(c).run({}, o);
            QVERIFY(f.ok());
            found[rollup ? 0 : 1] = std::move(*f);
        }
        QCOMPARE(found[0].size(), std::size_t{1});
        QCOMPARE(found[1].size(), std::size_t{1});
        const Finding& f = found[0][0];
        QCOMPARE(f.detailJson().dump(), found[1][0].detailJson().dump());
        QCOMPARE(f.eventCount, std::int64_t{events + 10});
        QCOMPARE(f.start, at(1, 8, startMinute));
        QCOMPARE(QString::fromStdString(f.end.toIso()), end);
        QVERIFY(f.entities.ips == std::vector<std::string>({"198.51.100.4", "203.0.113.9"}));
        QVERIFY(f.entities.identities == std::vector<std::string>({"big"}));
        QCOMPARE(f.entities.objects.size(), std::size_t(events + 1)); // s0.. and x
        // The first five events by time are the first five written (ids from 1).
        QVERIFY(f.eventIds == std::vector<std::int64_t>({1, 2, 3, 4, 5}));
        QCOMPARE(f.excluded["events"].get<int>(), excluded);
        QVERIFY(f.excluded["identities"] == nlohmann::json({"allowed-one"}));
        QVERIFY(f.excluded["ips"] == nlohmann::json({"198.51.100.7"}));
    }

    void evidenceIdsAreCappedCountIsExact()
    {
        TestCase tc;
        tc.addMany(300, {at(1, 8), "kv1", "SecretGet", 200, "198.51.100.4", "big", "", "", "s"});
        const auto& c = tc.open();
        DetectionOptions o;
        o.ruleIds = {"workbook-mass-secret-retrieval"};
        QVERIFY(o.settings.set("workbook-mass-secret-retrieval.threshold=100").ok());
        o.maxEventIds = 50;
        const auto f = DetectionEngine(c).run({}, o);
        QVERIFY(f.ok());
        QCOMPARE(f->size(), std::size_t{1});
        QCOMPARE((*f)[0].eventCount, std::int64_t{300});
        QCOMPARE((*f)[0].eventIds.size(), std::size_t{50});
    }
};

QTEST_GUILESS_MAIN(TestDetections)
#include "tst_detections.moc"
