// End to end through the CLI verbs: the demo bundle is generated, ingested and run through the detections, hostile
// events are added, then tag/note, export, chart and report are run in process and their files checked.
#include "app/cli/CommandLine.h"
#include "common/TestSupport.h"
#include "core/demo/DemoBundleGenerator.h"
#include "core/query/CaseSummary.h"
#include "core/render/GuiRuntime.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <filesystem>
#include <sstream>

using namespace kvw;

namespace {

struct Run
{
    int rc = 0;
    std::string out;
    std::string err;
};

Run runCli(const std::vector<std::string>& args)
{
    std::ostringstream out;
    std::ostringstream err;
    cli::CommandIo io{out, err};
    Run r;
    r.rc = cli::CommandLine::run(args, io);
    r.out = out.str();
    r.err = err.str();
    return r;
}

const std::string kScriptUpn = "<script>alert(1)</script>@contoso.com";
const std::string kFormulaAgent = "=HYPERLINK(\"http://evil.example/x\",\"click\")";
const std::string kControlUri = "https://v.vault.azure.net/secrets/a\x1b[31mred\x07?api-version=7.4";

} // namespace

class TestReportCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tagAndNote();
    void exportTables_data();
    void exportTables();
    void chartExport_data();
    void chartExport();
    void htmlReport();
    void pdfReport();
    void usageErrors_data();
    void usageErrors();

private:
    QTemporaryDir m_dir;
    std::string m_case;
    std::vector<core::DemoIncident> m_incidents;
    std::int64_t m_hostileEvent = 0;
};

void TestReportCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const std::filesystem::path root(m_dir.path().toStdString());
    core::DemoOptions options;
    options.events = 20'000;
    options.days = 10;
    auto demo = core::DemoBundleGenerator(options).write(root / "bundle");
    QVERIFY2(demo.ok(), demo.ok() ? "" : demo.error().toString().c_str());
    m_incidents = demo->incidents;
    QVERIFY(!m_incidents.empty());
    m_case = (root / "case.kvwb").string();
    auto ingest = runCli({"ingest", "--case", m_case, "--quiet", (root / "bundle").string()});
    QVERIFY2(ingest.rc == 0, ingest.err.c_str());
    auto detect = runCli({"detect", "--case", m_case});
    QVERIFY2(detect.rc == 0, detect.err.c_str());

    // Hostile values as an attacker could plant them in request fields.
    auto caseFile = core::CaseFile::open(m_case);
    QVERIFY(caseFile.ok());
    core::EventWriter writer(*caseFile);
    QVERIFY(writer.beginFile("hostile.json", 1, "hostile").ok());
    writer.setFormat(core::SourceFormat::RawJsonLines);
    core::Event e;
    e.time = demo->incidents.front().start + core::Timestamp::TicksPerMinute;
    e.vault = "kv-hostile";
    e.resourceType = core::ResourceType::Vault;
    e.operation = "SecretGet";
    e.operationClass = core::OperationClass::ReadSecret;
    e.httpStatus = 200;
    e.callerIp = "203.0.113.66";
    e.identityUpn = kScriptUpn;
    e.identityKind = core::IdentityKind::User;
    e.clientInfo = kFormulaAgent;
    e.requestUri = kControlUri;
    e.objectName = "-2+3";
    writer.addEvent(e, 1, "{}");
    QVERIFY(writer.flush().ok());
    QVERIFY(writer.finishFile(true).ok());
    auto st = caseFile->db().prepare("SELECT id FROM events WHERE vault = 'kv-hostile'");
    QVERIFY(st.step());
    m_hostileEvent = st.int64(0);
}

