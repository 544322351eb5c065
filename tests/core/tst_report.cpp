// The incident report's content (ReportBuilder) and its HTML (HtmlReport): scope numbers equal CaseSummary's,
// findings with evidence and thresholds, alerts, threat-intel matches, the entity appendix, annotations, and
// hostile log values (markup, formulas, control characters, bidi overrides) escaped everywhere.
#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/query/CaseSummary.h"
#include "core/report/HtmlEscape.h"
#include "core/report/HtmlReport.h"
#include "core/report/ReportBuilder.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace kvw::core;

namespace {

const Timestamp kT0 = Timestamp::fromCivil(2026, 11, 3, 10, 0, 0);
const std::string kScript = "<script>alert(1)</script>";
const std::string kHostileUpn = kScript + "@contoso.com";
const std::string kHostileUri = "https://kv-a.vault.azure.net/secrets/x\x1b[2J\x07?q=<img src=x onerror=alert(2)>";

class FakeCharts final : public ChartImageProvider
{
public:
    std::optional<ChartImage> render(const ChartSpec&, int, int) const override
    {
        return ChartImage{"image/png", std::string("\x89PNG\r\n\x1a\n", 8)};
    }
};

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void scopeEqualsCaseSummary();
    void findingsAlertsAndIntel();
    void entityAppendixAndAnnotations();
    void vaultScopeExcludesOtherFindings();
    void htmlEscapesHostileValues();
    void htmlInlinesChartsOrTablesThem();
    void escape_data();
    void escape();
    void base64_data();
    void base64();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_case;
    std::int64_t m_hostileId = 0;
};

void TestReport::initTestCase()
{
    auto c = CaseFile::open(m_dir.filePath("c.kvwb").toStdString());
    QVERIFY(c.ok());
    m_case = std::make_unique<CaseFile>(std::move(*c));
    EventWriter w(*m_case);
    QVERIFY(w.beginFile("bundle/insights-logs-auditevent/PT1H.json", 10, "fp").ok());
    w.setFormatName("auditevent-jsonlines");
    for (int i = 0; i < 30; ++i) {
        Event e;
        e.time = kT0 + i * Timestamp::TicksPerHour;
        e.vault = i % 3 == 0 ? "kv-b" : "kv-a";
        e.resourceType = ResourceType::Vault;
        e.operation = i % 5 == 0 ? "SecretDelete" : "SecretGet";
        e.operationClass = i % 5 == 0 ? OperationClass::Delete : OperationClass::ReadSecret;
        e.objectName = "secret-" + std::to_string(i % 7);
        e.callerIp = i % 2 == 0 ? "198.51.100.7" : "10.1.1.1";
        e.identityObjectId = i % 2 == 0 ? "oid-mallory" : "oid-app";
        e.identityUpn = i % 2 == 0 ? "mallory@contoso.com" : "";
        e.identityKind = i % 2 == 0 ? IdentityKind::User : IdentityKind::ServicePrincipal;
        e.httpStatus = i % 4 == 0 ? 403 : 200;
        w.addEvent(e, i + 1, "{}");
    }
    Event h;
    h.time = kT0 + 30 * Timestamp::TicksPerHour;
    h.vault = "kv-a";
    h.operation = "SecretGet";
    h.operationClass = OperationClass::ReadSecret;
    h.callerIp = "203.0.113.9";
    h.identityUpn = kHostileUpn;
    h.identityKind = IdentityKind::User;
    h.clientInfo = "=HYPERLINK(\"http://evil\")\u202Egnp.exe";
    h.requestUri = kHostileUri;
    h.httpStatus = 200;
    w.addEvent(h, 31, "{}");
    w.addError(Error{Error::Code::Parse, "bundle/bad.json", 3, "unexpected <token>"});
    QVERIFY(w.flush().ok());
    QVERIFY(w.finishFile(true).ok());
    auto q = m_case->db().prepare("SELECT id FROM events WHERE caller_ip = '203.0.113.9'");
    QVERIFY(q.step());
    m_hostileId = q.int64(0);

    const std::string ids = [&] {
        auto s = m_case->db().prepare("SELECT id FROM events WHERE caller_ip = '198.51.100.7' ORDER BY time DESC");
        std::string out;
        while (s.step()) {
            out += (out.empty() ? "" : ",") + std::to_string(s.int64(0));
        }
        return out;
    }();
    auto f = m_case->db().prepare("INSERT INTO findings(rule_id, title, severity, start_time, end_time, detail_json) "
                                  "VALUES(?, ?, ?, ?, ?, ?)");
    f.bind(1, "sentinel-mass-secret-retrieval")
        .bind(2, "Mass secret retrieval by " + kHostileUpn)
        .bind(3, "High")
        .bind(4, kT0.ticks())
        .bind(5, (kT0 + 29 * Timestamp::TicksPerHour).ticks())
        .bind(6, R"({"entities":{"ips":["198.51.100.7"],"identities":["oid-mallory"],"apps":[],"objects":["secret-1"]},)"
                 R"("vaults":["kv-a","kv-b"],"event_count":15,"event_ids":[)" + ids +
                     R"(],"parameters":{"distinct_uri_threshold":10,"period":"1d"},"source":"Sentinel",)"
                     R"("tactic":"Credential Access","technique":"T1555.006","explanation":"15 reads"})");
    f.run();
    f.reset();
    f.bind(1, "sensitive-operations")
        .bind(2, "Secret deleted on kv-b")
        .bind(3, "Medium")
        .bind(4, kT0.ticks())
        .bind(5, kT0.ticks())
        .bind(6, R"({"vaults":["kv-b"],"event_count":1,"parameters":{"operations":"SecretDelete"}})");
    f.run();
    m_case->db().exec("INSERT INTO alerts(system_alert_id, display_name, severity, start_time, end_time, vault, "
                      "description, status) VALUES('sys-1', 'Access from a suspicious IP', 'High', NULL, "
                      "NULL, 'kv-a', 'An <iframe> was seen', 'New');"
                      "INSERT INTO alert_entities(alert_id, kind, value) VALUES(1, 'ip', '198.51.100.7');"
                      "INSERT INTO ti_lists(name, kind) VALUES('tor-exits', 'tor');"
                      "INSERT INTO ti_indicators(list_id, ip, description) VALUES(1, '198.51.100.7', 'Tor exit');");
    const FixedClock clock(kT0);
    AnnotationStore notes(*m_case, clock, "analyst");
    QVERIFY(notes.addTag(AnnotationTarget::Event, std::to_string(m_hostileId), "malicious").ok());
    QVERIFY(notes.addNote(AnnotationTarget::Ip, "198.51.100.7", "<b>known</b> attacker").ok());
    QVERIFY(notes.addTag(AnnotationTarget::Finding, "1", "confirmed").ok());
}

