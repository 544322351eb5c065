#include "ui/ChartFactory.h"

#include "ui/ChartView.h"
#include "ui/UiFormat.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QPalette>
#include <QPieSeries>
#include <QPieSlice>
#include <QTimeZone>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace kvw::ui {
namespace {

QChart::ChartTheme themeFor(const QPalette& p)
{
    return p.color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight;
}

QChart* freshChart(QChartView* view, const QString& title)
{
    auto* chart = new QChart();
    chart->setTheme(themeFor(view->palette()));
    chart->setBackgroundBrush(view->palette().brush(QPalette::Base));
    chart->setTitleBrush(view->palette().brush(QPalette::Text));
    chart->legend()->setLabelColor(view->palette().color(QPalette::Text));
    chart->setTitle(UiFormat::chartText(title));
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont f = chart->titleFont();
    f.setBold(true);
    chart->setTitleFont(f);
    QChart* old = view->chart();
    view->setChart(chart);
    delete old;
    return chart;
}

// QDateTimeAxis (Qt 6.4) formats in local time; shifting by the local offset makes it show UTC wall time.
qint64 msecs(core::Timestamp t)
{
    const qint64 ms = t.ticks() / core::Timestamp::TicksPerMillisecond;
    return ms - static_cast<qint64>(QDateTime::fromMSecsSinceEpoch(ms).offsetFromUtc()) * 1000;
}

QString dateFormat(std::int64_t grain, std::int64_t span)
{
    if (span <= 2 * core::Timestamp::TicksPerDay) {
        return QStringLiteral("MM-dd HH:mm");
    }
    return grain >= core::Timestamp::TicksPerDay ? QStringLiteral("yyyy-MM-dd") : QStringLiteral("MM-dd HH:mm");
}

void addAxes(QChart* chart, const core::TimeAxis& axis, double maxY, const QString& yTitle, bool integerAxis,
             std::optional<std::pair<double, double>> yRange, const QPalette& palette)
{
    auto* x = new QDateTimeAxis;
    x->setFormat(dateFormat(axis.grain, axis.end().ticks() - axis.start.ticks()));
    x->setTitleText(QStringLiteral("Time (UTC), %1 buckets").arg(axis.buckets));
    x->setRange(QDateTime::fromMSecsSinceEpoch(msecs(axis.start)), QDateTime::fromMSecsSinceEpoch(msecs(axis.end())));
    x->setTickCount(6);
    auto* y = new QValueAxis;
    y->setTitleText(yTitle);
    if (yRange) {
        y->setRange(yRange->first, yRange->second);
    } else {
        y->setRange(0, maxY <= 0 ? 1 : maxY * 1.08);
    }
    if (integerAxis && maxY >= 1) {
        y->setLabelFormat(QStringLiteral("%.0f"));
        if (!yRange && maxY <= 10) {
            // Small counts: one tick per whole number, so "%.0f" never prints the same label twice.
            const int top = static_cast<int>(std::ceil(maxY * 1.08));
            y->setRange(0, top);
            y->setTickCount(top + 1);
        } else {
            y->applyNiceNumbers();
        }
    }
    for (QAbstractAxis* a : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)}) {
        a->setLabelsBrush(palette.brush(QPalette::Text));
        a->setTitleBrush(palette.brush(QPalette::Text));
    }
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