void TestReportCli::tagAndNote()
{
    const std::string id = std::to_string(m_hostileEvent);
    auto r = runCli({"tag", "--case", m_case, "--event", id, "Malicious"});
    QVERIFY2(r.rc == 0, r.err.c_str());
    QVERIFY(r.out.find("as malicious") != std::string::npos);
    r = runCli({"tag", "--case", m_case, "--ip", "203.0.113.66", "needs review"});
    QCOMPARE(r.rc, 0);
    r = runCli({"note", "--case", m_case, "--event", id, "<b>planted</b> by the test"});
    QCOMPARE(r.rc, 0);
    r = runCli({"tag", "--case", m_case, "--event", id, "--bookmark"});
    QCOMPARE(r.rc, 0);
    r = runCli({"tag", "--case", m_case, "--event", "999999999", "malicious"});
    QCOMPARE(r.rc, 1);
    QVERIFY(r.err.find("no event with id 999999999") != std::string::npos);

    r = runCli({"tag", "--case", m_case, "--list"});
    QCOMPARE(r.rc, 0);
    QVERIFY2(r.out.find("\tevent\t" + id + "\tmalicious\t") != std::string::npos, r.out.c_str());
    QVERIFY(r.out.find("\tip\t203.0.113.66\tneeds-review\t") != std::string::npos);
    r = runCli({"note", "--case", m_case, "--list"});
    QVERIFY(r.out.find("<b>planted</b> by the test") != std::string::npos);
    // "show tagged events": only the hostile event carries a tag.
    r = runCli({"tag", "--case", m_case, "--events", "--tag", "malicious"});
    QCOMPARE(r.rc, 0);
    std::istringstream lines(r.out);
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
        ++n;
    }
    QCOMPARE(n, 2);
    QVERIFY(r.out.find("\r\n" + id + ",") != std::string::npos);
}

void TestReportCli::exportTables_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("ext");
    QTest::addColumn<QString>("expected");
    QTest::addRow("events csv, formula user agent neutralised") << "events" << "csv" << "\"'=HYPERLINK(\"\"http";
    QTest::addRow("events csv, leading minus neutralised") << "events" << "csv" << ",'-2+3,";
    QTest::addRow("events json keeps the raw value as data") << "events" << "json" << "\"client_info\":\"=HYPERLINK";
    QTest::addRow("events json carries tags") << "events" << "json" << "\"tags\":\"malicious, bookmarked\"";
    QTest::addRow("by-ip csv carries the IP tag") << "by-ip" << "csv" << "203.0.113.66,1,0,1,kv-hostile,";
    QTest::addRow("by-vault json numbers") << "by-vault" << "json" << "{\"vault\":\"kv-hostile\",\"events\":1,";
    QTest::addRow("by-identity csv") << "by-identity" << "csv" << "<script>alert(1)</script>@contoso.com";
    QTest::addRow("findings csv header") << "findings" << "csv" << "id,rule_id,title,severity,start,end,events,";
    QTest::addRow("alerts json") << "alerts" << "json" << "\"system_alert_id\":";
    QTest::addRow("by-operation csv") << "by-operation" << "csv" << "SecretGet,read_secret,";
}

void TestReportCli::exportTables()
{
    QFETCH(QString, table);
    QFETCH(QString, ext);
    QFETCH(QString, expected);
    const std::string out = m_dir.filePath(table + "." + ext).toStdString();
    auto r = runCli({"export", "--case", m_case, "--table", table.toStdString(), "--out", out});
    QVERIFY2(r.rc == 0, r.err.c_str());
    const std::string text = test::readFile(out);
    QVERIFY2(text.find(expected.toStdString()) != std::string::npos, text.substr(0, 600).c_str());
    if (ext == "json") {
        QVERIFY(!nlohmann::json::parse(text, nullptr, false).is_discarded());
    } else {
        // RFC 4180: CRLF records; no cell begins with a raw formula character.
        QVERIFY(text.find("\r\n") != std::string::npos);
        QVERIFY(text.find(",=") == std::string::npos && text.find(",+") == std::string::npos &&
                text.find(",@") == std::string::npos);
    }
}

