// series_decompose / series_decompose_anomalies / period detection against real Kusto output: the msticpy
// 840-point file (../shared/samples/anomaly) and the series_periods_detect docs example
// (docs/anomaly-and-peers.md A.5). Edge-case expectations are derived by hand in the comments.
#include "common/TestSupport.h"
#include "core/analytics/series/MakeSeries.h"
#include "core/analytics/series/SeriesDecompose.h"
#include "core/analytics/series/SeriesDecomposeAnomalies.h"
#include "core/analytics/series/SeriesOutliers.h"
#include "core/analytics/series/SeriesPeriodDetector.h"
#include "core/common/Timestamp.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTest>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>
#include <sstream>
#include <vector>

using namespace kvw::core;

Q_DECLARE_METATYPE(SeriesDecompose::Trend)

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// series_periods_detect docs: one month of traffic in 12 h bins; Kusto finds period 14 (score 0.84).
const std::vector<double> DocsPeriodsSeries{80,  139, 87,  110, 68, 54, 50,  51,  53,  133, 86,  141, 97,  156, 94,
                                            149, 95,  140, 77,  61, 50, 54,  47,  133, 72,  152, 94,  148, 105, 162,
                                            101, 160, 87,  63,  53, 55, 54,  151, 103, 189, 108, 183, 113, 175, 113,
                                            178, 90,  71,  62,  62, 65, 165, 109, 181, 115, 182, 121, 178, 114, 170};

// Stack Overflow 75264555 (the function's maintainer): series_outliers() input and Kusto's scores.
const std::vector<double> SoInput{-3, 2.4, 15, 3.9, 5, 6, 4.5, 5.2, 3, 4, 5, 16, 7, 5, 5, 4};
// clang-format off
const std::vector<double> SoScores{-1.9040785483608571, -0.10021466044004519, 1.3361954725339347, 0, 0, 0, 0, 0, 0,
                                   0, 0, 1.6702443406674186, 0, 0, 0, 0};
// clang-format on

struct MsticpyRow
{
    std::int64_t ticks = 0;
    double value = 0.0;
    std::int64_t baseline = 0;
    double score = 0.0;
    int anomaly = 0;
};

std::string unquote(std::string field)
{
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
        return field.substr(1, field.size() - 2);
    }
    return field;
}

// TimeGenerated,TotalBytesSent,baseline,score,anomalies; UTF-8 BOM; some numbers quoted ("-1").
std::vector<MsticpyRow> readMsticpy(const std::string& path)
{
    std::string text = kvw::test::readFile(path);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
        text.erase(0, 3);
    }
    std::istringstream in(text);
    std::string line;
    std::getline(in, line); // header
    std::vector<MsticpyRow> rows;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty()) {
            continue;
        }
        std::vector<std::string> fields;
        std::istringstream cells(line);
        for (std::string cell; std::getline(cells, cell, ',');) {
            fields.push_back(unquote(cell));
        }
        if (fields.size() != 5) {
            return {};
        }
        const auto ts = parseTimestamp(fields[0]);
        if (!ts) {
            return {};
        }
        rows.push_back(
            {ts->ticks(), std::stod(fields[1]), std::stoll(fields[2]), std::stod(fields[3]), std::stoi(fields[4])});
    }
    return rows;
}

QList<double> toList(const std::vector<double>& v)
{
    return {v.begin(), v.end()};
}

QString compareSeries(const std::vector<double>& actual, const std::vector<double>& expected, double tol)
{
    if (actual.size() != expected.size()) {
        return QStringLiteral("size %1, expected %2").arg(actual.size()).arg(expected.size());
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const bool same =
            (std::isnan(actual[i]) && std::isnan(expected[i])) || std::abs(actual[i] - expected[i]) <= tol;
        if (!same) {
            return QStringLiteral("[%1] is %2, expected %3")
                .arg(i)
                .arg(actual[i], 0, 'g', 17)
                .arg(expected[i], 0, 'g', 17);
        }
    }
    return {};
}

} // namespace

