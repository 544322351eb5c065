// make-series, series_fit_line and series_outliers against the Kusto documentation and the maintainer's
// Stack Overflow answer (docs/anomaly-and-peers.md A.5). Expected values come from those sources or are
// derived by hand in the comments; none is read back from the code under test.
#include "core/analytics/series/MakeSeries.h"
#include "core/analytics/series/SeriesFitLine.h"
#include "core/analytics/series/SeriesOutliers.h"
#include "core/common/Timestamp.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTest>
#include <cmath>
#include <limits>
#include <vector>

using namespace kvw::core;

Q_DECLARE_METATYPE(MakeSeries::Aggregation)
Q_DECLARE_METATYPE(SeriesOutliers::Kind)
Q_DECLARE_METATYPE(std::optional<std::int64_t>)
Q_DECLARE_METATYPE(std::optional<double>)

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

std::int64_t day(int d, int hour = 0, int minute = 0)
{
    // Days of January 2017; d = 0 is 2016-12-31.
    return (Timestamp::fromCivil(2017, 1, 1, hour, minute) + (d - 1) * Timestamp::TicksPerDay).ticks();
}

// The 14-row datatable of the make-series docs example.
std::vector<MakeSeries::Point> docsRows()
{
    return {{day(0, 6), 50}, {day(1), 4},          {day(2), 3},      {day(3), 4},    {day(3, 3), 6},
            {day(5), 8},     {day(5, 13, 40), 13}, {day(6), 4},      {day(7), 3},    {day(8), 8},
            {day(8, 21), 8}, {day(9), 2},          {day(9, 12), 11}, {day(10, 5), 5}};
}

// Stack Overflow 75264555 (answered by the function's maintainer): input and Kusto's output.
const QList<double> SoInput{-3, 2.4, 15, 3.9, 5, 6, 4.5, 5.2, 3, 4, 5, 16, 7, 5, 5, 4};
// clang-format off
const QList<double> SoScores{-1.9040785483608571, -0.10021466044004519, 1.3361954725339347, 0, 0, 0, 0, 0, 0, 0, 0,
                             1.6702443406674186, 0, 0, 0, 0};
// clang-format on

// Empty when equal within tol (NaN matches NaN), else the first difference.
QString compareSeries(const std::vector<double>& actual, const QList<double>& expected, double tol)
{
    if (actual.size() != static_cast<std::size_t>(expected.size())) {
        return QStringLiteral("size %1, expected %2").arg(actual.size()).arg(expected.size());
    }
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const double a = actual[static_cast<std::size_t>(i)];
        const double e = expected[i];
        const bool same = (std::isnan(a) && std::isnan(e)) || std::abs(a - e) <= tol;
        if (!same) {
            return QStringLiteral("[%1] is %2, expected %3").arg(i).arg(a, 0, 'g', 17).arg(e, 0, 'g', 17);
        }
    }
    return {};
}

std::vector<std::int64_t> dayRange(int first, int count)
{
    std::vector<std::int64_t> out;
    for (int d = first; d < first + count; ++d) {
        out.push_back(day(d));
    }
    return out;
}

} // namespace

class TestSeriesFunctions : public QObject
{
    Q_OBJECT

private slots:
    void makeSeriesDocsExample();
    void makeSeriesAggregations_data();
    void makeSeriesAggregations();
    void makeSeriesBounds_data();
    void makeSeriesBounds();
    void makeSeriesCounts();
    void makeSeriesEmptyInput();
    void makeSeriesNullValues();
    void makeSeriesErrors();

    void fitLineDocsExample();
    void fitLineEdgeCases();

    void outliersStackOverflowExample();
    void outliers_data();
    void outliers();
    void outliersCustomPercentiles();
    void outliersInvalidPercentiles_data();
    void outliersInvalidPercentiles();
    void percentileInterpolates();
};

