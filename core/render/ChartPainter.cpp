#include "core/render/ChartPainter.h"

#include "core/common/Timestamp.h"

#include <QDateTime>
#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QString>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace kvw::core {
namespace {

const QColor kPalette[] = {QColor(0x25, 0x63, 0xeb), QColor(0xf5, 0x9e, 0x0b), QColor(0x10, 0xb9, 0x81),
                           QColor(0x8b, 0x5c, 0xf6), QColor(0xec, 0x48, 0x99), QColor(0x64, 0x74, 0x8b),
                           QColor(0x14, 0xb8, 0xa6), QColor(0xef, 0x44, 0x44), QColor(0x84, 0xcc, 0x16),
                           QColor(0x0e, 0xa5, 0xe9)};
const QColor kText(0x1f, 0x29, 0x37);
const QColor kMuted(0x6b, 0x72, 0x80);
const QColor kGrid(0xe5, 0xe7, 0xeb);
const QColor kAxis(0x9c, 0xa3, 0xaf);
const QColor kFailed(0xdc, 0x26, 0x26);

QColor seriesColour(const ChartSpec& c, std::size_t i)
{
    // Bar charts split succeeded/failed: failures are red wherever they appear.
    if (c.series.size() > i && (c.series[i].name == "failed" || c.series[i].name == "baseline")) {
        return c.series[i].name == "failed" ? kFailed : kMuted;
    }
    return kPalette[i % (sizeof(kPalette) / sizeof(kPalette[0]))];
}

QString q(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

QFont font(double pixelSize, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(std::max(1, static_cast<int>(std::lround(pixelSize))));
    f.setBold(bold);
    return f;
}

// Text is always drawn as plain text; log values never become markup.
void text(QPainter& p, const QRectF& r, int flags, const QString& s)
{
    p.drawText(r, flags | Qt::TextSingleLine, s);
}

QString elide(const QFont& f, const QString& s, double width)
{
    return QFontMetricsF(f).elidedText(s, Qt::ElideMiddle, width);
}

QString numberLabel(double v)
{
    const double a = std::fabs(v);
    if (a >= 1e6) {
        return QString::number(v / 1e6, 'g', 3) + QStringLiteral("M");
    }
    if (a >= 1e4) {
        return QString::number(v / 1e3, 'g', 3) + QStringLiteral("k");
    }
    return QString::number(v, 'g', 6);
}

// A "nice" axis maximum and step: 1, 2, 2.5, 5 x 10^k with about five ticks.
std::pair<double, double> niceAxis(double max)
{
    if (max <= 0) {
        return {1.0, 0.25};
    }
    const double raw = max / 5.0;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    }
    if (step < 1.0 && max >= 1.0) {
        step = 1.0;
    }
    return {std::ceil(max / step) * step, step};
}

QString timeLabel(std::int64_t ticks, std::int64_t step, std::int64_t span)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ticks / Timestamp::TicksPerMillisecond, QTimeZone::utc());
    if (step >= Timestamp::TicksPerDay) {
        return t.toString(QStringLiteral("MMM d"));
    }
    if (span >= Timestamp::TicksPerDay) {
        return t.toString(QStringLiteral("MMM d HH:mm"));
    }
    return t.toString(QStringLiteral("HH:mm"));
}

// Title at the top, legend under it; returns the remaining area.
QRectF frame(QPainter& p, const QRectF& rect, const ChartSpec& c, bool legend)
{
    p.fillRect(rect, Qt::white);
    const double unit = std::clamp(rect.height() / 28.0, 9.0, 16.0);
    QRectF area = rect.adjusted(unit, unit * 0.6, -unit, -unit * 0.6);
    p.setPen(kText);
    if (!c.title.empty()) {
        const QFont tf = font(unit * 1.25, true);
        p.setFont(tf);
        const double th = QFontMetricsF(tf).height();
        text(p, QRectF(area.left(), area.top(), area.width(), th), Qt::AlignLeft | Qt::AlignVCenter,
             elide(tf, q(c.title), area.width()));
        area.setTop(area.top() + th + unit * 0.4);
    }
    if (legend && !c.series.empty()) {
        const QFont lf = font(unit);
        p.setFont(lf);
        const QFontMetricsF fm(lf);
        double x = area.left();
        double y = area.top();
        const double lh = fm.height();
        for (std::size_t i = 0; i < c.series.size(); ++i) {
            const QString name = elide(lf, q(c.series[i].name), area.width() / 3);
            const double w = lh * 0.9 + 4 + fm.horizontalAdvance(name) + unit * 1.2;
            if (x + w > area.right() && x > area.left()) {
                x = area.left();
                y += lh * 1.15;
            }
            p.fillRect(QRectF(x, y + lh * 0.2, lh * 0.6, lh * 0.6), seriesColour(c, i));
            p.setPen(kText);
            text(p, QRectF(x + lh * 0.8, y, w, lh), Qt::AlignLeft | Qt::AlignVCenter, name);
            x += w;
        }
        if (!c.markers.empty()) {
            const QString name = QStringLiteral("anomaly");
            p.setPen(QPen(kFailed, 1.5, Qt::DashLine));
            p.drawLine(QPointF(x, y + lh * 0.5), QPointF(x + lh * 0.6, y + lh * 0.5));
            p.setPen(kText);
            text(p, QRectF(x + lh * 0.8, y, area.width(), lh), Qt::AlignLeft | Qt::AlignVCenter, name);
        }
        area.setTop(y + lh * 1.4);
    }
    return area;
}