class TestSeriesAnomalies : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void msticpyOracle();
    void msticpyDecomposition();

    void periodDocsExample();
    void periodSynthetic();
    void periodNone_data();
    void periodNone();

    void decomposeEmpty();
    void decomposeAllZero();
    void decomposeNoSeasonNoTrend();
    void decomposeAvgTrend();
    void decomposeForcedSeasonality_data();
    void decomposeForcedSeasonality();
    void decomposeSeasonalityThreshold();
    void anomaliesNaN();
    void anomaliesTestPoints();
    void anomaliesStrictThreshold();
    void anomaliesInvalidOptions();

private:
    std::vector<MsticpyRow> m_msticpy;
    QString m_msticpySkip;
};

void TestSeriesAnomalies::initTestCase()
{
    const std::string shared = kvw::test::sharedDir();
    if (shared.empty()) {
        m_msticpySkip = QStringLiteral("shared reference folder (KVW_SHARED_DIR) not found");
        return;
    }
    const auto path = std::filesystem::path(shared) / "samples" / "anomaly" / "msticpy_time_series.csv";
    if (!std::filesystem::exists(path)) {
        m_msticpySkip = QStringLiteral("missing %1").arg(QString::fromStdString(path.string()));
        return;
    }
    m_msticpy = readMsticpy(path.string());
    QCOMPARE(m_msticpy.size(), std::size_t{840});
}

void TestSeriesAnomalies::msticpyOracle()
{
    if (!m_msticpySkip.isEmpty()) {
        QSKIP(qPrintable(m_msticpySkip));
    }
    // The file is hourly from 2019-05-01T06:00Z; rebuilding it with make-series sum() must give the same values.
    const std::int64_t start = Timestamp::fromCivil(2019, 5, 1, 6).ticks();
    std::vector<MakeSeries::Point> points;
    for (const MsticpyRow& row : m_msticpy) {
        points.push_back({row.ticks, row.value});
    }
    const auto made = MakeSeries::fromTo(start, start + 840 * Timestamp::TicksPerHour, Timestamp::TicksPerHour)
                          .setAggregation(MakeSeries::Aggregation::Sum)
                          .build(points);
    QVERIFY(made.ok());
    QCOMPARE(made->values.size(), std::size_t{840});
    for (std::size_t i = 0; i < 840; ++i) {
        QCOMPARE(made->binStarts[i], m_msticpy[i].ticks);
        QCOMPARE(made->values[i], m_msticpy[i].value);
    }

    // series_decompose_anomalies(TotalBytesSent, 3, -1, "linefit").
    SeriesDecomposeAnomalies::Options options;
    options.threshold = 3;
    options.seasonality = -1;
    options.trend = SeriesDecompose::Trend::LineFit;
    const auto result = SeriesDecomposeAnomalies::detect(made->values, options);
    QVERIFY(result.ok());
    QCOMPARE(result->period, std::size_t{168});
    QVERIFY(result->periodAutoDetected);
    QVERIFY(result->periodScore >= 0.6);
    QVERIFY(result->approximate); // the period came from the stand-in detector

    QStringList mismatches;
    std::vector<std::size_t> flagged;
    std::size_t nonZeroScores = 0;
    for (std::size_t i = 0; i < 840; ++i) {
        const MsticpyRow& row = m_msticpy[i];
        // Kusto's baseline was cast to long, i.e. truncated toward zero.
        if (static_cast<std::int64_t>(std::trunc(result->baseline[i])) != row.baseline) {
            mismatches << QStringLiteral("row %1 baseline %2 vs %3")
                              .arg(i)
                              .arg(result->baseline[i], 0, 'f', 4)
                              .arg(row.baseline);
        }
        if (std::abs(result->scores[i] - row.score) > 1e-9) {
            mismatches << QStringLiteral("row %1 score %2 vs %3")
                              .arg(i)
                              .arg(result->scores[i], 0, 'g', 17)
                              .arg(row.score, 0, 'g', 17);
        }
        if (result->flags[i] != row.anomaly) {
            mismatches << QStringLiteral("row %1 flag %2 vs %3").arg(i).arg(result->flags[i]).arg(row.anomaly);
        }
        if (result->flags[i] != 0) {
            flagged.push_back(i);
        }
        nonZeroScores += result->scores[i] != 0.0 ? 1 : 0;
    }
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.mid(0, 20).join(QLatin1Char('\n'))));
    QCOMPARE(flagged, (std::vector<std::size_t>{149, 199, 299, 399, 599, 779}));
    QCOMPARE(nonZeroScores, std::size_t{168});
    // Spot values quoted in the notes: first row and the strongest dip.
    QVERIFY(std::abs(result->baseline[0] - 782728212.55) < 0.005);
    QVERIFY(std::abs(result->scores[0] - 0.22477580533770974) < 1e-12);
    QVERIFY(std::abs(result->scores[149] - -7.6240) < 5e-5);
    QCOMPARE(result->flags[149], -1);
    QCOMPARE(result->flags[299], 1);
}