void TestReportCli::chartExport_data()
{
    QTest::addColumn<QString>("view");
    QTest::addColumn<QString>("file");
    QTest::addColumn<double>("scale");
    QTest::addRow("events over time png x2") << "events-over-time" << "a.png" << 2.0;
    QTest::addRow("events by vault png x1") << "events-by-vault" << "b.png" << 1.0;
    QTest::addRow("operation classes svg") << "operation-classes" << "c.svg" << 1.0;
    QTest::addRow("daily activity svg") << "daily-activity" << "d.svg" << 1.0;
}

void TestReportCli::chartExport()
{
    QFETCH(QString, view);
    QFETCH(QString, file);
    QFETCH(double, scale);
    const QString out = m_dir.filePath(file);
    auto r = runCli({"chart", "--case", m_case, "--view", view.toStdString(), "--out", out.toStdString(), "--scale",
                  std::to_string(scale), "--width", "800", "--height", "300"});
    QVERIFY2(r.rc == 0, r.err.c_str());
    if (file.endsWith(".png")) {
        QImage img(out);
        QVERIFY(!img.isNull());
        QCOMPARE(img.width(), static_cast<int>(800 * scale));
        QCOMPARE(img.height(), static_cast<int>(300 * scale));
    } else {
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        bool sawSvg = false;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("svg")) {
                sawSvg = true;
                QCOMPARE(xml.attributes().value("width").toString(), QString("800"));
                QCOMPARE(xml.attributes().value("height").toString(), QString("300"));
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(sawSvg);
    }
}

void TestReportCli::htmlReport()
{
    const std::string out = m_dir.filePath("report.html").toStdString();
    auto r = runCli({"report", "--case", m_case, "--out", out});
    QVERIFY2(r.rc == 0, r.err.c_str());
    const std::string html = test::readFile(out);
    auto caseFile = core::CaseFile::openReadOnly(m_case);
    QVERIFY(caseFile.ok());
    auto summary = core::CaseSummary::compute(*caseFile, {});
    QVERIFY(summary.ok());
    auto formatted = [](std::int64_t n) {
        std::string d = std::to_string(n), o;
        for (std::size_t i = 0; i < d.size(); ++i) {
            if (i > 0 && (d.size() - i) % 3 == 0) {
                o += ',';
            }
            o += d[i];
        }
        return o;
    };
    // Scope numbers are CaseSummary's.
    QVERIFY(html.find("<th width=\"28%\">Events in scope</th><td>" + formatted(summary->events) + "</td>") !=
            std::string::npos);
    QVERIFY(html.find("First event</th><td>" + summary->first->toDisplay() + " UTC") != std::string::npos);
    QVERIFY(html.find("Last event</th><td>" + summary->last->toDisplay() + " UTC") != std::string::npos);
    QVERIFY(html.find("kvworkbook-cli report --case ") != std::string::npos);
    for (const auto& f : summary->files) {
        QVERIFY2(html.find(f.format) != std::string::npos, f.format.c_str());
    }
    // Each injected incident's actor appears (findings, alerts, entities).
    for (const auto& inc : m_incidents) {
        const bool seen = (!inc.actorIp.empty() && html.find(inc.actorIp) != std::string::npos) ||
                          (!inc.actorUpn.empty() && html.find(inc.actorUpn) != std::string::npos) ||
                          (!inc.actorObjectId.empty() && html.find(inc.actorObjectId) != std::string::npos);
        QVERIFY2(seen, (inc.id + " " + inc.kind + " actor missing").c_str());
    }
    // Findings are there with their evidence, and the thresholds they ran with.
    auto st = caseFile->db().prepare("SELECT title FROM findings");
    int findings = 0;
    while (st.step()) {
        ++findings;
    }
    QVERIFY(findings > 0);
    QVERIFY(html.find("First events") != std::string::npos);
    QVERIFY(html.find("Detection thresholds in force") != std::string::npos);
    // Hostile values are text.
    QVERIFY(html.find("&lt;script&gt;alert(1)&lt;/script&gt;@contoso.com") != std::string::npos);
    QVERIFY(html.find("<script") == std::string::npos);
    QVERIFY(html.find("<b>planted</b>") == std::string::npos);
    QVERIFY(html.find("&lt;b&gt;planted&lt;/b&gt; by the test") != std::string::npos);
    QVERIFY(html.find('\x1b') == std::string::npos && html.find('\x07') == std::string::npos);
    // Self-contained: charts inline, nothing fetched.
    QVERIFY(html.find("src=\"data:image/png;base64,iVBORw0KGgo") != std::string::npos);
    QVERIFY(html.find("src=\"http") == std::string::npos);
    QVERIFY(html.find("<link") == std::string::npos);
}

