#include "../ui/WorkbookFixture.h"
#include "core/analytics/workbook/AlertQueries.h"
#include "core/analytics/workbook/DurationPercentiles.h"
#include "core/analytics/workbook/EntityQueries.h"
#include "core/analytics/workbook/EventAnalytics.h"
#include "core/analytics/workbook/FindingQueries.h"
#include "core/analytics/workbook/MonitoringQueries.h"
#include "core/analytics/workbook/TimeGrain.h"
#include "core/query/CaseSummary.h"
#include "core/query/EventQuery.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <memory>
#include <random>

using namespace kvw::core;
using kvw::test::WorkbookFixture;

namespace {

QStringList render(const std::vector<KeyTotal>& rows)
{
    QStringList out;
    for (const auto& r : rows) {
        out << QStringLiteral("%1 events=%2 failed=%3 alerts=%4 findings=%5")
                   .arg(QString::fromStdString(r.key))
                   .arg(r.events)
                   .arg(r.failed)
                   .arg(r.relatedAlerts)
                   .arg(r.relatedFindings);
    }
    return out;
}

} // namespace

class TestWorkbookQueries : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto c = CaseFile::open((m_dir.path() + QStringLiteral("/fixture.kvwb")).toStdString());
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().toString().c_str());
        m_case = std::make_unique<CaseFile>(std::move(*c));
        m_evidence = WorkbookFixture::write(*m_case);
        QCOMPARE(static_cast<int>(m_evidence.size()), 12);
        auto summary = CaseSummary::compute(*m_case, {});
        QVERIFY(summary.ok());
        QCOMPARE(summary->events, WorkbookFixture::Events);
        QCOMPARE(summary->failed, WorkbookFixture::Failed);
    }

    void grain_data()
    {
        QTest::addColumn<qint64>("range");
        QTest::addColumn<qint64>("grain");
        QTest::addRow("one hour -> 1 min") << qint64(Timestamp::TicksPerHour) << qint64(Timestamp::TicksPerMinute);
        QTest::addRow("one day -> 10 min") << qint64(Timestamp::TicksPerDay) << qint64(10 * Timestamp::TicksPerMinute);
        QTest::addRow("7 days -> 2 h") << qint64(7 * Timestamp::TicksPerDay) << qint64(2 * Timestamp::TicksPerHour);
        QTest::addRow("14 days -> 3 h") << qint64(14 * Timestamp::TicksPerDay) << qint64(3 * Timestamp::TicksPerHour);
        QTest::addRow("90 days -> 1 d") << qint64(90 * Timestamp::TicksPerDay) << qint64(Timestamp::TicksPerDay);
    }
    void grain()
    {
        QFETCH(qint64, range);
        QFETCH(qint64, grain);
        QCOMPARE(TimeGrain::forRange(range), grain);
        const TimeAxis a = TimeGrain::axis(WorkbookFixture::base(), WorkbookFixture::base() + range);
        QVERIFY(a.buckets <= TimeGrain::MaxBuckets);
        QVERIFY(a.buckets >= 50);
    }

    void eventsOverTimeByVault()
    {
        const EventAnalytics a(*m_case);
        auto axis = a.axis({});
        QVERIFY(axis.ok() && axis->has_value());
        auto s = a.eventsOverTime({}, GroupKey::Vault, **axis);
        QVERIFY(s.ok());
        QCOMPARE(s->keys, (std::vector<std::string>{"kv-alpha", "kv-beta"}));
        QCOMPARE(s->totals, (std::vector<double>{46, 21}));
        double sum = 0;
        for (const auto& v : s->values) {
            for (double x : v) {
                sum += x;
            }
        }
        QCOMPARE(sum, 67.0);
        // Top 1 and the rest as "Other".
        auto top = a.eventsOverTime({}, GroupKey::Vault, **axis, 1);
        QVERIFY(top.ok());
        QCOMPARE(top->keys, (std::vector<std::string>{"kv-alpha", "Other"}));
        QCOMPARE(top->totals, (std::vector<double>{46, 21}));
    }

    void totals_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<QString>("vault");
        QTest::addColumn<bool>("failed");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("by IP, all vaults") << int(GroupKey::CallerIp) << QString() << false
                                           << QStringList{"10.0.0.1 events=30 failed=0 alerts=0 findings=0",
                                                          "10.0.0.2 events=21 failed=6 alerts=0 findings=0",
                                                          "203.0.113.9 events=16 failed=3 alerts=1 findings=1"};
        QTest::addRow("by IP, kv-beta only") << int(GroupKey::CallerIp) << QStringLiteral("kv-beta") << false
                                             << QStringList{"10.0.0.2 events=21 failed=6 alerts=0 findings=0"};
        QTest::addRow("by identity, failed only")
            << int(GroupKey::Identity) << QString() << true
            << QStringList{"oid-svc events=6 failed=6 alerts=0 findings=0",
                           "oid-mallory events=3 failed=3 alerts=1 findings=1"};
        QTest::addRow("by operation") << int(GroupKey::Operation) << QString() << false
                                      << QStringList{"SecretGet events=62 failed=5 alerts=0 findings=0",
                                                     "KeyGet events=2 failed=2 alerts=0 findings=0",
                                                     "SecretDelete events=1 failed=0 alerts=0 findings=0",
                                                     "SecretPurge events=1 failed=1 alerts=0 findings=0",
                                                     "VaultGet events=1 failed=1 alerts=0 findings=0"};
    }
    void totals()
    {
        QFETCH(int, key);
        QFETCH(QString, vault);
        QFETCH(bool, failed);
        QFETCH(QStringList, expected);
        EventFilter f;
        if (!vault.isEmpty()) {
            f.vaults = {vault.toStdString()};
        }
        f.failedOnly = failed;
        auto rows = EventAnalytics(*m_case).totals(f, static_cast<GroupKey>(key));
        QVERIFY(rows.ok());
        const QStringList actual = render(*rows);
        if (actual != expected) {
            qWarning().noquote() << "actual:\n" << actual.join('\n') << "\nexpected:\n" << expected.join('\n');
        }
        QCOMPARE(actual, expected);
    }

    void identityColumns()
    {
        auto rows = EventAnalytics(*m_case).totals({}, GroupKey::Identity);
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t(3));
        QCOMPARE(rows->front().key, std::string("oid-alice"));
        QCOMPARE(rows->front().upn, std::string("alice@contoso.com"));
        QCOMPARE(rows->front().identifier, std::string("User"));
        QCOMPARE(rows->at(1).identifier, std::string("ObjectId"));   // svc: oid, no UPN
    }

    void coverage()
    {
        auto all = EventAnalytics(*m_case).coverage({});
        QVERIFY(all.ok());
        QCOMPARE(all->size(), std::size_t(2));
        QCOMPARE(all->front().vault, std::string("kv-alpha"));
        QCOMPARE(all->front().events, WorkbookFixture::Alpha);
        QVERIFY(all->front().hasLogs());
        // A range after the data: both vaults lack logs, and still appear.
        EventFilter later;
        later.from = WorkbookFixture::base() + 10 * Timestamp::TicksPerDay;
        later.to = WorkbookFixture::base() + 11 * Timestamp::TicksPerDay;
        auto none = EventAnalytics(*m_case).coverage(later);
        QVERIFY(none.ok());
        QCOMPARE(none->size(), std::size_t(2));
        QVERIFY(!none->front().hasLogs());
        QVERIFY(!none->back().hasLogs());
    }

    void sensitiveOperations()
    {
        auto rows = EventAnalytics(*m_case).sensitiveOperations({});
        QVERIFY2(rows.ok(), rows.ok() ? "" : rows.error().toString().c_str());
        // The purge failed (403), so only the delete counts.
        QCOMPARE(rows->size(), std::size_t(1));
        QCOMPARE(rows->front().operation, std::string("SecretDelete"));
        QCOMPARE(rows->front().callerIp, std::string(WorkbookFixture::MalloryIp));
        QVERIFY(!rows->front().extension);
    }

    void massRetrieval_data()
    {
        QTest::addColumn<qint64>("threshold");
        QTest::addColumn<qint64>("period");
        QTest::addColumn<QStringList>("expected");
        // Windows are whole UTC hours (or days): alice reads 15 in each of two hours, svc 15 (5 more were denied),
        // mallory 12 within eight minutes.
        QTest::addRow("10 per hour: four rows") << qint64(10) << qint64(Timestamp::TicksPerHour)
                                                << QStringList{"kv-alpha oid-alice 15", "kv-alpha oid-alice 15",
                                                               "kv-beta oid-svc 15", "kv-alpha oid-mallory 12"};
        QTest::addRow("12 per hour: mallory's 12 is not more than 12")
            << qint64(12) << qint64(Timestamp::TicksPerHour)
            << QStringList{"kv-alpha oid-alice 15", "kv-alpha oid-alice 15", "kv-beta oid-svc 15"};
        QTest::addRow("15 per hour: strictly greater, nobody") << qint64(15) << qint64(Timestamp::TicksPerHour)
                                                               << QStringList{};
        QTest::addRow("10 per day: three identities") << qint64(10) << qint64(Timestamp::TicksPerDay)
                                                      << QStringList{"kv-alpha oid-alice 30", "kv-beta oid-svc 15",
                                                                     "kv-alpha oid-mallory 12"};
    }
    void massRetrieval()
    {
        QFETCH(qint64, threshold);
        QFETCH(qint64, period);
        QFETCH(QStringList, expected);
        auto rows = EventAnalytics(*m_case).massSecretRetrieval({}, threshold, period);
        QVERIFY(rows.ok());
        QStringList actual;
        for (const auto& m : *rows) {
            actual << QStringLiteral("%1 %2 %3").arg(QString::fromStdString(m.vault), QString::fromStdString(m.objectId)).arg(m.events);
        }
        QCOMPARE(actual, expected);
        if (!rows->empty() && rows->back().objectId == "oid-mallory") {
            QCOMPARE(rows->back().callerIps, (std::vector<std::string>{WorkbookFixture::MalloryIp}));
            QCOMPARE(rows->back().operations, (std::vector<std::string>{"SecretGet"}));
        }
    }

    // Operations and caller IPs stay complete when the URI / client lists come from a sample of the retrievals.
    void massRetrievalDetailSample_data()
    {
        QTest::addColumn<int>("sample");
        QTest::newRow("one retrieval") << 1;
        QTest::newRow("four retrievals") << 4;
        QTest::newRow("more than any row has") << 100;
    }
    void massRetrievalDetailSample()
    {
        QFETCH(int, sample);
        const EventAnalytics a(*m_case);
        auto full = a.massSecretRetrieval({}, 10, Timestamp::TicksPerDay, 1000);
        auto sampled = a.massSecretRetrieval({}, 10, Timestamp::TicksPerDay, static_cast<std::size_t>(sample));
        QVERIFY(full.ok() && sampled.ok());
        QCOMPARE(sampled->size(), std::size_t(3));
        QCOMPARE(sampled->size(), full->size());
        for (std::size_t i = 0; i < full->size(); ++i) {
            const auto& f = (*full)[i];
            const auto& s = (*sampled)[i];
            QCOMPARE(s.events, f.events);
            QCOMPARE(s.operations, f.operations);
            QCOMPARE(s.callerIps, f.callerIps);
            QCOMPARE(f.sampledEvents, f.events);
            QCOMPARE(s.sampledEvents, std::min<std::int64_t>(sample, f.events));
            QCOMPARE(s.detailPartial(EventAnalytics::MassDetailValues), sample < f.events);
            QVERIFY(!s.requestUris.empty());
            QVERIFY(
                std::includes(f.requestUris.begin(), f.requestUris.end(), s.requestUris.begin(), s.requestUris.end()));
            QVERIFY(s.requestUris.size() <= static_cast<std::size_t>(sample));
        }
    }

    void operationAnalysis()
    {
        const EventAnalytics a(*m_case);
        auto axis = a.axis({});
        QVERIFY(axis.ok() && axis->has_value());
        auto linear = a.operationAnalysis({}, ObjectKind::Secrets, ActorKind::All, ScaleKind::Linear, **axis);
        QVERIFY(linear.ok());
        QCOMPARE(linear->total(), 64.0);
        QCOMPARE(linear->axis.grain, std::max<std::int64_t>((*axis)->grain / 10, Timestamp::TicksPerMinute));
        auto users = a.operationAnalysis({}, ObjectKind::Secrets, ActorKind::Users, ScaleKind::Linear, **axis);
        QVERIFY(users.ok());
        QCOMPARE(users->total(), 44.0);
        auto log = a.operationAnalysis({}, ObjectKind::Secrets, ActorKind::All, ScaleKind::Log, **axis);
        QVERIFY(log.ok());
        // Get counts become ln(count); other operations stay linear.
        const auto get = std::find(log->keys.begin(), log->keys.end(), "SecretGet") - log->keys.begin();
        const auto lin = std::find(linear->keys.begin(), linear->keys.end(), "SecretGet") - linear->keys.begin();
        for (std::size_t b = 0; b < log->values[get].size(); ++b) {
            const double n = linear->values[lin][b];
            QCOMPARE(log->values[get][b], n > 0 ? std::log(n) : 0.0);
        }
        const auto del = std::find(log->keys.begin(), log->keys.end(), "SecretDelete") - log->keys.begin();
        double deletes = 0;
        for (double v : log->values[del]) {
            deletes += v;
        }
        QCOMPARE(deletes, 1.0);
    }

    void monitoring()
    {
        auto axis = EventAnalytics(*m_case).axis({});
        QVERIFY(axis.ok() && axis->has_value());
        auto r = MonitoringQueries(*m_case).compute({}, **axis);
        QVERIFY(r.ok());
        QCOMPARE(r->requests, WorkbookFixture::Events);
        QCOMPARE(r->throttledTotal, std::int64_t(2));
        QCOMPARE(r->deniedTotal, std::int64_t(6));
        QCOMPARE(r->serverErrors, std::int64_t(1));
        QCOMPARE(r->availabilityRatio(), 1.0 - 1.0 / 67.0);
        QCOMPARE(*r->p99Ms, 900.0);
        QCOMPARE(r->byStatusClass.keys, (std::vector<std::string>{"2xx", "4xx", "5xx"}));
        QCOMPARE(r->byStatusClass.totals, (std::vector<double>{58, 8, 1}));
        QCOMPARE(r->operations.front().operation, std::string("SecretGet"));
        QCOMPARE(r->operations.front().failed, std::int64_t(5));
    }

    void percentile()
    {
        const std::vector<std::int64_t> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        QCOMPARE(*MonitoringQueries::percentile(v, 50), 5.0);
        QCOMPARE(*MonitoringQueries::percentile(v, 95), 10.0);
        QCOMPARE(*MonitoringQueries::percentile(v, 99), 10.0);
        QVERIFY(!MonitoringQueries::percentile({}, 50));
    }

    // Weighted samples spread over groups give, per group, what the plain nearest rank gives over the group's
    // durations each repeated as often as its weight.
    void durationPercentilesMatchTheSortedValues_data()
    {
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("maxWeight");
        QTest::addColumn<int>("maxDuration");
        QTest::addColumn<unsigned>("seed");
        QTest::newRow("one sample") << 1 << 1 << 10 << 1u;
        QTest::newRow("unit weights") << 200 << 1 << 1000 << 2u;
        QTest::newRow("heavy weights") << 300 << 500 << 50 << 3u;
        QTest::newRow("many ties") << 2000 << 20 << 5 << 4u;
        QTest::newRow("wide spread") << 5000 << 7 << 100000 << 5u;
    }

    void durationPercentilesMatchTheSortedValues()
    {
        QFETCH(int, samples);
        QFETCH(int, maxWeight);
        QFETCH(int, maxDuration);
        QFETCH(unsigned, seed);
        constexpr std::uint32_t Groups = 5; // group 4 never gets a sample
        std::mt19937 rng(seed);
        DurationPercentiles p(Groups);
        std::vector<std::vector<std::int64_t>> expanded(Groups);
        for (int i = 0; i < samples; ++i) {
            const std::int64_t d = std::uniform_int_distribution<std::int64_t>(0, maxDuration)(rng);
            const std::int64_t n = std::uniform_int_distribution<std::int64_t>(1, maxWeight)(rng);
            const auto a = static_cast<std::uint32_t>(rng() % 2); // 0 or 1
            const std::uint32_t b = rng() % 3 == 0 ? 2 : DurationPercentiles::NoGroup;
            p.add(d, n, a, b, 3);
            for (const std::uint32_t g : {a, b, 3u}) {
                if (g != DurationPercentiles::NoGroup) {
                    expanded[g].insert(expanded[g].end(), static_cast<std::size_t>(n), d);
                }
            }
        }
        const std::vector<double> ps{1, 50, 95, 99, 100};
        const auto got = p.compute(ps);
        QCOMPARE(got.size(), std::size_t(Groups));
        for (std::uint32_t g = 0; g < Groups; ++g) {
            std::sort(expanded[g].begin(), expanded[g].end());
            for (std::size_t k = 0; k < ps.size(); ++k) {
                QCOMPARE(got[g][k], MonitoringQueries::percentile(expanded[g], ps[k]));
            }
        }
        QVERIFY(!got[4][0]);
    }

    void alerts()
    {
        auto o = AlertQueries(*m_case).overview({}, std::nullopt);
        QVERIFY(o.ok());
        QCOMPARE(o->alerts.size(), std::size_t(1));
        QStringList tiles;
        for (const auto& s : o->severities) {
            tiles << QStringLiteral("%1=%2").arg(QString::fromStdString(s.severity)).arg(s.count);
        }
        QCOMPARE(tiles, (QStringList{"All=1", "High=1", "Medium=0", "Low=0"}));
        QCOMPARE(o->alerts.front().entities.size(), std::size_t(2));
        QCOMPARE(o->defenderEvidence.size(), std::size_t(2));
        EventFilter beta;
        beta.vaults = {"KV-BETA"};   // compared case-insensitively
        auto none = AlertQueries(*m_case).overview(beta, std::nullopt);
        QVERIFY2(none.ok(), none.ok() ? "" : none.error().toString().c_str());
        QVERIFY(none->alerts.empty());
        EventFilter alpha;
        alpha.vaults = {"KV-ALPHA"};
        QCOMPARE(AlertQueries(*m_case).overview(alpha, std::nullopt)->alerts.size(), std::size_t(1));
    }

    void findings()
    {
        auto all = FindingQueries(*m_case).list({});
        QVERIFY(all.ok());
        QCOMPARE(all->size(), std::size_t(1));
        QCOMPARE(all->front().evidence, m_evidence);
        QCOMPARE(all->front().vaults, (std::vector<std::string>{"kv-alpha"}));
        QCOMPARE(all->front().summary, std::string("12 secret reads in 8 minutes"));
        EventFilter beta;
        beta.vaults = {"kv-beta"};
        QVERIFY(FindingQueries(*m_case).list(beta)->empty());
    }

    void entity_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("value");
        QTest::addColumn<qint64>("events");
        QTest::addColumn<qint64>("failed");
        QTest::addColumn<int>("alerts");
        QTest::addColumn<int>("findings");
        QTest::addRow("mallory's IP") << int(EntityKind::Ip) << QString(WorkbookFixture::MalloryIp) << qint64(16)
                                      << qint64(3) << 1 << 1;
        QTest::addRow("mallory by UPN") << int(EntityKind::Identity) << QStringLiteral("Mallory@Evil.test") << qint64(16)
                                        << qint64(3) << 1 << 1;
        QTest::addRow("alice's app") << int(EntityKind::Application) << QStringLiteral("app-portal") << qint64(30)
                                     << qint64(0) << 0 << 0;
        QTest::addRow("vault kv-alpha") << int(EntityKind::Vault) << QStringLiteral("kv-alpha") << qint64(46) << qint64(3)
                                        << 1 << 1;
        QTest::addRow("operation VaultGet") << int(EntityKind::Operation) << QStringLiteral("VaultGet") << qint64(1)
                                            << qint64(1) << 0 << 0;
        QTest::addRow("object db-password") << int(EntityKind::Object) << QStringLiteral("DB-PASSWORD") << qint64(66)
                                            << qint64(8) << 0 << 0;
    }
    void entity()
    {
        QFETCH(int, kind);
        QFETCH(QString, value);
        QFETCH(qint64, events);
        QFETCH(qint64, failed);
        QFETCH(int, alerts);
        QFETCH(int, findings);
        auto s = EntityQueries(*m_case).summary({}, static_cast<EntityKind>(kind), value.toStdString());
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
        QCOMPARE(s->events, events);
        QCOMPARE(s->failed, failed);
        QCOMPARE(static_cast<int>(s->alerts.size()), alerts);
        QCOMPARE(static_cast<int>(s->findings.size()), findings);
        QCOMPARE(s->timeline.total(), static_cast<double>(events));
        // The same entity through EventQuery's filter lists the same number of events (objects by text aside).
        if (static_cast<EntityKind>(kind) != EntityKind::Object) {
            const EventFilter f = EntityQueries::eventFilter({}, static_cast<EntityKind>(kind), value.toStdString());
            QCOMPARE(*EventQuery(*m_case).count(f), events);
        }
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_case;
    std::vector<std::int64_t> m_evidence;
};

QTEST_GUILESS_MAIN(TestWorkbookQueries)
#include "tst_workbook_queries.moc"