void TestReport::scopeEqualsCaseSummary()
{
    const FixedClock clock(kT0 + Timestamp::TicksPerDay * 10);
    ReportBuilder::Options o;
    o.commandLine = "kvworkbook-cli report --case c.kvwb --out r.html";
    auto r = ReportBuilder(*m_case, clock).build(o);
    QVERIFY(r.ok());
    auto s = CaseSummary::compute(*m_case, {});
    QVERIFY(s.ok());
    QCOMPARE(r->summary.events, s->events);
    QCOMPARE(r->summary.events, std::int64_t{31});
    QCOMPARE(r->summary.failed, s->failed);
    QCOMPARE(r->summary.first->ticks(), kT0.ticks());
    QCOMPARE(r->summary.errorCount, std::int64_t{1});
    QCOMPARE(r->generatedAt, (kT0 + Timestamp::TicksPerDay * 10).toIso());
    QCOMPARE(r->toolVersion, std::string("KV Workbook ") + KVW_VERSION);
    const std::string html = HtmlReport::render(*r, {});
    QVERIFY(html.find("<th width=\"28%\">Events in scope</th><td>31</td>") != std::string::npos);
    QVERIFY(html.find("<th width=\"28%\">Failed requests (HTTP ≥ 400)</th><td>" + std::to_string(s->failed) +
                      "</td>") != std::string::npos);
    QVERIFY(html.find("First event</th><td>" + kT0.toDisplay() + " UTC</td>") != std::string::npos);
    QVERIFY(html.find("kvworkbook-cli report --case c.kvwb --out r.html") != std::string::npos);
    QVERIFY(html.find("<td>auditevent-jsonlines</td>") != std::string::npos);
    QVERIFY(html.find("unexpected &lt;token&gt;") != std::string::npos);
    QVERIFY(html.find("time start .. end; vaults all") != std::string::npos);
}