void TestReportCli::pdfReport()
{
    const std::string out = m_dir.filePath("report.pdf").toStdString();
    auto r = runCli({"report", "--case", m_case, "--vault", "kv-hostile", "--out", out});
    QVERIFY2(r.rc == 0, r.err.c_str());
    const std::string full = m_dir.filePath("full.pdf").toStdString();
    r = runCli({"report", "--case", m_case, "--out", full});
    QVERIFY2(r.rc == 0, r.err.c_str());
    const std::string pdf = test::readFile(full);
    QVERIFY(pdf.rfind("%PDF-", 0) == 0);
    QVERIFY(pdf.size() > 20'000);
    if (const char* keep = std::getenv("KVW_KEEP_REPORTS")) {
        std::filesystem::copy_file(full, std::string(keep) + "/full.pdf", std::filesystem::copy_options::overwrite_existing);
        std::filesystem::copy_file(m_dir.filePath("report.html").toStdString(), std::string(keep) + "/report.html",
                                   std::filesystem::copy_options::overwrite_existing);
    }
    const QString pdftotext = QStandardPaths::findExecutable("pdftotext");
    if (pdftotext.isEmpty()) {
        QSKIP("pdftotext (poppler-utils) is not installed: PDF text not checked");
    }
    QProcess p;
    p.start(pdftotext, {QString::fromStdString(out), "-"});
    QVERIFY(p.waitForFinished(60000));
    const QString text = QString::fromUtf8(p.readAllStandardOutput());
    // Selectable text, page numbers, escaped values shown as text.
    QVERIFY2(text.contains("Key Vault incident report"), qPrintable(text.left(500)));
    QVERIFY(text.contains("Page 1 of"));
    QVERIFY(text.contains("<script>alert(1)</script>@contoso.com"));
    QVERIFY(text.contains("kv-hostile"));
}

void TestReportCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addRow("report needs html or pdf") << QStringList{"report", "--case", "x.kvwb", "--out", "r.docx"};
    QTest::addRow("export unknown table") << QStringList{"export", "--case", "x.kvwb", "--table", "x", "--out", "a.csv"};
    QTest::addRow("chart bad scale") << QStringList{"chart", "--case", "x.kvwb", "--view", "events-by-vault", "--out",
                                                    "a.png", "--scale", "0"};
    QTest::addRow("tag two targets") << QStringList{"tag", "--case", "x.kvwb", "--ip", "1.2.3.4", "--vault", "v", "t"};
    QTest::addRow("note without text") << QStringList{"note", "--case", "x.kvwb", "--ip", "1.2.3.4"};
}

void TestReportCli::usageErrors()
{
    QFETCH(QStringList, args);
    std::vector<std::string> a;
    for (const auto& s : args) {
        a.push_back(s.toStdString());
    }
    const auto r = runCli(a);
    QCOMPARE(r.rc, 2);
    QVERIFY(r.err.find("usage: kvworkbook-cli") != std::string::npos);
}

// Like kvworkbook-cli itself: no application object until rendering needs one (GuiRuntime, offscreen).
int main(int argc, char** argv)
{
    if (!core::GuiRuntime::ensure()) {
        return 1;
    }
    TestReportCli test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_report_cli.moc"
