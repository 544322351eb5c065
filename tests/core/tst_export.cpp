// Table exports: the grouped tables' values, RFC 4180 CSV with formula neutralisation of hostile log values, JSON
// with numbers as numbers, the event list with its filter and tags, and the scope rule for findings and alerts.
#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/report/TableExport.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <sstream>

using namespace kvw::core;

namespace {

const Timestamp kT0 = Timestamp::fromCivil(2026, 11, 3, 10, 0, 0);

struct Spec
{
    std::string vault;
    std::string ip;
    std::string upn;
    int status;
    std::string agent;
};

void writeEvents(const CaseFile& c, const std::vector<Spec>& specs)
{
    EventWriter w(c);
    [[maybe_unused]] auto st = w.beginFile("events.json", 1, "fp");
    w.setFormat(SourceFormat::RawJsonLines);
    for (std::size_t i = 0; i < specs.size(); ++i) {
        Event e;
        e.time = kT0 + static_cast<std::int64_t>(i) * Timestamp::TicksPerMinute;
        e.vault = specs[i].vault;
        e.operation = "SecretGet";
        e.operationClass = OperationClass::ReadSecret;
        e.callerIp = specs[i].ip;
        e.identityUpn = specs[i].upn;
        e.identityKind = IdentityKind::User;
        e.httpStatus = specs[i].status;
        e.clientInfo = specs[i].agent;
        w.addEvent(e, static_cast<std::int64_t>(i + 1), "{}");
    }
    [[maybe_unused]] auto f = w.flush();
    [[maybe_unused]] auto d = w.finishFile(true);
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void groupedCsv_data();
    void groupedCsv();
    void jsonNumbers();
    void eventsWithFilterAndTags();
    void findingsAndAlertsScope();
    void inScope_data();
    void inScope();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CaseFile> m_case;
};

void TestExport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto c = CaseFile::open(m_dir->filePath("c.kvwb").toStdString());
    QVERIFY(c.ok());
    m_case = std::make_unique<CaseFile>(std::move(*c));
    writeEvents(*m_case, {{"kv-a", "10.0.0.1", "=cmd|' /C calc'!A0", 200, "ua"},
                          {"kv-a", "10.0.0.1", "alice@contoso.com", 403, "+1-2"},
                          {"kv-b", "@10.0.0.2", "alice@contoso.com", 200, "-x"},
                          {"kv-b", "10.0.0.3", "bob@contoso.com", 200, "\tTab"}});
}

void TestExport::groupedCsv_data()
{
    QTest::addColumn<int>("table");
    QTest::addColumn<QString>("expected");
    const QString t0 = QString::fromStdString(kT0.toIso());
    const QString t1 = QString::fromStdString((kT0 + Timestamp::TicksPerMinute).toIso());
    const QString t2 = QString::fromStdString((kT0 + 2 * Timestamp::TicksPerMinute).toIso());
    const QString t3 = QString::fromStdString((kT0 + 3 * Timestamp::TicksPerMinute).toIso());
    QTest::addRow("by vault") << int(TableExport::Table::ByVault)
                              << "vault,events,failed,identities,ips,first_seen,last_seen,tags,notes\r\n"
                                 "kv-a,2,1,2,1," + t0 + "," + t1 + ",malicious,\r\n"
                                 "kv-b,2,0,2,2," + t2 + "," + t3 + ",,\r\n";
    QTest::addRow("by ip, leading @ neutralised") << int(TableExport::Table::ByIp)
                              << "caller_ip,events,failed,identities,vaults,first_seen,last_seen,tags,notes\r\n"
                                 "10.0.0.1,2,1,2,kv-a," + t0 + "," + t1 + ",,\"note, with comma\"\r\n"
                                 "10.0.0.3,1,0,1,kv-b," + t3 + "," + t3 + ",,\r\n"
                                 "'@10.0.0.2,1,0,1,kv-b," + t2 + "," + t2 + ",,\r\n";
    QTest::addRow("by identity, formula UPN neutralised and quoted")
        << int(TableExport::Table::ByIdentity)
        << "identity,upn,kind,events,failed,ips,vaults,first_seen,last_seen,tags,notes\r\n"
           "alice@contoso.com,alice@contoso.com,user,2,1,2,\"kv-a,kv-b\"," + t1 + "," + t2 + ",,\r\n"
           "'=cmd|' /C calc'!A0,'=cmd|' /C calc'!A0,user,1,0,1,kv-a," + t0 + "," + t0 + ",,\r\n"
           "bob@contoso.com,bob@contoso.com,user,1,0,1,kv-b," + t3 + "," + t3 + ",,\r\n";
}

void TestExport::groupedCsv()
{
    QFETCH(int, table);
    QFETCH(QString, expected);
    const FixedClock clock(kT0);
    AnnotationStore notes(*m_case, clock);
    QVERIFY(notes.addTag(AnnotationTarget::Vault, "kv-a", "malicious").ok());
    QVERIFY(notes.addNote(AnnotationTarget::Ip, "10.0.0.1", "note, with comma").ok());
    auto t = TableExport::build(*m_case, static_cast<TableExport::Table>(table), {});
    QVERIFY(t.ok());
    std::ostringstream out;
    TableExport::writeCsv(*t, out);
    QCOMPARE(QString::fromStdString(out.str()), expected);
}