void TestSeriesAnomalies::msticpyDecomposition()
{
    if (!m_msticpySkip.isEmpty()) {
        QSKIP(qPrintable(m_msticpySkip));
    }
    std::vector<double> x;
    for (const MsticpyRow& row : m_msticpy) {
        x.push_back(row.value);
    }
    SeriesDecompose::Options options;
    options.trend = SeriesDecompose::Trend::LineFit;
    const auto parts = SeriesDecompose::decompose(x, options);
    QVERIFY(parts.ok());
    QCOMPARE(parts->period, std::size_t{168});
    // Trend over the deseasonalised data: slope 740199.8529 per bin, intercept -312590194.30 (x = 1..840).
    const double slope = parts->trend[1] - parts->trend[0];
    const double intercept = parts->trend[0] - slope;
    QVERIFY2(std::abs(slope - 740199.8529) < 1e-4, qPrintable(QString::number(slope, 'f', 6)));
    QVERIFY2(std::abs(intercept - -312590194.30) < 0.01, qPrintable(QString::number(intercept, 'f', 4)));
    // Residual P10 = -71292311.0261, P90 = 78816053.1496.
    const auto scored = SeriesOutliers::score(parts->residual);
    QVERIFY(scored.ok());
    QVERIFY(std::abs(scored->lowPercentile - -71292311.0261) < 1e-3);
    QVERIFY(std::abs(scored->highPercentile - 78816053.1496) < 1e-3);
    for (std::size_t i = 0; i < x.size(); ++i) {
        QCOMPARE(parts->baseline[i], parts->seasonal[i] + parts->trend[i]);
        QCOMPARE(parts->residual[i], x[i] - parts->baseline[i]);
    }
    // Every phase median is over exactly 5 values (840 = 5 x 168), so the seasonal repeats every 168 bins.
    for (std::size_t i = 168; i < x.size(); ++i) {
        QCOMPARE(parts->seasonal[i], parts->seasonal[i - 168]);
    }

    if (m_msticpy.size() == 840) {
        const DetectedPeriod p = SeriesPeriodDetector::detectSeasonality(x);
        QCOMPARE(p.period, std::size_t{168});
    }
}

