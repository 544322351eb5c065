#include "core/render/PdfReport.h"

#include "core/render/ChartImageWriter.h"
#include "core/render/GuiRuntime.h"
#include "core/render/PageBreaks.h"
#include "core/report/HtmlReport.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

namespace kvw::core {
namespace {

constexpr int kResolution = 300;
// Charts are laid out at this many CSS pixels (96 per inch) across: the text width of A4 with 15 mm margins.
constexpr int kChartWidth = 680;
constexpr int kChartHeight = 270;
constexpr double kChartScale = 3.0;

QString q(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

// Supplies the chart images the TextDocument flavour of the HTML names, and nothing else: no file or network
// resource is ever loaded on behalf of log text.
class ReportDocument : public QTextDocument
{
public:
    explicit ReportDocument(const ReportData& data) : m_data(data) {}

protected:
    QVariant loadResource(int type, const QUrl& name) override
    {
        if (type != QTextDocument::ImageResource) {
            return {};
        }
        const QString n = name.toString();
        for (std::size_t i = 0; i < m_data.charts.size(); ++i) {
            if (n == q(HtmlReport::chartResourceName(i))) {
                // The heading above the image carries the title as selectable text.
                ChartSpec chart = m_data.charts[i];
                chart.title.clear();
                return ChartImageWriter::image(chart, QSize(kChartWidth, kChartHeight), kChartScale);
            }
        }
        return {};
    }

private:
    const ReportData& m_data;
};

} // namespace

Status PdfReport::write(const ReportData& data, const std::string& path)
{
    if (!GuiRuntime::ensure()) {
        return Error{Error::Code::Io, path, 0, "cannot start Qt's GUI runtime to render the PDF"};
    }
    QFile file(q(path));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return Error{Error::Code::Io, path, 0, "cannot write: " + file.errorString().toStdString()};
    }
    QPdfWriter writer(&file);
    writer.setResolution(kResolution);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 14, 15, 12),
                                     QPageLayout::Millimeter));
    writer.setTitle(q(data.title));
    writer.setCreator(q(data.toolVersion));

    HtmlReport::Options options;
    options.flavour = HtmlReport::Flavour::TextDocument;
    options.chartWidth = kChartWidth;
    options.chartHeight = kChartHeight;
    const std::string html = HtmlReport::render(data, options);

    ReportDocument doc(data);
    doc.documentLayout()->setPaintDevice(&writer);
    QFont base(QStringLiteral("DejaVu Sans"));
    base.setPointSizeF(9);
    doc.setDefaultFont(base);
    doc.setDocumentMargin(0);
    doc.setHtml(q(html));

    const QRectF page = writer.pageLayout().paintRectPixels(kResolution);
    const double footer = kResolution * 0.32;   // about 8 mm for the page footer
    const QSizeF body(page.width(), page.height() - footer);
    doc.setPageSize(body);
    PageBreaks::keepHeadingsWithNext(doc, body.height());
    const int pages = doc.pageCount();

    QPainter painter;
    if (!painter.begin(&writer)) {
        return Error{Error::Code::Io, path, 0, "cannot start the PDF writer"};
    }
    QFont small(QStringLiteral("DejaVu Sans"));
    small.setPointSizeF(7);
    const QString left = q(data.title) + QStringLiteral(" — ") + QFileInfo(q(data.casePath)).fileName();
    for (int i = 0; i < pages; ++i) {
        if (i > 0) {
            writer.newPage();
        }
        painter.save();
        const QRectF clip(0, i * body.height(), body.width(), body.height());
        painter.translate(0, -clip.top());
        // A block moved to the next page must not also be drawn into this page's footer.
        painter.setClipRect(clip);
        QAbstractTextDocumentLayout::PaintContext ctx;
        ctx.clip = clip;
        doc.documentLayout()->draw(&painter, ctx);
        painter.restore();

        const double y = body.height() + footer * 0.35;
        painter.setPen(QPen(QColor(0xc9, 0xd3, 0xdf), 2));
        painter.drawLine(QPointF(0, y), QPointF(body.width(), y));
        painter.setPen(QColor(0x6b, 0x72, 0x80));
        painter.setFont(small);
        const QRectF line(0, y + 8, body.width(), footer * 0.6);
        painter.drawText(line, Qt::AlignLeft | Qt::AlignTop | Qt::TextSingleLine,
                         painter.fontMetrics().elidedText(left, Qt::ElideRight, static_cast<int>(body.width() * 0.7)));
        painter.drawText(line, Qt::AlignRight | Qt::AlignTop | Qt::TextSingleLine,
                         QStringLiteral("Page %1 of %2").arg(i + 1).arg(pages));
    }
    painter.end();
    file.close();
    if (file.error() != QFileDevice::NoError) {
        return Error{Error::Code::Io, path, 0, "cannot write: " + file.errorString().toStdString()};
    }
    return {};
}

} // namespace kvw::core