void addLine(QChart* chart, QChartView* view, const QString& name, const core::TimeAxis& axis,
             const std::vector<double>& values)
{
    auto* line = new QLineSeries;
    line->setName(UiFormat::chartText(name));
    for (int i = 0; i < axis.buckets && i < static_cast<int>(values.size()); ++i) {
        line->append(static_cast<qreal>(msecs(axis.at(i))), values[static_cast<std::size_t>(i)]);
    }
    chart->addSeries(line);
    // The tooltip is rich text with the name escaped (the series name comes from the logs).
    QObject::connect(line, &QLineSeries::hovered, view, [view, line](const QPointF& p, bool state) {
        if (!state) {
            QToolTip::hideText();
            return;
        }
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(p.x()));
        // Snap to the nearest point of the series.
        double value = p.y();
        double best = 1e300;
        for (const auto& pt : line->points()) {
            const double d = std::abs(pt.x() - p.x());
            if (d < best) {
                best = d;
                value = pt.y();
            }
        }
        const QString text = QStringLiteral("<p style='white-space:pre'>%1\n%2 UTC\n%3</p>")
                                 .arg(line->name(), t.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                      UiFormat::number(value, value == std::floor(value) ? 0 : 2));
        QToolTip::showText(QCursor::pos(), text, view);
    });
}

// The chart as core data as well, so that "Save as PNG/SVG" draws it like the CLI and the report do.
void keepSpec(QChartView* view, std::optional<core::ChartSpec> spec)
{
    if (auto* v = qobject_cast<ChartView*>(view)) {
        v->setSpec(std::move(spec));
    }
}

core::ChartSpec timeSpec(const QChartView* view, const core::TimeAxis& axis, const QString& title, const QString& yTitle)
{
    core::ChartSpec spec;
    spec.id = view->objectName().toStdString();
    spec.kind = core::ChartSpec::Kind::Line;
    spec.title = title.toStdString();
    spec.xLabel = "Time (UTC)";
    spec.yLabel = yTitle.toStdString();
    spec.binTicks = axis.grain;
    for (int i = 0; i < axis.buckets; ++i) {
        spec.x.push_back(axis.at(i).ticks());
    }
    return spec;
}

std::vector<double> fitted(const std::vector<double>& values, int buckets)
{
    std::vector<double> out(values.begin(), values.begin() + std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(values.size()), buckets));
    out.resize(static_cast<std::size_t>(std::max(buckets, 0)), 0.0);
    return out;
}

} // namespace

QChartView* ChartFactory::makeView(QWidget* parent, const QString& objectName)
{
    auto* view = new ChartView(parent);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    return view;
}

void ChartFactory::setTimeChart(QChartView* view, const core::KeyedSeries& series, const QString& title,
                                const QString& yTitle, bool integerAxis)
{
    if (series.empty() || series.total() <= 0) {
        setEmpty(view, title, QStringLiteral("No events in the selected range and scope"));
        return;
    }
    QChart* chart = freshChart(view, title);
    double maxY = 0;
    for (std::size_t k = 0; k < series.keys.size(); ++k) {
        addLine(chart, view, UiFormat::key(series.keys[k]), series.axis, series.values[k]);
        for (double v : series.values[k]) {
            maxY = std::max(maxY, v);
        }
    }
    addAxes(chart, series.axis, maxY, yTitle, integerAxis, std::nullopt, view->palette());
    core::ChartSpec spec = timeSpec(view, series.axis, title, yTitle);
    for (std::size_t k = 0; k < series.keys.size(); ++k) {
        spec.series.push_back({UiFormat::key(series.keys[k]).toStdString(), fitted(series.values[k], series.axis.buckets)});
    }
    keepSpec(view, std::move(spec));
}

void ChartFactory::setLines(QChartView* view, const core::TimeAxis& axis,
                            const std::vector<std::pair<QString, std::vector<double>>>& lines, const QString& title,
                            const QString& yTitle, std::optional<std::pair<double, double>> yRange)
{
    if (lines.empty() || axis.buckets <= 0) {
        setEmpty(view, title, QStringLiteral("No events in the selected range and scope"));
        return;
    }
    QChart* chart = freshChart(view, title);
    double maxY = 0;
    for (const auto& [name, values] : lines) {
        addLine(chart, view, name, axis, values);
        for (double v : values) {
            maxY = std::max(maxY, v);
        }
    }
    addAxes(chart, axis, maxY, yTitle, !yRange, yRange, view->palette());
    core::ChartSpec spec = timeSpec(view, axis, title, yTitle);
    for (const auto& line : lines) {
        spec.series.push_back({line.first.toStdString(), fitted(line.second, axis.buckets)});
    }
    keepSpec(view, std::move(spec));
}

