// Baseline series for the views: make-series counts aligned to the window end, scored with
// series_decompose_anomalies and flagged as the Sentinel workbook does (|score| > 3 today / ever).
#include "core/analytics/baselines/ActivityBaselines.h"
#include "core/analytics/detections/AllowList.h"
#include "core/analytics/series/SeriesDecomposeAnomalies.h"
#include "core/ingest/EventCompleter.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace kvw::core;

namespace {

const Timestamp T0 = Timestamp::fromCivil(2026, 11, 1);

struct Row
{
    Timestamp time;
    std::string vault;
    std::string op;
    int status;
    std::string ip;
    std::string appid;
};

class Fixture
{
public:
    Fixture() : m_path(m_dir.filePath(QStringLiteral("b.kvwb")).toStdString()) {}
    void add(const Row& r, int n)
    {
        for (int i = 0; i < n; ++i) {
            Row x = r;
            x.time = r.time + static_cast<std::int64_t>(i) * Timestamp::TicksPerSecond;
            m_rows.push_back(x);
        }
    }
    const CaseFile& open()
    {
        auto c = CaseFile::open(m_path);
        if (!c) {
            qFatal("cannot open the case");
        }
        m_case.emplace(std::move(c.value()));
        EventWriter w(*m_case, 4096);
        (void)w.beginFile("b.json", 0, "fp");
        std::int64_t n = 0;
        for (const auto& r : m_rows) {
            Event e;
            e.time = r.time;
            e.resourceId = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/" + r.vault;
            e.operation = r.op;
            e.httpStatus = r.status;
            e.resultType = "Success";
            e.callerIp = r.ip;
            e.identityAppId = r.appid;
            e.correlationId = "c" + std::to_string(n);
            EventCompleter::complete(e);
            w.addEvent(e, n++, "{}");
        }
        (void)w.finishFile(true);
        return *m_case;
    }

private:
    QTemporaryDir m_dir;
    std::string m_path;
    std::vector<Row> m_rows;
    std::optional<CaseFile> m_case;
};

const int kQuiet[14] = {50, 54, 47, 52, 49, 51, 53, 48, 50, 52, 49, 51, 50, 53};

} // namespace

class TestBaselines : public QObject
{
    Q_OBJECT

private slots:
    void workbookDailyPerVault()
    {
        Fixture fx;
        for (int d = 0; d < 14; ++d) {
            fx.add({T0 + d * Timestamp::TicksPerDay + 9 * Timestamp::TicksPerHour, "KV1", "SecretGet", 200, "1.1.1.1",
                    "a"},
                   d == 13 ? 400 : kQuiet[d]);
            fx.add({T0 + d * Timestamp::TicksPerDay + 9 * Timestamp::TicksPerHour, "KV2", "SecretGet", 200, "1.1.1.2",
                    "b"},
                   kQuiet[13 - d]);
        }
        const auto& c = fx.open();
        const auto r = ActivityBaselines::compute(c, {}, BaselineOptions::workbookDaily());
        QVERIFY(r.ok());
        QCOMPARE(r->size(), std::size_t{2});
        const BaselineSeries& kv1 = (*r)[0]; // ordered by |last score|
        const BaselineSeries& kv2 = (*r)[1];
        QCOMPARE(kv1.key, std::string("kv1"));
        QCOMPARE(kv1.points.size(), std::size_t{14});
        QCOMPARE(kv1.points.front().time, T0);
        QCOMPARE(kv1.points.back().time, T0 + 13 * Timestamp::TicksPerDay);
        QCOMPARE(kv1.points.back().count, 400.0);
        QCOMPARE(kv1.points[3].count, 52.0);
        QVERIFY(kv1.anomalousLast);
        QVERIFY(kv1.historical);
        QCOMPARE(kv1.points.back().flag, 1);
        QVERIFY(kv1.lastScore > 3.0);
        QCOMPARE(kv2.key, std::string("kv2"));
        QVERIFY(!kv2.anomalousLast);
        // The numbers are series_decompose_anomalies' with its defaults (avg trend), as the workbook calls it.
        std::vector<double> counts;
        for (const auto& p : kv1.points) {
            counts.push_back(p.count);
        }
        const auto direct = SeriesDecomposeAnomalies::detect(counts);
        QVERIFY(direct.ok());
        for (std::size_t i = 0; i < counts.size(); ++i) {
            QCOMPARE(kv1.points[i].score, direct->scores[i]);
            QCOMPARE(kv1.points[i].baseline, direct->baseline[i]);
        }
        // A threshold above the spike's score turns the flags off.
        BaselineOptions high = BaselineOptions::workbookDaily();
        high.threshold = kv1.lastScore + 1.0;
        const auto r2 = ActivityBaselines::compute(c, {}, high);
        QVERIFY(!(*r2)[0].anomalousLast);
        QCOMPARE((*r2)[0].points.back().flag, 0);
    }

