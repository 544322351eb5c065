// Threat-intel matches in the incident report honour each indicator's validity window: STIX valid_from ..
// valid_until, a dated snapshot (Tor exit entry, a plain list's date) from snapshot_lookback before its date, and no
// window at all when the indicator states none. The window is shown in the report.
#include "core/common/Clock.h"
#include "core/report/HtmlReport.h"
#include "core/report/ReportBuilder.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace kvw::core;

namespace {

const char* const kListed = "198.51.100.20";
const char* const kUndated = "203.0.113.50";

// Noon of November `day`, 2026.
Timestamp day(int d) { return Timestamp::fromCivil(2026, 11, d, 12, 0, 0); }

Event auditEvent(Timestamp t, const std::string& ip)
{
    Event e;
    e.time = t;
    e.vault = "kv-a";
    e.resourceType = ResourceType::Vault;
    e.operation = "SecretGet";
    e.operationClass = OperationClass::ReadSecret;
    e.objectName = "db-password";
    e.callerIp = ip;
    e.identityObjectId = "oid-x";
    e.identityKind = IdentityKind::User;
    e.httpStatus = 200;
    return e;
}

void addList(const CaseFile& c, const std::string& name, const std::string& kind, const std::string& listDate)
{
    auto st = c.db().prepare("INSERT INTO ti_lists(name, kind, list_date) VALUES(?, ?, ?)");
    st.bind(1, name).bind(2, kind).bind(3, listDate);
    st.run();
}

void addIndicator(const CaseFile& c, const std::string& list, const std::string& ip, std::optional<Timestamp> from,
                  std::optional<Timestamp> until)
{
    auto st = c.db().prepare("INSERT INTO ti_indicators(list_id, ip, description, valid_from, valid_until) "
                             "SELECT id, ?, ?, ?, ? FROM ti_lists WHERE name = ?");
    st.bind(1, ip).bind(2, list + " entry");
    if (from) {
        st.bind(3, from->ticks());
    } else {
        st.bindNull(3);
    }
    if (until) {
        st.bind(4, until->ticks());
    } else {
        st.bindNull(4);
    }
    st.bind(5, list);
    st.run();
}

const ReportThreatMatch* findMatch(const ReportData& r, const std::string& list)
{
    for (const auto& m : r.threatMatches) {
        if (m.list == list) {
            return &m;
        }
    }
    return nullptr;
}

} // namespace

class TestReportThreatWindow : public QObject
{
    Q_OBJECT

private slots:
    void matchesOnlyInsideTheWindow_data();
    void matchesOnlyInsideTheWindow();
};

void TestReportThreatWindow::matchesOnlyInsideTheWindow_data()
{
    QTest::addColumn<QString>("lookback");     // snapshot_lookback recorded by a TI detection run; empty = none
    QTest::addColumn<qlonglong>("torEvents");
    QTest::addColumn<int>("torFirstDay");

    // The Tor entry is dated Nov 9 with no end: the default 7 d reach back to Nov 2 (events of days 2..10).
    QTest::newRow("default lookback") << QString() << qlonglong(9) << 2;
    // A detection run with snapshot_lookback = 1d: only days 8..10.
    QTest::newRow("lookback of the detection run") << QStringLiteral("1d") << qlonglong(3) << 8;
}