void TestSeriesAnomalies::periodDocsExample()
{
    // Kusto: series_periods_detect(y, 0, 50, 2) -> periods [14, 0]. Only the top period is claimed.
    const PeriodDetection detected = SeriesPeriodDetector::detect(DocsPeriodsSeries, 0, 50, 2);
    QVERIFY(detected.approximate);
    QCOMPARE(detected.periods.size(), std::size_t{2});
    QCOMPARE(detected.periods.front().period, std::size_t{14});
    QVERIFY(detected.periods.front().score > 0.0 && detected.periods.front().score <= 1.0);

    const DetectedPeriod seasonality = SeriesPeriodDetector::detectSeasonality(DocsPeriodsSeries);
    QCOMPARE(seasonality.period, std::size_t{14});
    QVERIFY(seasonality.score >= SeriesPeriodDetector::DefaultThreshold);

    // Auto seasonality in series_decompose picks the same period.
    const auto parts = SeriesDecompose::decompose(DocsPeriodsSeries);
    QVERIFY(parts.ok());
    QCOMPARE(parts->period, std::size_t{14});
    QVERIFY(parts->periodAutoDetected);
    QVERIFY(parts->approximate);

    // Padding to the requested count, as Kusto pads with 0.
    QCOMPARE(SeriesPeriodDetector::detect(DocsPeriodsSeries, 0, 50, 5).periods.size(), std::size_t{5});
    QVERIFY(SeriesPeriodDetector::detect(DocsPeriodsSeries, 0, 50, 0).periods.empty());
}

void TestSeriesAnomalies::periodSynthetic()
{
    // A daily cycle (24 bins) on a rising trend over 10 days: the trend is removed first, the period is 24.
    std::vector<double> hourly;
    for (int i = 0; i < 240; ++i) {
        hourly.push_back(1000.0 + 3.0 * i + 200.0 * std::sin(2.0 * std::numbers::pi * i / 24.0));
    }
    QCOMPARE(SeriesPeriodDetector::detectSeasonality(hourly).period, std::size_t{24});
    // A weekly cycle (7 bins) in 8 weeks of daily counts, with a weekend dip.
    std::vector<double> daily;
    for (int week = 0; week < 8; ++week) {
        for (const double v : {50.0, 52.0, 51.0, 53.0, 50.0, 10.0, 12.0}) {
            daily.push_back(v);
        }
    }
    QCOMPARE(SeriesPeriodDetector::detectSeasonality(daily).period, std::size_t{7});
    // Restricted to 10..20, the strongest local maximum is the multiple 14 = 2 x 7.
    QCOMPARE(SeriesPeriodDetector::detect(daily, 10, 20, 1).periods.front().period, std::size_t{14});
}

void TestSeriesAnomalies::periodNone_data()
{
    QTest::addColumn<QList<double>>("series");
    QTest::addRow("empty") << QList<double>{};
    QTest::addRow("shorter than two minimal periods") << QList<double>{1, 9, 1, 9, 1, 9, 1};
    QTest::addRow("constant") << QList<double>(50, 3.0);
    QTest::addRow("all zero") << QList<double>(50, 0.0);
    QList<double> line;
    for (int i = 0; i < 50; ++i) {
        line << 1e9 + 12345.0 * i;
    }
    QTest::addRow("a straight line") << line;
}

void TestSeriesAnomalies::periodNone()
{
    QFETCH(QList<double>, series);
    const std::vector<double> x(series.begin(), series.end());
    QCOMPARE(SeriesPeriodDetector::detectSeasonality(x).period, std::size_t{0});
    const PeriodDetection detected = SeriesPeriodDetector::detect(x, 0, 100, 1);
    QCOMPARE(detected.periods.size(), std::size_t{1});
    QCOMPARE(detected.periods.front().period, std::size_t{0});
}

void TestSeriesAnomalies::decomposeEmpty()
{
    const auto parts = SeriesDecompose::decompose({});
    QVERIFY(parts.ok());
    QVERIFY(parts->baseline.empty() && parts->residual.empty());
    QCOMPARE(parts->period, std::size_t{0});
    const auto anomalies = SeriesDecomposeAnomalies::detect({});
    QVERIFY(anomalies.ok());
    QVERIFY(anomalies->flags.empty() && anomalies->scores.empty() && anomalies->baseline.empty());
}

void TestSeriesAnomalies::decomposeAllZero()
{
    // No period, baseline 0, residual 0, a flat residual scores 0 everywhere.
    const std::vector<double> zeros(60, 0.0);
    for (const auto trend : {SeriesDecompose::Trend::Avg, SeriesDecompose::Trend::LineFit}) {
        SeriesDecomposeAnomalies::Options options;
        options.trend = trend;
        const auto result = SeriesDecomposeAnomalies::detect(zeros, options);
        QVERIFY(result.ok());
        QCOMPARE(result->period, std::size_t{0});
        QCOMPARE(toList(result->scores), QList<double>(60, 0.0));
        QCOMPARE(toList(result->baseline), QList<double>(60, 0.0));
        QCOMPARE(result->flags, std::vector<int>(60, 0));
    }
}