    void windowEndsAtFilterEndAndHourlyStep()
    {
        Fixture fx;
        fx.add({T0 + 2 * Timestamp::TicksPerHour, "KV1", "SecretGet", 200, "1.1.1.1", "a"}, 5);
        fx.add({T0 + 23 * Timestamp::TicksPerHour + 30 * Timestamp::TicksPerMinute, "KV1", "SecretGet", 200,
                "1.1.1.1", "a"},
               7);
        fx.add({T0 + 30 * Timestamp::TicksPerHour, "KV1", "SecretGet", 200, "1.1.1.1", "a"}, 9); // after the end
        const auto& c = fx.open();
        BaselineOptions o = BaselineOptions::hourlyPerVault();
        o.window = 24 * Timestamp::TicksPerHour;
        EventFilter f;
        f.to = T0 + 24 * Timestamp::TicksPerHour;
        const auto r = ActivityBaselines::compute(c, f, o);
        QVERIFY(r.ok());
        QCOMPARE(r->size(), std::size_t{1});
        const auto& pts = (*r)[0].points;
        QCOMPARE(pts.size(), std::size_t{24});
        QCOMPARE(pts[2].count, 5.0);
        QCOMPARE(pts[23].count, 7.0);
        double total = 0;
        for (const auto& p : pts) {
            total += p.count;
        }
        QCOMPARE(total, 12.0);
    }

    void callerIpRuleSeriesCountsSuccessfulRetrievalsOnly()
    {
        Fixture fx;
        const Timestamp d0 = T0 + 10 * Timestamp::TicksPerHour;
        fx.add({d0, "KV1", "SecretGet", 200, "9.9.9.9", "a"}, 4);
        fx.add({d0, "KV1", "SecretGet", 403, "9.9.9.9", "a"}, 3);                              // denied
        fx.add({d0, "KV1", "SecretSet", 200, "9.9.9.9", "a"}, 2);                              // not a retrieval
        fx.add({d0, "KV1", "VaultGet", 200, "9.9.9.9", AllowList::ResourceGraphAppId}, 5);     // allow-listed
        fx.add({d0, "KV1", "VaultGet", 200, "9.9.9.9", "b"}, 1);
        const auto& c = fx.open();
        const auto r = ActivityBaselines::compute(c, {}, BaselineOptions::callerIpRule());
        QVERIFY(r.ok());
        QCOMPARE(r->size(), std::size_t{1});
        QCOMPARE((*r)[0].key, std::string("9.9.9.9"));
        QCOMPARE((*r)[0].points.back().count, 5.0);
        QCOMPARE((*r)[0].points.size(), std::size_t{14});
    }

    void badWindowIsAnError()
    {
        Fixture fx;
        const auto& c = fx.open();
        BaselineOptions o;
        o.window = o.step;
        QVERIFY(!ActivityBaselines::compute(c, {}, o).ok());
    }
};

QTEST_GUILESS_MAIN(TestBaselines)
#include "tst_baselines.moc"
