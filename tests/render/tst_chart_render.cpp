// kvw_render: chart images (PNG at a scale, SVG with pixel width/height) for every chart kind, pixels actually
// drawn, and the PDF report (A4 pages, page count in the footer, charts as images).
#include "core/render/ChartImageWriter.h"
#include "core/render/PdfReport.h"
#include "core/report/ChartSpec.h"
#include "core/report/ReportData.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace kvw::core;

namespace {

ChartSpec chart(ChartSpec::Kind kind)
{
    ChartSpec c;
    c.kind = kind;
    c.id = "test";
    c.title = "<b>not markup</b>";
    if (kind == ChartSpec::Kind::Line || kind == ChartSpec::Kind::Area) {
        for (int i = 0; i < 48; ++i) {
            c.x.push_back(Timestamp::fromCivil(2026, 11, 1).ticks() + i * Timestamp::TicksPerHour);
        }
        c.binTicks = Timestamp::TicksPerHour;
        c.series = {{"kv-a", std::vector<double>(48, 5.0)}, {"kv-b", std::vector<double>(48, 2.0)}};
        c.series[0].values[30] = 80;
        c.markers = {c.x[30]};
        c.yLabel = "events per 1 h";
        c.xLabel = "time (UTC)";
    } else {
        c.categories = {"SecretGet", "SecretList", "=HYPERLINK(1)"};
        c.series = {{"succeeded", {10, 5, 1}}, {"failed", {1, 0, 2}}};
    }
    return c;
}

int nonWhitePixels(const QImage& img)
{
    int n = 0;
    for (int y = 0; y < img.height(); y += 2) {
        for (int x = 0; x < img.width(); x += 2) {
            if (img.pixel(x, y) != qRgb(255, 255, 255) && img.pixel(x, y) != qRgba(255, 255, 255, 255)) {
                ++n;
            }
        }
    }
    return n;
}

} // namespace

class TestChartRender : public QObject
{
    Q_OBJECT

private slots:
    void png_data();
    void png();
    void svg_data();
    void svg();
    void rejectsBadSizes();
    void writesByExtension();
    void pdfReport();
};

void TestChartRender::png_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("scale");
    QTest::addRow("line at 1x") << int(ChartSpec::Kind::Line) << 1.0;
    QTest::addRow("area at 2x") << int(ChartSpec::Kind::Area) << 2.0;
    QTest::addRow("bar at 1.5x") << int(ChartSpec::Kind::Bar) << 1.5;
    QTest::addRow("pie at 3x") << int(ChartSpec::Kind::Pie) << 3.0;
}

void TestChartRender::png()
{
    QFETCH(int, kind);
    QFETCH(double, scale);
    auto bytes = ChartImageWriter::png(chart(static_cast<ChartSpec::Kind>(kind)), QSize(640, 320), scale);
    QVERIFY(bytes.ok());
    QVERIFY(bytes->startsWith("\x89PNG\r\n\x1a\n"));
    QImage img;
    QVERIFY(img.loadFromData(*bytes, "PNG"));
    QCOMPARE(img.size(), QSize(static_cast<int>(640 * scale), static_cast<int>(320 * scale)));
    // Something was drawn: axes, bars or slices cover a real share of the picture.
    QVERIFY(nonWhitePixels(img) > img.width() * img.height() / 4 / 50);
}

void TestChartRender::svg_data()
{
    QTest::addColumn<int>("kind");
    QTest::addRow("line") << int(ChartSpec::Kind::Line);
    QTest::addRow("bar") << int(ChartSpec::Kind::Bar);
    QTest::addRow("pie") << int(ChartSpec::Kind::Pie);
}

void TestChartRender::svg()
{
    QFETCH(int, kind);
    auto bytes = ChartImageWriter::svg(chart(static_cast<ChartSpec::Kind>(kind)), QSize(700, 280));
    QVERIFY(bytes.ok());
    QXmlStreamReader xml(*bytes);
    bool root = false;
    int texts = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) {
            continue;
        }
        if (xml.name() == QLatin1String("svg")) {
            root = true;
            QCOMPARE(xml.attributes().value("width").toString(), QString("700"));
            QCOMPARE(xml.attributes().value("height").toString(), QString("280"));
            QCOMPARE(xml.attributes().value("viewBox").toString(), QString("0 0 700 280"));
        }
        if (xml.name() == QLatin1String("text")) {
            ++texts;
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(root);
    QVERIFY(texts > 3);
    // The title is text in the SVG, escaped by the generator.
    QVERIFY(bytes->contains("&lt;b&gt;not markup&lt;/b&gt;"));
    QVERIFY(!bytes->contains("<b>not markup"));
}

void TestChartRender::rejectsBadSizes()
{
    const auto c = chart(ChartSpec::Kind::Bar);
    QVERIFY(!ChartImageWriter::png(c, QSize(640, 320), 0).ok());
    QVERIFY(!ChartImageWriter::png(c, QSize(10000, 320), 2).ok());
    QVERIFY(!ChartImageWriter::svg(c, QSize(0, 320)).ok());
}

void TestChartRender::writesByExtension()
{
    QTemporaryDir dir;
    const auto c = chart(ChartSpec::Kind::Line);
    QVERIFY(ChartImageWriter::write(c, dir.filePath("a.PNG").toStdString(), QSize(400, 200), 2).ok());
    QCOMPARE(QImage(dir.filePath("a.PNG")).size(), QSize(800, 400));
    QVERIFY(ChartImageWriter::write(c, dir.filePath("a.svg").toStdString(), QSize(400, 200)).ok());
    QFile f(dir.filePath("a.svg"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("<svg width=\"400\" height=\"200\""));
    const auto bad = ChartImageWriter::write(c, dir.filePath("a.gif").toStdString(), QSize(400, 200));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, Error::Code::Usage);
}

void TestChartRender::pdfReport()
{
    ReportData d;
    d.title = "Key Vault incident report";
    d.casePath = "/cases/<case>.kvwb";
    d.toolVersion = "KV Workbook test";
    d.filterDescription = "time start .. end; vaults all";
    d.summary.events = 12345;
    for (int i = 0; i < 4; ++i) {
        d.charts.push_back(chart(i % 2 == 0 ? ChartSpec::Kind::Area : ChartSpec::Kind::Bar));
    }
    DataTable t;
    t.title = "Events by caller IP";
    t.addColumn("caller_ip");
    t.addColumn("events", true);
    for (int i = 0; i < 150; ++i) {
        t.rows.push_back({"10.0.0." + std::to_string(i), std::to_string(1000 - i)});
    }
    d.views.push_back(t);
    QTemporaryDir dir;
    const std::string path = dir.filePath("r.pdf").toStdString();
    const auto st = PdfReport::write(d, path);
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().toString().c_str());
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray pdf = f.readAll();
    QVERIFY(pdf.startsWith("%PDF-1."));
    // Several A4 pages (595 x 842 pt), with the charts as images.
    QVERIFY(pdf.count("/Type /Page\n") + pdf.count("/Type /Page ") + pdf.count("/Type /Page/") >= 3 ||
            pdf.count("/Type /Page") - pdf.count("/Type /Pages") >= 3);
    QVERIFY(pdf.contains("/MediaBox [0 0 595"));
    QVERIFY(pdf.count("/Subtype /Image") >= 4);
    QVERIFY(!PdfReport::write(d, dir.filePath("missing/dir/r.pdf").toStdString()).ok());
}

QTEST_MAIN(TestChartRender)
#include "tst_chart_render.moc"