void TestSeriesAnomalies::decomposeNoSeasonNoTrend()
{
    // Seasonality 0 and trend none: baseline 0 and residual x (documented), so the anomaly scores are plain
    // series_outliers() of x: the Stack Overflow oracle.
    SeriesDecompose::Options options;
    options.seasonality = 0;
    options.trend = SeriesDecompose::Trend::None;
    const auto parts = SeriesDecompose::decompose(SoInput, options);
    QVERIFY(parts.ok());
    QCOMPARE(toList(parts->baseline), QList<double>(16, 0.0));
    QCOMPARE(toList(parts->residual), toList(SoInput));
    QVERIFY(!parts->approximate);

    SeriesDecomposeAnomalies::Options anomalyOptions;
    anomalyOptions.seasonality = 0;
    anomalyOptions.trend = SeriesDecompose::Trend::None;
    const auto result = SeriesDecomposeAnomalies::detect(SoInput, anomalyOptions);
    QVERIFY(result.ok());
    const QString diff = compareSeries(result->scores, SoScores, 1e-12);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // Threshold 1.5: -1.904 and 1.670 are flagged, 1.336 is not.
    std::vector<int> expectedFlags(16, 0);
    expectedFlags[0] = -1;
    expectedFlags[11] = 1;
    QCOMPARE(result->flags, expectedFlags);
    QVERIFY(!result->approximate);
}

void TestSeriesAnomalies::decomposeAvgTrend()
{
    // Default trend is avg: with no season, the baseline of 1..10 is its mean, 5.5.
    std::vector<double> x;
    for (int i = 1; i <= 10; ++i) {
        x.push_back(i);
    }
    SeriesDecompose::Options options;
    options.seasonality = 0;
    const auto parts = SeriesDecompose::decompose(x, options);
    QVERIFY(parts.ok());
    QCOMPARE(toList(parts->baseline), QList<double>(10, 5.5));
    // linefit fits 1..10 exactly.
    options.trend = SeriesDecompose::Trend::LineFit;
    const auto line = SeriesDecompose::decompose(x, options);
    QVERIFY(line.ok());
    QVERIFY2(compareSeries(line->baseline, x, 1e-12).isEmpty(), "linefit baseline");
}

void TestSeriesAnomalies::decomposeForcedSeasonality_data()
{
    // Pattern [10,20,30,40] five times with a spike 100 at index 9 (phase 1). Phase medians are robust to it:
    // {20,20,100,20,20} -> 20, so seasonal = the pattern. The deseasonalised data is 0 except 80 at index 9.
    QTest::addColumn<SeriesDecompose::Trend>("trend");
    QTest::addColumn<double>("offset"); // trend value added to the pattern
    QTest::addRow("trend none") << SeriesDecompose::Trend::None << 0.0;
    QTest::addRow("trend avg: mean of the deseasonalised data, 80 / 20") << SeriesDecompose::Trend::Avg << 4.0;
}

