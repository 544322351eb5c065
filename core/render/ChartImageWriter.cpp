#include "core/render/ChartImageWriter.h"

#include "core/render/ChartPainter.h"
#include "core/render/GuiRuntime.h"

#include <QBuffer>
#include <QFile>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgGenerator>

namespace kvw::core {
namespace {

constexpr int kMaxPixels = 16384;

QString q(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

} // namespace

QImage ChartImageWriter::image(const ChartSpec& chart, QSize logicalSize, double scale)
{
    GuiRuntime::ensure();
    const QSize pixels(static_cast<int>(std::lround(logicalSize.width() * scale)),
                       static_cast<int>(std::lround(logicalSize.height() * scale)));
    QImage img(pixels, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::white);
    QPainter p(&img);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.scale(scale, scale);
    ChartPainter::paint(p, QRectF(QPointF(0, 0), QSizeF(logicalSize)), chart);
    p.end();
    return img;
}

Result<QByteArray> ChartImageWriter::png(const ChartSpec& chart, QSize logicalSize, double scale)
{
    if (scale <= 0 || logicalSize.isEmpty() || logicalSize.width() * scale > kMaxPixels ||
        logicalSize.height() * scale > kMaxPixels) {
        return Error{Error::Code::Usage, "", 0, "chart size or scale out of range (at most 16384 pixels a side)"};
    }
    if (!GuiRuntime::ensure()) {
        return Error{Error::Code::Io, "", 0, "cannot start Qt's GUI runtime to draw the chart"};
    }
    const QImage img = image(chart, logicalSize, scale);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!img.save(&buffer, "PNG")) {
        return Error{Error::Code::Io, "", 0, "cannot encode the chart as PNG"};
    }
    return bytes;
}

Result<QByteArray> ChartImageWriter::svg(const ChartSpec& chart, QSize logicalSize)
{
    if (logicalSize.isEmpty() || logicalSize.width() > kMaxPixels || logicalSize.height() > kMaxPixels) {
        return Error{Error::Code::Usage, "", 0, "chart size out of range"};
    }
    if (!GuiRuntime::ensure()) {
        return Error{Error::Code::Io, "", 0, "cannot start Qt's GUI runtime to draw the chart"};
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator gen;
    gen.setOutputDevice(&buffer);
    gen.setSize(logicalSize);
    gen.setViewBox(QRect(QPoint(0, 0), logicalSize));
    gen.setResolution(96);
    // QSvgGenerator (Qt 6.4) writes title and description into the XML verbatim: escape them here.
    gen.setTitle(q(chart.title).toHtmlEscaped());
    gen.setDescription(QStringLiteral("KV Workbook chart: %1").arg(q(chart.id)).toHtmlEscaped());
    {
        QPainter p(&gen);
        ChartPainter::paint(p, QRectF(QPointF(0, 0), QSizeF(logicalSize)), chart);
    }
    // QSvgGenerator states the size in millimetres; slides and browsers want pixels.
    static const QRegularExpression size(QStringLiteral("<svg width=\"[0-9.]+mm\" height=\"[0-9.]+mm\""));
    QString text = QString::fromUtf8(bytes);
    text.replace(size, QStringLiteral("<svg width=\"%1\" height=\"%2\"").arg(logicalSize.width()).arg(logicalSize.height()));
    return text.toUtf8();
}

Status ChartImageWriter::write(const ChartSpec& chart, const std::string& path, QSize logicalSize, double scale)
{
    const QString p = q(path);
    Result<QByteArray> bytes = Error{};
    if (p.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive)) {
        bytes = svg(chart, logicalSize);
    } else if (p.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive)) {
        bytes = png(chart, logicalSize, scale);
    } else {
        return Error{Error::Code::Usage, path, 0, "the chart file name must end in .png or .svg"};
    }
    if (!bytes) {
        return bytes.error();
    }
    QFile f(p);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(*bytes) != bytes->size()) {
        return Error{Error::Code::Io, path, 0, "cannot write: " + f.errorString().toStdString()};
    }
    return {};
}

} // namespace kvw::core