void TestReport::findingsAlertsAndIntel()
{
    const FixedClock clock(kT0);
    auto r = ReportBuilder(*m_case, clock).build({});
    QVERIFY(r.ok());
    QCOMPARE(r->findings.size(), std::size_t{2});
    const auto& f = r->findings.front();
    QCOMPARE(f.record.severity, std::string("High"));
    QCOMPARE(f.record.eventCount, std::int64_t{15});
    QCOMPARE(f.firstEvents.size(), std::size_t{5});
    QCOMPARE(f.firstEvents.front().event.time.ticks(), kT0.ticks());  // the earliest evidence first
    QCOMPARE(f.annotations.size(), std::size_t{1});
    QCOMPARE(r->findingsBySeverity.at("High"), std::int64_t{1});
    QCOMPARE(r->findingsBySeverity.at("Medium"), std::int64_t{1});
    QCOMPARE(r->incidentStart->ticks(), kT0.ticks());  // the alert without a start time does not count
    QCOMPARE(r->incidentEnd->ticks(), (kT0 + 29 * Timestamp::TicksPerHour).ticks());
    QCOMPARE(r->thresholds.rows.size(), std::size_t{3});
    QCOMPARE(r->thresholds.rows[0], (std::vector<std::string>{"sensitive-operations", "operations", "SecretDelete"}));
    QCOMPARE(r->thresholds.rows[1], (std::vector<std::string>{"sentinel-mass-secret-retrieval", "distinct_uri_threshold", "10"}));
    QCOMPARE(r->alerts.size(), std::size_t{1});
    QCOMPARE(r->threatMatches.size(), std::size_t{1});
    QCOMPARE(r->threatMatches[0].ip, std::string("198.51.100.7"));
    QCOMPARE(r->threatMatches[0].events, std::int64_t{15});
    QCOMPARE(r->threatMatches[0].list, std::string("tor-exits"));
    QCOMPARE(r->vaultsInvolved, (std::vector<std::string>{"kv-a", "kv-b"}));
    const std::string html = HtmlReport::render(*r, {});
    QVERIFY(html.find("T1555.006") != std::string::npos);
    QVERIFY(html.find("distinct_uri_threshold = 10, period = 1d") != std::string::npos);
    QVERIFY(html.find("An &lt;iframe&gt; was seen") != std::string::npos);
    QVERIFY(html.find("<td>tor-exits</td>") != std::string::npos);
}

void TestReport::entityAppendixAndAnnotations()
{
    const FixedClock clock(kT0);
    auto r = ReportBuilder(*m_case, clock).build({});
    QVERIFY(r.ok());
    const ReportEntity* ip = nullptr;
    const ReportEntity* id = nullptr;
    for (const auto& e : r->entities) {
        if (e.kind == AnnotationTarget::Ip && e.key == "198.51.100.7") {
            ip = &e;
        }
        if (e.kind == AnnotationTarget::Identity && e.key == "oid-mallory") {
            id = &e;
        }
    }
    QVERIFY(ip != nullptr && id != nullptr);
    QCOMPARE(ip->events, std::int64_t{15});
    QCOMPARE(ip->vaults, (std::vector<std::string>{"kv-a", "kv-b"}));
    QCOMPARE(ip->relatedAlerts, (std::vector<std::string>{"Access from a suspicious IP (High)"}));
    QCOMPARE(ip->threatLists, (std::vector<std::string>{"tor-exits"}));
    QCOMPARE(AnnotationStore::notesText(ip->annotations), std::string("<b>known</b> attacker"));
    QCOMPARE(id->label, std::string("mallory@contoso.com"));
    QCOMPARE(id->first->ticks(), kT0.ticks());
    QCOMPARE(r->annotations.size(), std::size_t{3});
    bool described = false;
    for (const auto& a : r->annotations) {
        if (a.annotation.kind == AnnotationTarget::Event) {
            described = a.targetDescription.find("SecretGet on kv-a by " + kHostileUpn) != std::string::npos;
        }
    }
    QVERIFY(described);
}

void TestReport::vaultScopeExcludesOtherFindings()
{
    const FixedClock clock(kT0);
    ReportBuilder::Options o;
    o.filter.vaults = {"kv-a"};
    auto r = ReportBuilder(*m_case, clock).build(o);
    QVERIFY(r.ok());
    QCOMPARE(r->findings.size(), std::size_t{1});  // the kv-b-only finding is out of scope
    QCOMPARE(r->summary.byVault.size(), std::size_t{1});
    QCOMPARE(r->summary.events, std::int64_t{21});
}