void TestSeriesAnomalies::decomposeForcedSeasonality()
{
    QFETCH(SeriesDecompose::Trend, trend);
    QFETCH(double, offset);
    std::vector<double> x;
    std::vector<double> expected;
    for (int rep = 0; rep < 5; ++rep) {
        for (const double v : {10.0, 20.0, 30.0, 40.0}) {
            x.push_back(v);
            expected.push_back(v + offset);
        }
    }
    x[9] = 100;
    SeriesDecompose::Options options;
    options.seasonality = 4;
    options.trend = trend;
    const auto parts = SeriesDecompose::decompose(x, options);
    QVERIFY(parts.ok());
    QCOMPARE(parts->period, std::size_t{4});
    QVERIFY(!parts->periodAutoDetected);
    QVERIFY(!parts->approximate);
    QVERIFY2(compareSeries(parts->baseline, expected, 1e-12).isEmpty(), "baseline");

    // A forced period is used even where auto-detection finds another (14 on the docs series).
    options.seasonality = 7;
    const auto forced = SeriesDecompose::decompose(DocsPeriodsSeries, options);
    QVERIFY(forced.ok());
    QCOMPARE(forced->period, std::size_t{7});
    for (std::size_t i = 7; i < DocsPeriodsSeries.size(); ++i) {
        QCOMPARE(forced->seasonal[i], forced->seasonal[i - 7]);
    }
}

void TestSeriesAnomalies::decomposeSeasonalityThreshold()
{
    // No score in [0, 1] reaches a threshold above 1, so auto-detection then finds no period.
    SeriesDecompose::Options options;
    options.seasonalityThreshold = 1.01;
    const auto parts = SeriesDecompose::decompose(DocsPeriodsSeries, options);
    QVERIFY(parts.ok());
    QCOMPARE(parts->period, std::size_t{0});
    QVERIFY(parts->periodAutoDetected);
    QCOMPARE(toList(parts->seasonal), QList<double>(60, 0.0));
}

void TestSeriesAnomalies::anomaliesNaN()
{
    // A null in the input: score 0, flag 0, and the other points score as in the oracle (the null takes no
    // part in the percentiles; with no season or trend the residual is x).
    std::vector<double> x = SoInput;
    x.insert(x.begin() + 5, NaN);
    std::vector<double> expected = SoScores;
    expected.insert(expected.begin() + 5, 0.0);
    SeriesDecomposeAnomalies::Options options;
    options.seasonality = 0;
    options.trend = SeriesDecompose::Trend::None;
    const auto result = SeriesDecomposeAnomalies::detect(x, options);
    QVERIFY(result.ok());
    const QString diff = compareSeries(result->scores, expected, 1e-12);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(result->flags[5], 0);

    // With avg and linefit trends the NaN is skipped by the mean / fit and the rest stays finite.
    for (const auto trend : {SeriesDecompose::Trend::Avg, SeriesDecompose::Trend::LineFit}) {
        options.trend = trend;
        options.seasonality = -1;
        const auto r = SeriesDecomposeAnomalies::detect(x, options);
        QVERIFY(r.ok());
        QCOMPARE(r->scores[5], 0.0);
        for (std::size_t i = 0; i < x.size(); ++i) {
            QVERIFY(std::isfinite(r->scores[i]));
            QVERIFY(std::isfinite(r->baseline[i]));
        }
    }
}