void TestExport::jsonNumbers()
{
    auto t = TableExport::build(*m_case, TableExport::Table::ByVault, {});
    QVERIFY(t.ok());
    std::ostringstream out;
    TableExport::writeJson(*t, out);
    const auto j = nlohmann::json::parse(out.str());
    QCOMPARE(j.size(), std::size_t{2});
    QCOMPARE(j[0]["vault"].get<std::string>(), std::string("kv-a"));
    QCOMPARE(j[0]["events"].get<int>(), 2);
    QCOMPARE(j[0]["failed"].get<int>(), 1);
    QVERIFY(j[0]["first_seen"].is_string());
}

void TestExport::eventsWithFilterAndTags()
{
    auto q = m_case->db().prepare("SELECT id FROM events WHERE caller_ip = '10.0.0.3'");
    QVERIFY(q.step());
    const std::string id = std::to_string(q.int64(0));
    const FixedClock clock(kT0);
    AnnotationStore notes(*m_case, clock);
    QVERIFY(notes.addTag(AnnotationTarget::Event, id, "benign").ok());
    EventFilter f;
    f.vaults = {"kv-b"};
    std::ostringstream csv;
    auto n = TableExport::exportEvents(*m_case, f, TableExport::Format::Csv, csv);
    QVERIFY(n.ok());
    QCOMPARE(*n, std::int64_t{2});
    const std::string text = csv.str();
    // The tab-led and minus-led user agents are neutralised; the tagged event carries its tag.
    QVERIFY(text.find(",'-x,") != std::string::npos);
    QVERIFY(text.find(",'\tTab,") != std::string::npos);
    QVERIFY(text.find(",benign,\r\n") != std::string::npos);
    QVERIFY(text.find("kv-a") == std::string::npos);
    std::ostringstream json;
    n = TableExport::exportEvents(*m_case, f, TableExport::Format::Json, json, 1);
    QCOMPARE(*n, std::int64_t{1});
    const auto j = nlohmann::json::parse(json.str());
    QCOMPARE(j.size(), std::size_t{1});
    QCOMPARE(j[0]["client_info"].get<std::string>(), std::string("-x"));
}

void TestExport::findingsAndAlertsScope()
{
    m_case->db().exec(
        "INSERT INTO findings(rule_id, title, severity, start_time, end_time, detail_json) VALUES"
        "('r1', '=HYPERLINK(\"x\")', 'High', 100, 200, '{\"vaults\":[\"kv-a\"],\"event_count\":7,"
        "\"entities\":{\"ips\":[\"10.0.0.1\"],\"identities\":[\"alice@contoso.com\"]},\"tactic\":\"Credential Access\"}'),"
        "('r2', 'other', 'Low', 100, 200, '{\"vaults\":[\"kv-b\"]}');"
        "INSERT INTO alerts(system_alert_id, display_name, severity, start_time, end_time, vault) VALUES"
        "('s1', 'Alert A', 'High', 150, 160, 'kv-a');"
        "INSERT INTO alert_entities(alert_id, kind, value) VALUES(1, 'ip', '10.0.0.1');");
    EventFilter f;
    f.vaults = {"kv-a"};
    auto t = TableExport::build(*m_case, TableExport::Table::Findings, f);
    QVERIFY(t.ok());
    QCOMPARE(t->rows.size(), std::size_t{1});
    std::ostringstream out;
    TableExport::writeCsv(*t, out);
    QVERIFY2(out.str().find("1,r1,\"'=HYPERLINK(\"\"x\"\")\",High,") != std::string::npos, out.str().c_str());
    QVERIFY(out.str().find(",7,kv-a,10.0.0.1,alice@contoso.com,,,Credential Access,") != std::string::npos);
    auto a = TableExport::build(*m_case, TableExport::Table::Alerts, f);
    QVERIFY(a.ok());
    QCOMPARE(a->rows.size(), std::size_t{1});
    QCOMPARE(a->rows[0][11], std::string("ip: 10.0.0.1"));
    f.vaults = {"kv-c"};
    QCOMPARE(TableExport::build(*m_case, TableExport::Table::Alerts, f)->rows.size(), std::size_t{0});
}

void TestExport::inScope_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<QString>("vault");
    QTest::addColumn<bool>("expected");
    QTest::addRow("no filter") << qint64(-1) << qint64(-1) << "" << true;
    QTest::addRow("overlaps the start") << qint64(150) << qint64(-1) << "" << true;
    QTest::addRow("ends before the range") << qint64(201) << qint64(-1) << "" << false;
    QTest::addRow("starts at the exclusive end") << qint64(-1) << qint64(100) << "" << false;
    QTest::addRow("vault matches case-insensitively") << qint64(-1) << qint64(-1) << "KV-A" << true;
    QTest::addRow("other vault") << qint64(-1) << qint64(-1) << "kv-z" << false;
}

void TestExport::inScope()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(QString, vault);
    QFETCH(bool, expected);
    EventFilter f;
    if (from >= 0) {
        f.from = Timestamp::fromTicks(from);
    }
    if (to >= 0) {
        f.to = Timestamp::fromTicks(to);
    }
    if (!vault.isEmpty()) {
        f.vaults = {vault.toStdString()};
    }
    QCOMPARE(TableExport::inScope(f, 100, 200, {"kv-a"}), expected);
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