void TestReport::htmlEscapesHostileValues()
{
    const FixedClock clock(kT0);
    auto r = ReportBuilder(*m_case, clock).build({});
    QVERIFY(r.ok());
    for (const auto flavour : {HtmlReport::Flavour::Browser, HtmlReport::Flavour::TextDocument}) {
        HtmlReport::Options o;
        o.flavour = flavour;
        const std::string html = HtmlReport::render(*r, o);
        QVERIFY(html.find("<script") == std::string::npos);
        QVERIFY(html.find("<img src=x") == std::string::npos);
        QVERIFY(html.find("<b>known</b>") == std::string::npos);
        QVERIFY(html.find("&lt;script&gt;alert(1)&lt;/script&gt;@contoso.com") != std::string::npos);
        QVERIFY(html.find("&lt;b&gt;known&lt;/b&gt; attacker") != std::string::npos);
        QVERIFY(html.find('\x1b') == std::string::npos);
        QVERIFY(html.find('\x07') == std::string::npos);
        QVERIFY(html.find("\xE2\x80\xAE") == std::string::npos);  // U+202E shown as a replacement
    }
}

void TestReport::htmlInlinesChartsOrTablesThem()
{
    const FixedClock clock(kT0);
    auto r = ReportBuilder(*m_case, clock).build({});
    QVERIFY(r.ok());
    QVERIFY(!r->charts.empty());
    const FakeCharts charts;
    HtmlReport::Options o;
    o.charts = &charts;
    const std::string html = HtmlReport::render(*r, o);
    QVERIFY(html.find("src=\"data:image/png;base64,iVBORw0KGgo=\"") != std::string::npos);
    // Without a renderer the same chart is a table of its data.
    const std::string plain = HtmlReport::render(*r, {});
    QVERIFY(plain.find("data:image") == std::string::npos);
    QVERIFY(plain.find("<th>bin start (UTC)</th>") != std::string::npos);
    HtmlReport::Options td;
    td.flavour = HtmlReport::Flavour::TextDocument;
    QVERIFY(HtmlReport::render(*r, td).find("<img src=\"kvwchart-0.png\"") != std::string::npos);
}

void TestReport::escape_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("markup") << QByteArray("<script>alert('x')</script>")
                            << QByteArray("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    QTest::addRow("attribute breakout") << QByteArray("\" onload=\"x") << QByteArray("&quot; onload=&quot;x");
    QTest::addRow("ampersand") << QByteArray("a&b") << QByteArray("a&amp;b");
    QTest::addRow("control characters visible") << QByteArray("a\x1b[31m\x07z") << QByteArray("a\\x1B[31m\\x07z");
    QTest::addRow("newline and tab shown as escapes") << QByteArray("a\nb\tc") << QByteArray("a\\x0Ab\\x09c");
    QTest::addRow("utf-8 kept") << QByteArray("Zoë ✓") << QByteArray("Zoë ✓");
    QTest::addRow("invalid utf-8 replaced") << QByteArray("a\xff\xc3z") << QByteArray("a\xEF\xBF\xBD\xEF\xBF\xBDz");
    QTest::addRow("overlong slash replaced") << QByteArray("\xc0\xaf") << QByteArray("\xEF\xBF\xBD\xEF\xBF\xBD");
    QTest::addRow("bidi override replaced") << QByteArray("a\xE2\x80\xAEz")
                                            << QByteArray("a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz");
}

void TestReport::escape()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(QByteArray::fromStdString(HtmlEscape::text(input.toStdString())), expected);
}

void TestReport::base64_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addRow("empty") << QByteArray();
    QTest::addRow("one byte") << QByteArray("f");
    QTest::addRow("two bytes") << QByteArray("fo");
    QTest::addRow("three bytes") << QByteArray("foo");
    QTest::addRow("binary") << QByteArray("\x00\xff\x10\x80\x7f", 5);
}

void TestReport::base64()
{
    QFETCH(QByteArray, input);
    QCOMPARE(QByteArray::fromStdString(HtmlEscape::base64(input.toStdString())), input.toBase64());
}

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