void TestSeriesFunctions::makeSeriesDocsExample()
{
    // make-series avg(metric) on timestamp from 2017-01-01 to 2017-01-10 step 1d: the 2016-12-31 row and the
    // 2017-01-10 row (end is exclusive) fall outside.
    const std::vector<MakeSeries::Point> rows = docsRows();
    const auto series = MakeSeries::fromTo(day(1), day(10), Timestamp::TicksPerDay)
                            .setAggregation(MakeSeries::Aggregation::Avg)
                            .build(rows);
    QVERIFY(series.ok());
    const QString diff = compareSeries(series->values, {4.0, 3.0, 5.0, 0.0, 10.5, 4.0, 3.0, 8.0, 6.5}, 0.0);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(series->binStarts, dayRange(1, 9));
    QCOMPARE(series->step, Timestamp::TicksPerDay);
}

void TestSeriesFunctions::makeSeriesAggregations_data()
{
    // Same rows and range as the docs; per day the values are 01:{4} 02:{3} 03:{4,6} 04:{} 05:{8,13} 06:{4}
    // 07:{3} 08:{8,8} 09:{2,11}.
    QTest::addColumn<MakeSeries::Aggregation>("aggregation");
    QTest::addColumn<double>("defaultValue");
    QTest::addColumn<QList<double>>("expected");
    using A = MakeSeries::Aggregation;
    QTest::addRow("count") << A::Count << 0.0 << QList<double>{1, 1, 2, 0, 2, 1, 1, 2, 2};
    QTest::addRow("sum") << A::Sum << 0.0 << QList<double>{4, 3, 10, 0, 21, 4, 3, 16, 13};
    QTest::addRow("min") << A::Min << 0.0 << QList<double>{4, 3, 4, 0, 8, 4, 3, 8, 2};
    QTest::addRow("max") << A::Max << 0.0 << QList<double>{4, 3, 6, 0, 13, 4, 3, 8, 11};
    QTest::addRow("avg with default -1") << A::Avg << -1.0 << QList<double>{4, 3, 5, -1, 10.5, 4, 3, 8, 6.5};
    QTest::addRow("count with default NaN") << A::Count << NaN << QList<double>{1, 1, 2, NaN, 2, 1, 1, 2, 2};
}