void ChartFactory::setPie(QChartView* view, const std::vector<std::pair<std::string, double>>& slices,
                          const QString& title, int maxSlices)
{
    double total = 0;
    for (const auto& s : slices) {
        total += s.second;
    }
    if (slices.empty() || total <= 0) {
        setEmpty(view, title, QStringLiteral("Nothing to show for the selected range and scope"));
        return;
    }
    QChart* chart = freshChart(view, title);
    auto* pie = new QPieSeries;
    std::vector<std::pair<std::string, double>> sorted = slices;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    double other = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (static_cast<int>(i) < maxSlices) {
            pie->append(QStringLiteral("%1 — %2").arg(UiFormat::chartText(UiFormat::key(sorted[i].first)),
                                                      UiFormat::percent(sorted[i].second / total, 1)),
                        sorted[i].second);
        } else {
            other += sorted[i].second;
        }
    }
    if (other > 0) {
        pie->append(QStringLiteral("Other — %1").arg(UiFormat::percent(other / total, 1)), other);
    }
    pie->setHoleSize(0.35);
    chart->addSeries(pie);
    core::ChartSpec spec;
    spec.id = view->objectName().toStdString();
    spec.kind = core::ChartSpec::Kind::Pie;
    spec.title = title.toStdString();
    spec.series = {{"events", {}}};
    for (std::size_t i = 0; i < sorted.size() && static_cast<int>(i) < maxSlices; ++i) {
        spec.categories.push_back(UiFormat::key(sorted[i].first).toStdString());
        spec.series[0].values.push_back(sorted[i].second);
    }
    if (other > 0) {
        spec.categories.emplace_back("Other");
        spec.series[0].values.push_back(other);
    }
    keepSpec(view, std::move(spec));
    chart->legend()->setAlignment(Qt::AlignRight);
    QObject::connect(pie, &QPieSeries::hovered, view, [view, total](QPieSlice* slice, bool state) {
        slice->setExploded(state);
        if (state) {
            QToolTip::showText(QCursor::pos(),
                               QStringLiteral("<p style='white-space:pre'>%1\n%2 events</p>")
                                   .arg(slice->label(), UiFormat::number(slice->value(), 0)),
                               view);
        } else {
            QToolTip::hideText();
        }
        (void)total;
    });
}

QChartView* ChartFactory::sparkline(QWidget* parent, const std::vector<double>& values)
{
    auto* view = new ChartView(parent);
    view->setObjectName(QStringLiteral("sparklineChart"));
    view->setRenderHint(QPainter::Antialiasing);
    view->setFixedHeight(48);
    auto* chart = new QChart();
    chart->setBackgroundVisible(false);
    chart->legend()->hide();
    chart->setMargins(QMargins(0, 0, 0, 0));
    auto* line = new QLineSeries;
    double maxY = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        line->append(static_cast<qreal>(i), values[i]);
        maxY = std::max(maxY, values[i]);
    }
    line->setColor(parent ? parent->palette().color(QPalette::Highlight) : QColor(0x2a, 0x7a, 0xc0));
    chart->addSeries(line);
    chart->createDefaultAxes();
    for (auto* a : chart->axes()) {
        a->hide();
    }
    if (!chart->axes(Qt::Vertical).isEmpty()) {
        chart->axes(Qt::Vertical).first()->setRange(0, maxY <= 0 ? 1 : maxY);
    }
    view->setChart(chart);
    return view;
}

void ChartFactory::setEmpty(QChartView* view, const QString& title, const QString& message)
{
    QChart* chart = freshChart(view, title + QStringLiteral("\n\n") + message);
    chart->legend()->hide();
    keepSpec(view, std::nullopt);
}

} // namespace kvw::ui