void paintTime(QPainter& p, const QRectF& rect, const ChartSpec& c)
{
    QRectF area = frame(p, rect, c, true);
    const double unit = std::clamp(rect.height() / 28.0, 9.0, 16.0);
    const QFont af = font(unit * 0.9);
    const QFontMetricsF fm(af);
    const std::size_t n = c.x.size();
    const bool stacked = c.kind == ChartSpec::Kind::Area;
    std::vector<double> top(n, 0.0);
    double max = 0;
    for (std::size_t s = 0; s < c.series.size(); ++s) {
        for (std::size_t i = 0; i < n && i < c.series[s].values.size(); ++i) {
            const double v = c.series[s].values[i];
            if (stacked) {
                top[i] += v;
                max = std::max(max, top[i]);
            } else {
                max = std::max(max, v);
            }
        }
    }
    // Plain variables, not a structured binding: clang 14 cannot capture bindings in the lambdas below.
    const auto axis = niceAxis(max);
    const double ymax = axis.first;
    const double ystep = axis.second;
    double labelW = fm.horizontalAdvance(numberLabel(ymax)) + unit * 0.6;
    const double yLabelW = c.yLabel.empty() ? 0 : fm.height() + 2;
    QRectF plot(area.left() + labelW + yLabelW, area.top() + fm.height() * 0.5, 0, 0);
    plot.setRight(area.right() - unit * 0.5);
    plot.setBottom(area.bottom() - fm.height() * (c.xLabel.empty() ? 1.4 : 2.6));
    if (plot.width() < 10 || plot.height() < 10) {
        return;
    }
    p.setFont(af);
    // Grid and y labels.
    for (double v = 0; v <= ymax + ystep * 0.01; v += ystep) {
        const double y = plot.bottom() - v / ymax * plot.height();
        p.setPen(QPen(kGrid, 1));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(kMuted);
        text(p, QRectF(plot.left() - labelW - 2, y - fm.height() / 2, labelW - 2, fm.height()),
             Qt::AlignRight | Qt::AlignVCenter, numberLabel(v));
    }
    if (!c.yLabel.empty()) {
        p.save();
        p.translate(area.left() + fm.height() * 0.8, plot.center().y());
        p.rotate(-90);
        p.setPen(kMuted);
        text(p, QRectF(-plot.height() / 2, -fm.height(), plot.height(), fm.height() * 1.2), Qt::AlignCenter,
             elide(af, q(c.yLabel), plot.height()));
        p.restore();
    }
    const std::int64_t x0 = n ? c.x.front() : 0;
    const std::int64_t x1 = n ? c.x.back() + std::max<std::int64_t>(c.binTicks, 1) : 1;
    const double span = static_cast<double>(std::max<std::int64_t>(x1 - x0, 1));
    auto xPos = [&](std::int64_t t) { return plot.left() + static_cast<double>(t - x0) / span * plot.width(); };
    // The value of bin i is drawn at the middle of the bin.
    auto binX = [&](std::size_t i) { return xPos(c.x[i] + c.binTicks / 2); };
    // X labels at round UTC instants (whole hours, days, weeks), as many as fit.
    const double labelWidth = fm.horizontalAdvance(QStringLiteral("MMM 00 00:00")) + unit;
    const int fit = std::max(2, static_cast<int>(plot.width() / labelWidth));
    static constexpr std::int64_t kSteps[] = {
        Timestamp::TicksPerMinute * 15, Timestamp::TicksPerMinute * 30, Timestamp::TicksPerHour,
        Timestamp::TicksPerHour * 3,    Timestamp::TicksPerHour * 6,    Timestamp::TicksPerHour * 12,
        Timestamp::TicksPerDay,         Timestamp::TicksPerDay * 2,     Timestamp::TicksPerDay * 7,
        Timestamp::TicksPerDay * 14,    Timestamp::TicksPerDay * 28};
    std::int64_t step = kSteps[std::size(kSteps) - 1];
    for (const auto st : kSteps) {
        if ((x1 - x0) / st <= fit) {
            step = st;
            break;
        }
    }
    for (std::int64_t t = -Timestamp::floorDiv(-x0, step) * step; t <= x1; t += step) {
        const double x = xPos(t);
        p.setPen(QPen(kAxis, 1));
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3));
        p.setPen(kMuted);
        const double w = labelWidth;
        const double left = std::clamp(x - w / 2, plot.left() - unit, plot.right() - w + unit);
        text(p, QRectF(left, plot.bottom() + 4, w, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
             timeLabel(t, step, x1 - x0));
    }
    if (!c.xLabel.empty()) {
        text(p, QRectF(plot.left(), plot.bottom() + 4 + fm.height() * 1.1, plot.width(), fm.height()),
             Qt::AlignHCenter | Qt::AlignTop, q(c.xLabel));
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    p.save();
    p.setClipRect(plot.adjusted(-2, -2, 2, 2));
    auto yPos = [&](double v) { return plot.bottom() - v / ymax * plot.height(); };
    if (stacked && n > 0) {
        std::vector<double> base(n, 0.0);
        for (std::size_t s = 0; s < c.series.size(); ++s) {
            std::vector<double> upper(base);
            for (std::size_t i = 0; i < n && i < c.series[s].values.size(); ++i) {
                upper[i] += c.series[s].values[i];
            }
            QPainterPath path;
            path.moveTo(binX(0), yPos(upper[0]));
            for (std::size_t i = 1; i < n; ++i) {
                path.lineTo(binX(i), yPos(upper[i]));
            }
            for (std::size_t i = n; i-- > 0;) {
                path.lineTo(binX(i), yPos(base[i]));
            }
            path.closeSubpath();
            QColor fill = seriesColour(c, s);
            fill.setAlpha(170);
            p.fillPath(path, fill);
            p.setPen(QPen(seriesColour(c, s).darker(115), 1.2));
            QPainterPath line;
            line.moveTo(binX(0), yPos(upper[0]));
            for (std::size_t i = 1; i < n; ++i) {
                line.lineTo(binX(i), yPos(upper[i]));
            }
            p.drawPath(line);
            base = std::move(upper);
        }
    } else {
        for (std::size_t s = 0; s < c.series.size(); ++s) {
            const auto& v = c.series[s].values;
            if (v.empty() || n == 0) {
                continue;
            }
            QPainterPath line;
            line.moveTo(binX(0), yPos(v[0]));
            for (std::size_t i = 1; i < n && i < v.size(); ++i) {
                line.lineTo(binX(i), yPos(v[i]));
            }
            const bool baseline = c.series[s].name == "baseline";
            p.setPen(QPen(seriesColour(c, s), baseline ? 1.5 : 2.0, baseline ? Qt::DashLine : Qt::SolidLine));
            p.drawPath(line);
        }
    }
    for (const auto m : c.markers) {
        const double x = xPos(m + c.binTicks / 2);
        p.setPen(QPen(kFailed, 1.5, Qt::DashLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    p.restore();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(kAxis, 1));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
}

void paintBars(QPainter& p, const QRectF& rect, const ChartSpec& c)
{
    QRectF area = frame(p, rect, c, c.series.size() > 1);
    const double unit = std::clamp(rect.height() / 28.0, 9.0, 16.0);
    const std::size_t n = c.categories.size();
    if (n == 0) {
        return;
    }
    QFont lf = font(unit * 0.9);
    const QFontMetricsF fm(lf);
    std::vector<double> totals(n, 0.0);
    for (const auto& s : c.series) {
        for (std::size_t i = 0; i < n && i < s.values.size(); ++i) {
            totals[i] += s.values[i];
        }
    }
    const double max = *std::max_element(totals.begin(), totals.end());
    const double labelW = std::min(area.width() * 0.34, [&] {
        double w = 0;
        for (const auto& cat : c.categories) {
            w = std::max(w, fm.horizontalAdvance(q(cat)));
        }
        return w + unit;
    }());
    const double valueW = fm.horizontalAdvance(numberLabel(max)) + unit;
    const QRectF plot(area.left() + labelW, area.top(), area.width() - labelW - valueW, area.height());
    const double row = plot.height() / static_cast<double>(n);
    const double bar = std::min(row * 0.7, unit * 2.2);
    p.setFont(lf);
    for (std::size_t i = 0; i < n; ++i) {
        const double cy = plot.top() + row * (static_cast<double>(i) + 0.5);
        p.setPen(kText);
        text(p, QRectF(area.left(), cy - fm.height() / 2, labelW - unit * 0.5, fm.height()),
             Qt::AlignRight | Qt::AlignVCenter, elide(lf, q(c.categories[i]), labelW - unit * 0.5));
        double x = plot.left();
        for (std::size_t s = 0; s < c.series.size(); ++s) {
            const double v = i < c.series[s].values.size() ? c.series[s].values[i] : 0.0;
            const double w = max > 0 ? v / max * plot.width() : 0;
            p.fillRect(QRectF(x, cy - bar / 2, w, bar), seriesColour(c, s));
            x += w;
        }
        p.setPen(kMuted);
        text(p, QRectF(x + 4, cy - fm.height() / 2, valueW, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
             numberLabel(totals[i]));
    }
    p.setPen(QPen(kAxis, 1));
    p.drawLine(plot.topLeft(), plot.bottomLeft());
}

void paintPie(QPainter& p, const QRectF& rect, const ChartSpec& c)
{
    const QRectF area = frame(p, rect, c, false);
    const double unit = std::clamp(rect.height() / 28.0, 9.0, 16.0);
    if (c.series.empty()) {
        return;
    }
    const auto& v = c.series.front().values;
    double total = 0;
    for (const double x : v) {
        total += x;
    }
    if (total <= 0) {
        return;
    }
    const double d = std::min(area.height(), area.width() * 0.45);
    const QRectF pie(area.left() + unit, area.top() + (area.height() - d) / 2, d, d);
    p.setRenderHint(QPainter::Antialiasing, true);
    int start = 90 * 16;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const int span = static_cast<int>(std::lround(-v[i] / total * 360.0 * 16.0));
        p.setPen(QPen(Qt::white, 1.5));
        p.setBrush(seriesColour(c, i));
        p.drawPie(pie, start, span);
        start += span;
    }
    p.setBrush(Qt::NoBrush);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QFont lf = font(unit * 0.95);
    const QFontMetricsF fm(lf);
    p.setFont(lf);
    const double lx = pie.right() + unit * 2;
    const double lh = std::min(fm.height() * 1.35, area.height() / static_cast<double>(std::max<std::size_t>(v.size(), 1)));
    double y = area.top() + std::max(0.0, (area.height() - lh * static_cast<double>(v.size())) / 2);
    for (std::size_t i = 0; i < v.size() && i < c.categories.size(); ++i) {
        p.fillRect(QRectF(lx, y + lh * 0.25, lh * 0.5, lh * 0.5), seriesColour(c, i));
        p.setPen(kText);
        const QString label = QStringLiteral("%1  %2 (%3%)")
                                  .arg(elide(lf, q(c.categories[i]), area.right() - lx - unit * 10))
                                  .arg(numberLabel(v[i]))
                                  .arg(QString::number(v[i] / total * 100.0, 'f', 1));
        text(p, QRectF(lx + lh * 0.8, y, area.right() - lx - lh, lh), Qt::AlignLeft | Qt::AlignVCenter, label);
        y += lh;
    }
}

} // namespace

void ChartPainter::paint(QPainter& painter, const QRectF& rect, const ChartSpec& chart)
{
    painter.save();
    painter.setClipRect(rect);
    switch (chart.kind) {
    case ChartSpec::Kind::Line:
    case ChartSpec::Kind::Area:
        paintTime(painter, rect, chart);
        break;
    case ChartSpec::Kind::Bar:
        paintBars(painter, rect, chart);
        break;
    case ChartSpec::Kind::Pie:
        paintPie(painter, rect, chart);
        break;
    }
    painter.restore();
}

} // namespace kvw::core