void TestSeriesFunctions::makeSeriesAggregations()
{
    QFETCH(MakeSeries::Aggregation, aggregation);
    QFETCH(double, defaultValue);
    QFETCH(QList<double>, expected);
    const std::vector<MakeSeries::Point> rows = docsRows();
    const auto series = MakeSeries::fromTo(day(1), day(10), Timestamp::TicksPerDay)
                            .setAggregation(aggregation)
                            .setDefaultValue(defaultValue)
                            .build(rows);
    QVERIFY(series.ok());
    const QString diff = compareSeries(series->values, expected, 0.0);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestSeriesFunctions::makeSeriesBounds_data()
{
    QTest::addColumn<bool>("inRange");
    QTest::addColumn<std::optional<std::int64_t>>("start");
    QTest::addColumn<std::optional<std::int64_t>>("end");
    QTest::addColumn<std::int64_t>("firstBin");
    QTest::addColumn<QList<double>>("expected"); // avg of the docs rows
    const std::optional<std::int64_t> none;
    // bin_at anchors the grid at start: bins 01T12, 02T12, 03T12; 02T00 -> {3}, 03T00/03T03 -> {4,6}, the third
    // bin [03T12, 04T12) is empty, and end 04T12 is exclusive.
    QTest::addRow("from..to anchors bins at start")
        << false << std::optional(day(1, 12)) << std::optional(day(4, 12)) << day(1, 12) << QList<double>{3, 5, 0};
    QTest::addRow("from..to end is exclusive") << false << std::optional(day(1)) << std::optional(day(9)) << day(1)
                                               << QList<double>{4, 3, 5, 0, 10.5, 4, 3, 8};
    // Without from/to the series spans the first to the last bin with data: 2016-12-31 .. 2017-01-10.
    QTest::addRow("no bounds: first to last bin with data")
        << false << none << none << day(0) << QList<double>{50, 4, 3, 5, 0, 10.5, 4, 3, 8, 6.5, 5};
    QTest::addRow("no start: first bin with data before end")
        << false << none << std::optional(day(3)) << day(0) << QList<double>{50, 4, 3};
    QTest::addRow("no end: last bin with data")
        << false << std::optional(day(8)) << none << day(8) << QList<double>{8, 6.5, 5};
    // in range(01T12, 09T12, 1d): bins are bin(t, 1d) from 01 to 09; only points in [01T12, 09T12] count, so
    // 01T00 (4) is out and 09T12 (11) is in (inclusive stop).
    QTest::addRow("in range: bin() alignment, inclusive stop")
        << true << std::optional(day(1, 12)) << std::optional(day(9, 12)) << day(1)
        << QList<double>{0, 3, 5, 0, 10.5, 4, 3, 8, 6.5};
    QTest::addRow("in range: a point at stop counts")
        << true << std::optional(day(8)) << std::optional(day(9, 12)) << day(8) << QList<double>{8, 6.5};
    QTest::addRow("in range: a point after stop does not")
        << true << std::optional(day(8)) << std::optional(day(9, 11, 59)) << day(8) << QList<double>{8, 2};
}

void TestSeriesFunctions::makeSeriesBounds()
{
    QFETCH(bool, inRange);
    QFETCH(std::optional<std::int64_t>, start);
    QFETCH(std::optional<std::int64_t>, end);
    QFETCH(std::int64_t, firstBin);
    QFETCH(QList<double>, expected);
    MakeSeries maker = inRange ? MakeSeries::inRange(*start, *end, Timestamp::TicksPerDay)
                               : MakeSeries::fromTo(start, end, Timestamp::TicksPerDay);
    const std::vector<MakeSeries::Point> rows = docsRows();
    const auto series = maker.setAggregation(MakeSeries::Aggregation::Avg).build(rows);
    QVERIFY(series.ok());
    const QString diff = compareSeries(series->values, expected, 0.0);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(series->binStarts.size(), static_cast<std::size_t>(expected.size()));
    QCOMPARE(series->binStarts.front(), firstBin);
    QCOMPARE(series->binStarts.back(), firstBin + (expected.size() - 1) * Timestamp::TicksPerDay);
}

void TestSeriesFunctions::makeSeriesCounts()
{
    // Hourly counts of bare timestamps: two events at 10:05 and 10:59, none at 11, one at 12:00 exactly.
    const std::int64_t h10 = Timestamp::fromCivil(2024, 4, 4, 10).ticks();
    const std::vector<std::int64_t> ticks{h10 + 5 * Timestamp::TicksPerMinute, h10 + 59 * Timestamp::TicksPerMinute,
                                          h10 + 2 * Timestamp::TicksPerHour};
    const auto series = MakeSeries::fromTo(h10, h10 + 3 * Timestamp::TicksPerHour, Timestamp::TicksPerHour)
                            .setAggregation(MakeSeries::Aggregation::Sum) // ignored: buildCounts always counts
                            .buildCounts(ticks);
    QVERIFY(series.ok());
    const QString diff = compareSeries(series->values, {2, 0, 1}, 0.0);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestSeriesFunctions::makeSeriesEmptyInput()
{
    // Both bounds known: the default-filled axis (kind=nonempty). An open bound: nothing to span.
    const auto filled = MakeSeries::fromTo(day(1), day(4), Timestamp::TicksPerDay).setDefaultValue(7).build({});
    QVERIFY(filled.ok());
    QVERIFY2(compareSeries(filled->values, {7, 7, 7}, 0.0).isEmpty(), "default-filled");
    const auto open = MakeSeries::fromTo(day(1), std::nullopt, Timestamp::TicksPerDay).build({});
    QVERIFY(open.ok());
    QVERIFY(open->values.empty());
    QVERIFY(open->binStarts.empty());
    const auto reversed = MakeSeries::fromTo(day(4), day(1), Timestamp::TicksPerDay).build({});
    QVERIFY(reversed.ok());
    QVERIFY(reversed->values.empty());
}

void TestSeriesFunctions::makeSeriesNullValues()
{
    // NaN is a null: count() counts the row, avg() skips it, a bin of nulls only gets the default.
    const std::vector<MakeSeries::Point> rows{{day(1), 2}, {day(1, 1), NaN}, {day(1, 2), 4}, {day(2), NaN}};
    const auto avg = MakeSeries::fromTo(day(1), day(3), Timestamp::TicksPerDay)
                         .setAggregation(MakeSeries::Aggregation::Avg)
                         .setDefaultValue(-1)
                         .build(rows);
    QVERIFY(avg.ok());
    QVERIFY2(compareSeries(avg->values, {3, -1}, 0.0).isEmpty(), "avg skips nulls");
    const auto count = MakeSeries::fromTo(day(1), day(3), Timestamp::TicksPerDay).build(rows);
    QVERIFY(count.ok());
    QVERIFY2(compareSeries(count->values, {3, 1}, 0.0).isEmpty(), "count counts rows");
}

void TestSeriesFunctions::makeSeriesErrors()
{
    const auto zeroStep = MakeSeries::fromTo(day(1), day(2), 0).build({});
    QVERIFY(!zeroStep.ok());
    QCOMPARE(zeroStep.error().code, Error::Code::Usage);
    // 2^20 + 1 one-second bins.
    const std::int64_t start = day(1);
    const auto maxBins = static_cast<std::int64_t>(MakeSeries::MaxBins);
    const auto tooLong =
        MakeSeries::fromTo(start, start + (maxBins + 1) * Timestamp::TicksPerSecond, Timestamp::TicksPerSecond)
            .build({});
    QVERIFY(!tooLong.ok());
    QCOMPARE(tooLong.error().code, Error::Code::Limit);
    const auto atLimit =
        MakeSeries::fromTo(start, start + maxBins * Timestamp::TicksPerSecond, Timestamp::TicksPerSecond).build({});
    QVERIFY(atLimit.ok());
    QCOMPARE(atLimit->values.size(), MakeSeries::MaxBins);
}

void TestSeriesFunctions::fitLineDocsExample()
{
    // series_fit_line docs: [2,5,6,8,11,15,17,18,25,26,30,30] -> RSquare 0.982, Slope 2.730, Variance 98.628,
    // RVariance 1.686, Interception -1.666, first fitted value 1.064. The docs cut (not round) to 3 decimals.
    const std::vector<double> y{2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30};
    const LineFit fit = SeriesFitLine::fit(y);
    const auto cut = [](double v) { return std::trunc(v * 1000.0); };
    QCOMPARE(cut(fit.rsquare), 982.0);
    QCOMPARE(cut(fit.slope), 2730.0);
    QCOMPARE(cut(fit.variance), 98628.0);
    QCOMPARE(cut(fit.rvariance), 1686.0);
    QCOMPARE(cut(fit.interception), -1666.0);
    QCOMPARE(fit.lineFit.size(), y.size());
    QCOMPARE(cut(fit.lineFit.front()), 1064.0);
    // Exact by hand: slope = Sxy / Sxx = 390.5 / 143, interception = mean(y) - slope * 6.5.
    QVERIFY(std::abs(fit.slope - 390.5 / 143.0) < 1e-12);
    QVERIFY(std::abs(fit.interception - (193.0 / 12.0 - 390.5 / 143.0 * 6.5)) < 1e-12);
}

void TestSeriesFunctions::fitLineEdgeCases()
{
    // A perfect line y = 2x + 1 over x = 1..5.
    const LineFit line = SeriesFitLine::fit(std::vector<double>{3, 5, 7, 9, 11});
    QCOMPARE(line.slope, 2.0);
    QCOMPARE(line.interception, 1.0);
    QCOMPARE(line.rsquare, 1.0);
    QCOMPARE(line.rvariance, 0.0);
    QCOMPARE(line.variance, 10.0); // deviations -4..4 by 2: 40 / (5 - 1)

    // A NaN keeps its slot (x = 3) but not its weight: the fit is still y = 2x + 1.
    const LineFit gap = SeriesFitLine::fit(std::vector<double>{3, 5, NaN, 9, 11});
    QCOMPARE(gap.slope, 2.0);
    QCOMPARE(gap.interception, 1.0);
    QCOMPARE(gap.lineFit[2], 7.0);

    // Constant input: rsquare undefined (0/0), the line is the constant.
    const LineFit flat = SeriesFitLine::fit(std::vector<double>{4, 4, 4});
    QVERIFY(std::isnan(flat.rsquare));
    QCOMPARE(flat.slope, 0.0);
    QCOMPARE(flat.interception, 4.0);

    const LineFit empty = SeriesFitLine::fit({});
    QVERIFY(empty.lineFit.empty());
    QVERIFY(std::isnan(empty.slope));
}

void TestSeriesFunctions::outliersStackOverflowExample()
{
    const std::vector<double> input(SoInput.begin(), SoInput.end());
    const auto scored = SeriesOutliers::score(input);
    QVERIFY(scored.ok());
    const QString diff = compareSeries(scored->scores, SoScores, 1e-12);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QVERIFY(std::abs(scored->lowPercentile - 2.7) < 1e-12);
    QVERIFY(std::abs(scored->highPercentile - 11.0) < 1e-12);
    QCOMPARE(scored->factor, SeriesOutliers::CTukeyFactor10To90);
    QVERIFY(!scored->approximate);
}

void TestSeriesFunctions::outliers_data()
{
    QTest::addColumn<QList<double>>("input");
    QTest::addColumn<SeriesOutliers::Kind>("kind");
    QTest::addColumn<std::optional<double>>("ignoreValue");
    QTest::addColumn<QList<double>>("expected");
    const std::optional<double> none;

    // NaN and the ignore value neither score nor move the percentiles: the SO answer's scores come back.
    QList<double> withNan = SoInput;
    withNan.insert(3, NaN);
    QList<double> expectedNan = SoScores;
    expectedNan.insert(3, 0.0);
    QTest::addRow("NaN scores 0 and is not counted") << withNan << SeriesOutliers::Kind::CTukey << none << expectedNan;
    QList<double> withIgnored = SoInput;
    withIgnored.append({-999, -999});
    withIgnored.prepend(-999);
    QList<double> expectedIgnored = SoScores;
    expectedIgnored.append({0, 0});
    expectedIgnored.prepend(0);
    QTest::addRow("ignore_val scores 0 and is not counted")
        << withIgnored << SeriesOutliers::Kind::CTukey << std::optional(-999.0) << expectedIgnored;

    // Tukey 25/75 on 9 values: sorted [-5,0,0,.5,.5,.5,1,1,2.5], h25 = 2 -> 0, h75 = 6 -> 1, F = 1: 2.5 scores
    // (2.5 - 1) / 1 = 1.5 and -5 scores -5.
    QTest::addRow("tukey") << QList<double>{0.5, 2.5, 0, 1, -5, 0.5, 0, 1, 0.5} << SeriesOutliers::Kind::Tukey << none
                           << QList<double>{0, 1.5, 0, 0, -5, 0, 0, 0, 0};

    // Flat: P10 == P90, no fence width, every score 0 (our documented rule), even for the spike.
    QTest::addRow("flat series") << QList<double>(10, 5.0) << SeriesOutliers::Kind::CTukey << none
                                 << QList<double>(10, 0.0);
    QTest::addRow("flat with one spike") << QList<double>{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 100}
                                         << SeriesOutliers::Kind::CTukey << none << QList<double>(12, 0.0);
    QTest::addRow("all NaN") << QList<double>{NaN, NaN} << SeriesOutliers::Kind::CTukey << none << QList<double>{0, 0};
    QTest::addRow("empty") << QList<double>{} << SeriesOutliers::Kind::CTukey << none << QList<double>{};
}

void TestSeriesFunctions::outliers()
{
    QFETCH(QList<double>, input);
    QFETCH(SeriesOutliers::Kind, kind);
    QFETCH(std::optional<double>, ignoreValue);
    QFETCH(QList<double>, expected);
    SeriesOutliers::Options options;
    options.kind = kind;
    options.ignoreValue = ignoreValue;
    const std::vector<double> series(input.begin(), input.end());
    const auto scored = SeriesOutliers::score(series, options);
    QVERIFY(scored.ok());
    const QString diff = compareSeries(scored->scores, expected, 1e-12);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(scored->approximate, kind == SeriesOutliers::Kind::Tukey);
}

void TestSeriesFunctions::outliersCustomPercentiles()
{
    // The maintainer's recipe F = 1.5 (z_hi - z_lo) / (z75 + 1.5 (z75 - z25) - z_hi). Reference values from
    // Python's statistics.NormalDist: 1.360131623304518 for 20/80, 2.7143705977391295 for 10/90 (which is why
    // 10/90 uses Kusto's measured 2.772605605507915 instead), exactly 1 for 25/75 (then 3 z75 / 3 z75).
    QVERIFY(std::abs(SeriesOutliers::recipeFactor(20, 80) - 1.360131623304518) < 1e-12);
    QVERIFY(std::abs(SeriesOutliers::recipeFactor(10, 90) - 2.7143705977391295) < 1e-12);
    QVERIFY(std::abs(SeriesOutliers::recipeFactor(25, 75) - 1.0) < 1e-12);

    // 25/75 as ctukey: F = 1, so it scores like tukey; by hand as in the tukey row above.
    SeriesOutliers::Options options;
    options.minPercentile = 25;
    options.maxPercentile = 75;
    const auto scored = SeriesOutliers::score(std::vector<double>{0.5, 2.5, 0, 1, -5, 0.5, 0, 1, 0.5}, options);
    QVERIFY(scored.ok());
    QVERIFY(scored->approximate);
    const QString diff = compareSeries(scored->scores, {0, 1.5, 0, 0, -5, 0, 0, 0, 0}, 1e-12);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestSeriesFunctions::outliersInvalidPercentiles_data()
{
    QTest::addColumn<double>("minPercentile");
    QTest::addColumn<double>("maxPercentile");
    QTest::addRow("min below 2") << 1.0 << 90.0;
    QTest::addRow("max above 98") << 10.0 << 99.0;
    QTest::addRow("min equals max") << 50.0 << 50.0;
    QTest::addRow("min above max") << 80.0 << 20.0;
    QTest::addRow("NaN") << NaN << 90.0;
}

void TestSeriesFunctions::outliersInvalidPercentiles()
{
    QFETCH(double, minPercentile);
    QFETCH(double, maxPercentile);
    SeriesOutliers::Options options;
    options.minPercentile = minPercentile;
    options.maxPercentile = maxPercentile;
    const auto scored = SeriesOutliers::score(std::vector<double>{1, 2, 3}, options);
    QVERIFY(!scored.ok());
    QCOMPARE(scored.error().code, Error::Code::Usage);
}

void TestSeriesFunctions::percentileInterpolates()
{
    // h = (n - 1) p / 100 with linear interpolation: [10, 20, 30, 40], p = 10 -> h = 0.3 -> 13; p = 90 -> 37.
    const std::vector<double> v{10, 20, 30, 40};
    QCOMPARE(SeriesOutliers::percentile(v, 10), 13.0);
    QCOMPARE(SeriesOutliers::percentile(v, 90), 37.0);
    QCOMPARE(SeriesOutliers::percentile(v, 100), 40.0);
    QCOMPARE(SeriesOutliers::percentile(std::vector<double>{7}, 50), 7.0);
}

QTEST_APPLESS_MAIN(TestSeriesFunctions)
#include "tst_series_functions.moc"