void TestReportThreatWindow::matchesOnlyInsideTheWindow()
{
    QFETCH(QString, lookback);
    QFETCH(qlonglong, torEvents);
    QFETCH(int, torFirstDay);

    QTemporaryDir dir;
    auto c = CaseFile::open(dir.filePath(QStringLiteral("ti.kvwb")).toStdString());
    QVERIFY(c.ok());
    {
        EventWriter w(*c);
        QVERIFY(w.beginFile("bundle/audit.json", 10, "fp").ok());
        w.setFormatName("auditevent-jsonlines");
        std::int64_t line = 0;
        for (int d = 1; d <= 10; ++d) {
            w.addEvent(auditEvent(day(d), kListed), ++line, "{}");
        }
        w.addEvent(auditEvent(day(4), kUndated), ++line, "{}");
        w.addEvent(auditEvent(day(6), kUndated), ++line, "{}");
        QVERIFY(w.flush().ok());
        QVERIFY(w.finishFile(true).ok());
    }
    addList(*c, "stix-feed", "stix", "2026-11-01T00:00:00Z");
    addIndicator(*c, "stix-feed", kListed, Timestamp::fromCivil(2026, 11, 3), Timestamp::fromCivil(2026, 11, 5, 23, 59, 0));
    addList(*c, "tor-exits", "tor", "2026-11-09T00:00:00Z");
    addIndicator(*c, "tor-exits", kListed, Timestamp::fromCivil(2026, 11, 9), std::nullopt);
    // A plain list dated Nov 20: its snapshot reaches back to Nov 13 at most, after every event of the IP.
    addList(*c, "late-blocklist", "ip-list", "2026-11-20T00:00:00Z");
    addIndicator(*c, "late-blocklist", kListed, std::nullopt, std::nullopt);
    // An undated list states no window: every event of the IP counts.
    addList(*c, "undated-list", "ip-list", "");
    addIndicator(*c, "undated-list", kUndated, std::nullopt, std::nullopt);
    if (!lookback.isEmpty()) {
        auto f = c->db().prepare("INSERT INTO findings(rule_id, title, severity, start_time, end_time, detail_json) "
                                 "VALUES(?, ?, ?, ?, ?, ?)");
        const std::string detail = "{\"vaults\":[\"kv-a\"],\"event_count\":1,\"parameters\":{\"snapshot_lookback\":\"" +
                                   lookback.toStdString() + "\"}}";
        f.bind(1, "sentinel-ti-map-ip").bind(2, "TI match").bind(3, "Medium").bind(4, day(9).ticks())
            .bind(5, day(10).ticks()).bind(6, detail);
        f.run();
    }

    const FixedClock clock(day(28));
    ReportBuilder::Options options;
    auto r = ReportBuilder(*c, clock).build(options);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    QCOMPARE(r->threatMatches.size(), std::size_t{3});
    QVERIFY(findMatch(*r, "late-blocklist") == nullptr);

    const ReportThreatMatch* stix = findMatch(*r, "stix-feed");
    QVERIFY(stix);
    QCOMPARE(stix->ip, std::string(kListed));
    QCOMPARE(stix->events, std::int64_t{3});
    QCOMPARE(stix->first, day(3).ticks());
    QCOMPARE(stix->last, day(5).ticks());
    QVERIFY(stix->windowFrom && stix->windowUntil);
    QCOMPARE(stix->windowFrom->ticks(), Timestamp::fromCivil(2026, 11, 3).ticks());
    QCOMPARE(stix->windowUntil->ticks(), Timestamp::fromCivil(2026, 11, 5, 23, 59, 0).ticks());

    const ReportThreatMatch* tor = findMatch(*r, "tor-exits");
    QVERIFY(tor);
    QCOMPARE(static_cast<qlonglong>(tor->events), torEvents);
    QCOMPARE(tor->first, day(torFirstDay).ticks());
    QCOMPARE(tor->last, day(10).ticks());
    QVERIFY(!tor->windowUntil.has_value());

    const ReportThreatMatch* undated = findMatch(*r, "undated-list");
    QVERIFY(undated);
    QCOMPARE(undated->ip, std::string(kUndated));
    QCOMPARE(undated->events, std::int64_t{2});
    QVERIFY(!undated->windowFrom && !undated->windowUntil);

    // The report shows each window next to the match.
    const std::string html = HtmlReport::render(*r, {});
    QVERIFY(html.find("indicator validity (UTC)") != std::string::npos);
    QVERIFY(html.find("2026-11-03 00:00:00 .. 2026-11-05 23:59:00 (indicator valid_from .. valid_until)") != std::string::npos);
    QVERIFY(html.find("always .. open (no validity stated)") != std::string::npos);
    QVERIFY(html.find("late-blocklist") == std::string::npos);
}

QTEST_GUILESS_MAIN(TestReportThreatWindow)
#include "tst_report_threat_window.moc"
