// Headings in the PDF report are kept with what follows them: wherever filler text leaves a heading at the bottom of
// a page, PageBreaks moves it to the next page together with its table or chart.
#include "core/render/PageBreaks.h"

#include <QAbstractTextDocumentLayout>
#include <QImage>
#include <QTextBlock>
#include <QTextDocument>
#include <QUrl>
#include <QtTest>

using namespace kvw::core;

namespace {

constexpr double kPageWidth = 500;
constexpr double kPageHeight = 400;

QString filler(int paragraphs)
{
    QString html;
    for (int i = 0; i < paragraphs; ++i) {
        html += QStringLiteral("<p>Filler paragraph %1 of the report body.</p>").arg(i);
    }
    return html;
}

QString followingContent(const QString& kind)
{
    if (kind == QLatin1String("table")) {
        QString html = QStringLiteral("<table border=\"1\" width=\"100%\"><tr><th>vault</th><th>events</th></tr>");
        for (int r = 0; r < 12; ++r) {
            html += QStringLiteral("<tr><td>kv-%1</td><td>%2</td></tr>").arg(r).arg(r * 10);
        }
        return html + QStringLiteral("</table>");
    }
    // A chart image that cannot be split across pages.
    return QStringLiteral("<p><img src=\"chart://0\" width=\"480\" height=\"200\"></p>");
}

void setUp(QTextDocument& doc, const QString& html)
{
    QImage chart(480, 200, QImage::Format_RGB32);
    chart.fill(Qt::gray);
    doc.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("chart://0")), chart);
    doc.setDocumentMargin(0);
    doc.setHtml(html);
    doc.setPageSize(QSizeF(kPageWidth, kPageHeight));
}

} // namespace

class TestPageBreaks : public QObject
{
    Q_OBJECT

private slots:
    void headingsStayWithTheirContent_data()
    {
        QTest::addColumn<QString>("following");
        QTest::newRow("heading then table") << QStringLiteral("table");
        QTest::newRow("heading then chart image") << QStringLiteral("image");
    }

    void headingsStayWithTheirContent()
    {
        QFETCH(QString, following);
        int orphanedBefore = 0;
        for (int paragraphs = 0; paragraphs < 40; ++paragraphs) {
            const QString html = filler(paragraphs) + QStringLiteral("<h2>Findings and evidence</h2>") +
                                 followingContent(following) + QStringLiteral("<h3>Next section</h3><p>text</p>");
            QTextDocument doc;
            setUp(doc, html);
            const auto before = PageBreaks::orphanedHeadings(doc, kPageHeight);
            orphanedBefore += before.empty() ? 0 : 1;
            const int moved = PageBreaks::keepHeadingsWithNext(doc, kPageHeight);
            QCOMPARE(moved, static_cast<int>(before.size()));
            QVERIFY2(PageBreaks::orphanedHeadings(doc, kPageHeight).empty(), qPrintable(QString::number(paragraphs)));
            if (!before.empty()) {
                // The moved heading now starts its page (below only its own top margin).
                const QRectF r = doc.documentLayout()->blockBoundingRect(doc.findBlock(before.front()));
                QVERIFY2(std::fmod(r.top(), kPageHeight) <= 20.0, qPrintable(QString::number(r.top())));
            }
        }
        // Some filler lengths did leave the heading alone at the bottom of a page without the fix.
        QVERIFY(orphanedBefore > 0);
    }

    void headingsThatFitAreLeftAlone()
    {
        QTextDocument doc;
        setUp(doc, QStringLiteral("<h2>Scope</h2><p>one line</p><h2>Summary</h2><p>another line</p>"));
        const int pages = doc.pageCount();
        QCOMPARE(PageBreaks::keepHeadingsWithNext(doc, kPageHeight), 0);
        QCOMPARE(doc.pageCount(), pages);
    }
};

QTEST_MAIN(TestPageBreaks)
#include "tst_page_breaks.moc"