void TestSeriesAnomalies::anomaliesTestPoints()
{
    // Learning window x_t = 2t + e_t, t = 1..8, e = [1,-1,-1,1,-1,1,1,-1]: sum e = 0 and sum t e = 0, so the
    // fit is exactly 2t. Test points t = 9, 10 get 18 + 10 and 20 - 10; the line extrapolates to 18 and 20.
    // Learning residuals are +-1: P10 = -1, P90 = 1 (width 2), so the test residuals +10 / -10 score
    // +-F (10 - 1) / 2 = +-4.5 F and are flagged; the learning points score 0.
    const std::vector<double> e{1, -1, -1, 1, -1, 1, 1, -1};
    std::vector<double> x;
    for (int t = 1; t <= 8; ++t) {
        x.push_back(2.0 * t + e[static_cast<std::size_t>(t - 1)]);
    }
    x.push_back(28);
    x.push_back(10);
    SeriesDecomposeAnomalies::Options options;
    options.seasonality = 0;
    options.trend = SeriesDecompose::Trend::LineFit;
    options.testPoints = 2;
    const auto result = SeriesDecomposeAnomalies::detect(x, options);
    QVERIFY(result.ok());
    std::vector<double> line;
    for (int t = 1; t <= 10; ++t) {
        line.push_back(2.0 * t);
    }
    QVERIFY2(compareSeries(result->baseline, line, 1e-12).isEmpty(), "baseline is the learnt line");
    const double f = SeriesOutliers::CTukeyFactor10To90;
    std::vector<double> expectedScores(10, 0.0);
    expectedScores[8] = 4.5 * f;
    expectedScores[9] = -4.5 * f;
    const QString diff = compareSeries(result->scores, expectedScores, 1e-12);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(result->flags, (std::vector<int>{0, 0, 0, 0, 0, 0, 0, 0, 1, -1}));

    // Without test points the two outliers pull the line: their extra residual r = +10, -10 at t = 9, 10 moves
    // the slope by sum (t - 5.5) r / 82.5 = -4/33 and the intercept by 5.5 * 4/33 = 2/3, so t = 10 sits at
    // 20 - 40/33 + 22/33 = 20 - 6/11.
    options.testPoints = 0;
    const auto learnt = SeriesDecomposeAnomalies::detect(x, options);
    QVERIFY(learnt.ok());
    QVERIFY(std::abs(learnt->baseline[9] - (20.0 - 6.0 / 11.0)) < 1e-12);

    // With avg trend and test points the mean is over the learning window only: mean(2t + e, t = 1..8) = 9.
    options.testPoints = 2;
    options.trend = SeriesDecompose::Trend::Avg;
    const auto avg = SeriesDecomposeAnomalies::detect(x, options);
    QVERIFY(avg.ok());
    QCOMPARE(toList(avg->baseline), QList<double>(10, 9.0));
}

void TestSeriesAnomalies::anomaliesStrictThreshold()
{
    // tukey on [-5,0,0,.5,.5,.5,1,1,2.5] (shuffled): Q1 = 0, Q3 = 1, F = 1, so 2.5 scores exactly 1.5 and -5
    // scores -5. |score| > 1.5 is strict: 2.5 is not flagged at threshold 1.5 but is just below it.
    const std::vector<double> x{0.5, 2.5, 0, 1, -5, 0.5, 0, 1, 0.5};
    SeriesDecomposeAnomalies::Options options;
    options.seasonality = 0;
    options.trend = SeriesDecompose::Trend::None;
    options.method = SeriesOutliers::Kind::Tukey;
    const auto atThreshold = SeriesDecomposeAnomalies::detect(x, options);
    QVERIFY(atThreshold.ok());
    QCOMPARE(atThreshold->scores[1], 1.5);
    QCOMPARE(atThreshold->flags, (std::vector<int>{0, 0, 0, 0, -1, 0, 0, 0, 0}));
    QVERIFY(atThreshold->approximate); // tukey's F = 1 is not verified against Kusto
    options.threshold = 1.4999;
    const auto below = SeriesDecomposeAnomalies::detect(x, options);
    QVERIFY(below.ok());
    QCOMPARE(below->flags, (std::vector<int>{0, 1, 0, 0, -1, 0, 0, 0, 0}));
    options.threshold = 5;
    const auto dip = SeriesDecomposeAnomalies::detect(x, options);
    QVERIFY(dip.ok());
    QCOMPARE(dip->flags[4], 0); // -5 is not < -5
}

void TestSeriesAnomalies::anomaliesInvalidOptions()
{
    SeriesDecomposeAnomalies::Options options;
    options.testPoints = 3;
    const auto tooManyTestPoints = SeriesDecomposeAnomalies::detect(std::vector<double>{1, 2, 3}, options);
    QVERIFY(!tooManyTestPoints.ok());
    QCOMPARE(tooManyTestPoints.error().code, Error::Code::Usage);
    options.testPoints = 0;
    options.seasonality = -2;
    const auto badSeasonality = SeriesDecomposeAnomalies::detect(std::vector<double>{1, 2, 3}, options);
    QVERIFY(!badSeasonality.ok());
}

QTEST_APPLESS_MAIN(TestSeriesAnomalies)
#include "tst_series_anomalies.moc"
