// The hourly rollups (schema v3): kept exact at ingest (also for re-read files and added files), rebuilt for older
// cases, and every workbook view answers the same from them as from the events themselves, for whole-hour and odd
// ranges, sub-hour grains, narrowing filters and the filters the rollups cannot answer.
#include "core/analytics/baselines/ActivityBaselines.h"
#include "core/analytics/workbook/EventAnalytics.h"
#include "core/analytics/workbook/MonitoringQueries.h"
#include "core/analytics/workbook/TimeGrain.h"
#include "core/demo/DemoBundleGenerator.h"
#include "core/ingest/AuxiliaryImporterFactory.h"
#include "core/ingest/IngestPipeline.h"
#include "core/query/CaseSummary.h"
#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"
#include "core/store/Schema.h"

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>

using namespace kvw::core;

namespace {

constexpr std::int64_t H = Timestamp::TicksPerHour;

std::string describe(const KeyedSeries& s)
{
    std::ostringstream o;
    o << "axis " << s.axis.start.ticks() << "+" << s.axis.grain << "x" << s.axis.buckets << "\n";
    for (std::size_t k = 0; k < s.keys.size(); ++k) {
        o << s.keys[k] << " total=" << s.totals[k] << ":";
        for (const double v : s.values[k]) {
            o << " " << v;
        }
        o << "\n";
    }
    return o.str();
}

// The value of a view's result, or an empty one with the error written to the description.
template <class T> T valueOf(const Result<T>& r, std::ostringstream& o)
{
    if (!r) {
        o << "VIEW-ERROR " << r.error().toString() << "\n";
        return T{};
    }
    return *r;
}

std::string describe(const std::optional<double>& v) { return v ? std::to_string(*v) : std::string("-"); }

std::string describe(const MonitoringResult& r)
{
    std::ostringstream o;
    o << describe(r.byOperationClass) << describe(r.byStatusClass) << describe(r.latency);
    for (std::size_t i = 0; i < r.availability.size(); ++i) {
        o << r.availability[i] << "/" << r.throttled[i] << "/" << r.denied[i] << " ";
    }
    o << "\nrequests " << r.requests << " " << r.requestsWithStatus << " " << r.serverErrors << " "
      << r.throttledTotal << " " << r.deniedTotal << " p " << describe(r.p50Ms) << " " << describe(r.p95Ms) << " "
      << describe(r.p99Ms) << "\n";
    for (const auto& h : r.operations) {
        o << h.operation << " " << h.events << " " << h.succeeded << " " << h.failed << " " << describe(h.p99Ms) << "\n";
    }
    return o.str();
}

std::string join(const std::vector<std::string>& v)
{
    std::string out;
    for (const auto& s : v) {
        out += s + "|";
    }
    return out;
}

// Everything every workbook tab shows for one filter, as text.
std::string everyView(const CaseFile& c, const EventFilter& f)
{
    std::ostringstream o;
    const auto summary = CaseSummary::compute(c, f);
    if (!summary) {
        return "VIEW-ERROR " + summary.error().toString();
    }
    o << "summary " << summary->events << " " << summary->failed << " "
      << (summary->first ? summary->first->ticks() : 0) << " " << (summary->last ? summary->last->ticks() : 0) << "\n";
    for (const auto& [k, n] : summary->byVault) {
        o << k << "=" << n << " ";
    }
    for (const auto& [k, n] : summary->byOperation) {
        o << k << "=" << n << " ";
    }
    const EventAnalytics a(c);
    const auto axis = a.axis(f);
    if (!axis || !*axis) {
        return o.str() + "\nVIEW-ERROR no axis";
    }
    o << "\n";
    for (const GroupKey key : {GroupKey::Vault, GroupKey::CallerIp, GroupKey::Identity, GroupKey::Operation,
                               GroupKey::OperationClass, GroupKey::StatusClass, GroupKey::Application,
                               GroupKey::ObjectName}) {
        o << toString(key) << "\n" << describe(valueOf(a.eventsOverTime(f, key, **axis, 5), o));
        for (const auto& t : valueOf(a.totals(f, key), o)) {
            o << t.key << " " << t.events << " " << t.failed << " " << t.first.ticks() << " " << t.last.ticks() << " "
              << t.upn << " " << t.appId << " " << t.identifier << "\n";
        }
    }
    for (const auto& v : valueOf(a.coverage(f), o)) {
        o << "coverage " << v.vault << " " << v.subscription << " " << v.resourceId << " " << v.resourceType << " "
          << v.events << " " << (v.first ? v.first->ticks() : 0) << " " << (v.last ? v.last->ticks() : 0) << " "
          << v.activeDays << " " << v.longestGapHours << "\n";
    }
    for (const auto& s : valueOf(a.sensitiveOperations(f), o)) {
        o << "sensitive " << s.eventId << " " << s.operation << " " << s.requestUri << "\n";
    }
    for (const std::int64_t period : {H, 10 * Timestamp::TicksPerMinute}) {
        for (const auto& m : valueOf(a.massSecretRetrieval(f, 5, period), o)) {
            o << "mass " << m.vault << " " << m.windowStart.ticks() << " " << m.objectId << " " << m.appId << " "
              << m.upn << " " << m.events << " " << join(m.operations) << join(m.callerIps) << join(m.requestUris)
              << join(m.clientInfos) << "\n";
        }
    }
    for (const ObjectKind objects : {ObjectKind::Secrets, ObjectKind::Keys, ObjectKind::Certificates}) {
        for (const ActorKind actors : {ActorKind::All, ActorKind::Users, ActorKind::Services}) {
            o << "analysis\n"
              << describe(valueOf(a.operationAnalysis(f, objects, actors, ScaleKind::Linear, **axis), o));
        }
    }
    o << "monitoring\n" << describe(valueOf(MonitoringQueries(c).compute(f, **axis), o));
    // Baselines: hourly per vault (whole hours, from the rollups), daily per caller IP for the retrievals rule, and
    // an end off the hour (from events).
    BaselineOptions offHour = BaselineOptions::hourlyPerVault();
    if (summary->last) {
        offHour.end = *summary->last - 7 * Timestamp::TicksPerMinute;
    }
    for (const BaselineOptions& options :
         {BaselineOptions::hourlyPerVault(), BaselineOptions::callerIpRule(), offHour}) {
        for (const auto& s : valueOf(ActivityBaselines::compute(c, f, options), o)) {
            o << "baseline " << s.key << " " << s.lastScore << " " << s.maxScore << " " << s.minScore << " "
              << s.period;
            for (const auto& p : s.points) {
                o << " " << p.count;
            }
            o << "\n";
        }
    }
    return o.str();
}

std::int64_t scalar(const CaseFile& c, const std::string& sql)
{
    auto st = c.db().prepare(sql);
    st.step();
    return st.int64(0);
}

} // namespace

class TestRollups : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        DemoOptions o;
        o.events = 6'000;
        o.days = 7;
        o.seed = 11;
        m_bundle = m_dir.filePath(QStringLiteral("bundle")).toStdString();
        const auto written = DemoBundleGenerator(o).write(m_bundle);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().toString().c_str());
        auto c = CaseFile::open(m_dir.filePath(QStringLiteral("demo.kvwb")).toStdString());
        QVERIFY(c.ok());
        m_case.emplace(std::move(*c));
        ingest(*m_case, {m_bundle});
        QVERIFY(scalar(*m_case, "SELECT COUNT(*) FROM events") > 5'000);
        m_first = scalar(*m_case, "SELECT MIN(time) FROM events");
    }

    // The rollups count every stored event once, and a re-read bundle adds nothing to either.
    void rollupsMatchTheEventsAfterIngest()
    {
        const std::int64_t events = scalar(*m_case, "SELECT COUNT(*) FROM events");
        QCOMPARE(scalar(*m_case, "SELECT SUM(n) FROM event_hours"), events);
        QCOMPARE(scalar(*m_case, "SELECT SUM(n) FROM latency_hours"),
                 scalar(*m_case, "SELECT COUNT(*) FROM events WHERE duration_ms IS NOT NULL"));
        QCOMPARE(scalar(*m_case, "SELECT SUM(n) FROM operation_minutes"), events);
        QVERIFY(scalar(*m_case, "SELECT COUNT(*) FROM event_hours") < events); // groups do merge
        QCOMPARE(scalar(*m_case, "SELECT COUNT(*) FROM (SELECT 1 FROM event_hours GROUP BY hour, vault, subscription, "
                                 "resource_id, resource_type, operation, op_class, object_name, http_status, success, "
                                 "result_type, trusted_service, caller_ip, identity_oid, identity_upn, identity_appid, "
                                 "identity_kind)"),
                 scalar(*m_case, "SELECT COUNT(*) FROM event_hours"));
        // Each group's span lies inside its hour.
        QCOMPARE(scalar(*m_case, "SELECT COUNT(*) FROM event_hours WHERE first_time < hour OR last_time >= hour + " +
                                     std::to_string(H) + " OR first_time > last_time"),
                 std::int64_t{0});
        // The five-minute rollups: the same events in finer groups, each inside its five minutes.
        QCOMPARE(scalar(*m_case, "SELECT SUM(n) FROM event_5min"), events);
        QCOMPARE(scalar(*m_case, "SELECT SUM(n) FROM latency_5min"),
                 scalar(*m_case, "SELECT SUM(n) FROM latency_hours"));
        QVERIFY(scalar(*m_case, "SELECT COUNT(*) FROM event_5min") >
                scalar(*m_case, "SELECT COUNT(*) FROM event_hours"));
        QVERIFY(scalar(*m_case, "SELECT COUNT(*) FROM event_5min") < events);
        QCOMPARE(scalar(*m_case, "SELECT COUNT(*) FROM event_5min WHERE slot % 3000000000 <> 0 OR first_time < slot "
                                 "OR last_time >= slot + 3000000000 OR first_time > last_time"),
                 std::int64_t{0});
        QCOMPARE(scalar(*m_case, "SELECT COUNT(*) FROM event_5min f WHERE n <> (SELECT COUNT(*) FROM events e WHERE "
                                 "e.time >= f.slot AND e.time < f.slot + 3000000000 AND e.vault = f.vault AND "
                                 "e.operation = f.operation AND e.caller_ip = f.caller_ip AND e.object_name = "
                                 "f.object_name AND ifnull(e.http_status, -1) = f.http_status AND e.identity_oid = "
                                 "f.identity_oid AND e.identity_upn = f.identity_upn AND e.identity_appid = "
                                 "f.identity_appid AND e.resource_id = f.resource_id AND e.result_type = "
                                 "f.result_type AND e.trusted_service = f.trusted_service)"),
                 std::int64_t{0});
        // The distinct request URIs: one row per hour, scope, caller and URI of the successful events.
        const std::string succeeded = "(http_status < 400 OR (http_status IS NULL AND lower(result_type) = 'success'))";
        QCOMPARE(scalar(*m_case, "SELECT SUM(n) FROM uri_hours"),
                 scalar(*m_case, "SELECT COUNT(*) FROM events WHERE " + succeeded));
        QVERIFY(scalar(*m_case, "SELECT COUNT(*) FROM events WHERE NOT " + succeeded) > 0);
        QVERIFY(scalar(*m_case, "SELECT COUNT(*) FROM uri_hours") < scalar(*m_case, "SELECT SUM(n) FROM uri_hours"));
        auto fromEvents = m_case->db().prepare(
            "SELECT group_concat(g, ';') FROM (SELECT (time - (((time % 36000000000) + 36000000000) % 36000000000)) || "
            "vault || subscription || resource_type || identity_kind || operation || identity_oid || identity_upn || "
            "identity_appid || caller_ip || trusted_service || request_uri || ':' || COUNT(*) AS g FROM events "
            "WHERE " + succeeded +
            " GROUP BY time / 36000000000, vault, subscription, resource_type, identity_kind, operation, "
            "identity_oid, identity_upn, identity_appid, caller_ip, trusted_service, request_uri ORDER BY 1)");
        QVERIFY(fromEvents.step());
        QCOMPARE(uris(*m_case), fromEvents.text(0));
    }

    // Half the bundle's files first, then all of it twice (the upserts merge into existing groups, duplicates add
    // nothing): the same rollups as one ingest. Then down to v2, as a case of an older release: read-only it answers
    // from events, and the migrations to v3, v4 and v5 rebuild the very same rollups.
    void addedRereadAndMigratedCasesAgree()
    {
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(m_bundle)) {
            if (entry.is_regular_file()) {
                files.push_back(entry.path().string());
            }
        }
        std::sort(files.begin(), files.end());
        std::vector<std::string> half;
        for (std::size_t i = 0; i < files.size(); i += 2) {
            half.push_back(files[i]);
        }
        const std::string path = m_dir.filePath(QStringLiteral("again.kvwb")).toStdString();
        {
            auto c = CaseFile::open(path);
            QVERIFY(c.ok());
            ingest(*c, half);
            ingest(*c, {m_bundle});
            ingest(*c, {m_bundle});
            QCOMPARE(scalar(*c, "SELECT COUNT(*) FROM events"), scalar(*m_case, "SELECT COUNT(*) FROM events"));
            QCOMPARE(groups(*c), groups(*m_case));
            QCOMPARE(uris(*c), uris(*m_case));
            // Back to v2: no rollups, and the events table of v2 (v6 made it a view over event_rows) with the same
            // rows and ids.
            c->db().exec("CREATE TABLE events_v2 AS SELECT * FROM events");
            std::vector<std::string> views;
            auto list = c->db().prepare("SELECT name FROM sqlite_master WHERE type = 'view'");
            while (list.step()) {
                views.push_back(list.text(0));
            }
            list = {};
            for (const auto& view : views) {
                c->db().exec("DROP VIEW \"" + view + "\"");
            }
            c->db().exec("DROP TABLE event_hour_rows; DROP TABLE latency_hour_rows; DROP TABLE operation_minute_rows; "
                         "DROP TABLE event_5min_rows; DROP TABLE latency_5min_rows; DROP TABLE uri_hour_rows; "
                         "DROP TABLE event_rows; DROP TABLE event_texts; ALTER TABLE events_v2 RENAME TO events; "
                         "PRAGMA user_version=2");
        }
        std::string before;
        {
            auto old = CaseFile::openReadOnly(path);
            QVERIFY(old.ok());
            QVERIFY(!old->rollupsEnabled());
            before = everyView(*old, {});
        }
        auto migrated = CaseFile::open(path);
        QVERIFY2(migrated.ok(), migrated.ok() ? "" : migrated.error().toString().c_str());
        QCOMPARE(migrated->schemaVersion(), currentSchemaVersion());
        QVERIFY(migrated->rollupsEnabled());
        QVERIFY(migrated->fiveMinuteRollupsEnabled());
        QVERIFY(migrated->uriRollupsEnabled());
        QCOMPARE(uris(*migrated), uris(*m_case));
        QCOMPARE(groups(*migrated), groups(*m_case));
        QCOMPARE(latency(*migrated), latency(*m_case));
        QCOMPARE(minutes(*migrated), minutes(*m_case));
        QCOMPARE(groups(*migrated, "event_5min"), groups(*m_case, "event_5min"));
        QCOMPARE(latency(*migrated, "latency_5min"), latency(*m_case, "latency_5min"));
        QCOMPARE(everyView(*migrated, {}), before);
    }

    void everyViewAgreesWithTheEvents_data()
    {
        QTest::addColumn<std::optional<std::int64_t>>("from");
        QTest::addColumn<std::optional<std::int64_t>>("to");
        QTest::addColumn<QString>("vault");
        QTest::addColumn<QString>("narrowing");
        QTest::addColumn<bool>("usesRollups");
        QTest::addColumn<bool>("minuteRollups");
        // Ranges of more than 150 hours, so that the axis grain is whole hours (two); shorter ones bucket finer.
        const std::int64_t start = (m_first / H + 2) * H;
        const std::int64_t M = Timestamp::TicksPerMinute;
        using T = std::optional<std::int64_t>;
        QTest::newRow("everything") << T{} << T{} << QString() << QString() << true << true;
        QTest::newRow("whole hours") << T{start} << T{start + 152 * H} << QString() << QString() << true << true;
        QTest::newRow("odd bounds") << T{start + 17 * M + 3} << T{start + 155 * H + 9 * M} << QString() << QString()
                                    << true << true;
        QTest::newRow("open start, odd end") << T{} << T{start + 158 * H + 7} << QString() << QString() << true << true;
        QTest::newRow("one vault") << T{} << T{} << QStringLiteral("first") << QString() << true << true;
        QTest::newRow("inside one hour") << T{start + 50 * H + 5 * M} << T{start + 50 * H + 55 * M} << QString()
                                         << QString() << false << true;
        // Buckets of whole five minutes under an hour come from the five-minute rollups.
        QTest::newRow("90-second buckets")
            << T{start + 10 * H} << T{start + 40 * H} << QString() << QString() << true << false;
        QTest::newRow("sub-hour grain") << T{start + 50 * H} << T{start + 56 * H} << QString() << QString() << true
                                        << true;
        QTest::newRow("sub-hour grain, odd bounds") << T{start + 50 * H + 7 * M + 3} << T{start + 56 * H + 2 * M}
                                                    << QString() << QString() << true << true;
        QTest::newRow("one day, one vault, one caller") << T{start + 100 * H} << T{start + 124 * H}
                                                        << QStringLiteral("first") << QStringLiteral("ip") << true
                                                        << false;
        QTest::newRow("one day, free text") << T{start + 100 * H} << T{start + 124 * H} << QString()
                                            << QStringLiteral("text") << false << false;
        QTest::newRow("users only") << T{} << T{} << QString() << QStringLiteral("users") << true << true;
        QTest::newRow("failed only") << T{} << T{} << QString() << QStringLiteral("failed") << true << false;
        QTest::newRow("one caller") << T{} << T{} << QString() << QStringLiteral("ip") << true << false;
        QTest::newRow("one identity") << T{} << T{} << QString() << QStringLiteral("identity") << true << false;
        QTest::newRow("free text") << T{} << T{} << QString() << QStringLiteral("text") << false << false;
    }

    void everyViewAgreesWithTheEvents()
    {
        QFETCH(std::optional<std::int64_t>, from);
        QFETCH(std::optional<std::int64_t>, to);
        QFETCH(QString, vault);
        QFETCH(QString, narrowing);
        QFETCH(bool, usesRollups);
        QFETCH(bool, minuteRollups);
        EventFilter f;
        if (from) {
            f.from = Timestamp::fromTicks(*from);
        }
        if (to) {
            f.to = Timestamp::fromTicks(*to);
        }
        auto pick = [&](const char* column) {
            auto st = m_case->db().prepare(std::string("SELECT ") + column + ", COUNT(*) AS c FROM events WHERE " +
                                           column + " <> '' GROUP BY 1 ORDER BY c DESC LIMIT 1");
            return st.step() ? st.text(0) : std::string();
        };
        if (vault == QStringLiteral("first")) {
            f.vaults = {pick("vault")};
        }
        if (narrowing == QStringLiteral("users")) {
            f.identities = EventFilter::Identities::Users;
        } else if (narrowing == QStringLiteral("failed")) {
            f.failedOnly = true;
        } else if (narrowing == QStringLiteral("ip")) {
            f.callerIp = pick("caller_ip");
        } else if (narrowing == QStringLiteral("identity")) {
            f.identity = pick("identity_oid");
        } else if (narrowing == QStringLiteral("text")) {
            f.text = "secret";
        }
        const auto axis = EventAnalytics(*m_case).axis(f);
        QVERIFY(axis.ok() && axis->has_value());
        const RollupSource src(*m_case, RollupSource::Kind::Events, f, (*axis)->start, (*axis)->end(), (*axis)->grain);
        QCOMPARE(src.usesRollups(), usesRollups);
        // The operation analysis buckets by a tenth of the grain: whole minutes from the minute rollup but for the
        // ranges that fall inside one minute's worth of buckets.
        const TimeAxis fine = TimeGrain::axisWithGrain(
            (*axis)->start, (*axis)->end(), std::max<std::int64_t>((*axis)->grain / 10, Timestamp::TicksPerMinute));
        const RollupSource minutes(*m_case, RollupSource::Kind::OperationMinutes, f, fine.start, fine.end(),
                                   fine.grain);
        QCOMPARE(minutes.usesRollups(), minuteRollups);

        const std::string fromRollups = everyView(*m_case, f);
        QVERIFY2(fromRollups.find("VIEW-ERROR") == std::string::npos, fromRollups.c_str());
        QVERIFY2(fromRollups.size() > 2'000, fromRollups.c_str()); // the views have something to show
        QCOMPARE(fromRollups, eventsOnly(f));
    }

    // Latency percentiles per bucket and over the axis, and each operation's p99 over the filter's whole range
    // (wider than the axis here), against the durations read straight from events: for one-minute buckets and free
    // text (one pass over events for requests and latency), for whole five minutes and whole hours (the duration
    // rollups) and for the filters only the request rollups answer (durations from events).
    void monitoringLatencyMatchesTheEvents_data()
    {
        QTest::addColumn<std::int64_t>("grain");
        QTest::addColumn<QString>("narrowing");
        const std::int64_t M = Timestamp::TicksPerMinute;
        QTest::newRow("15-minute buckets") << 15 * M << QString();
        QTest::newRow("one-minute buckets") << M << QString();
        QTest::newRow("10-minute buckets, failed only") << 10 * M << QStringLiteral("failed");
        QTest::newRow("hours, from the rollups") << H << QString();
        QTest::newRow("hours, one caller") << H << QStringLiteral("ip");
        QTest::newRow("hours, free text") << H << QStringLiteral("text");
    }

    void monitoringLatencyMatchesTheEvents()
    {
        QFETCH(std::int64_t, grain);
        QFETCH(QString, narrowing);
        const std::int64_t start = (m_first / H + 2) * H;
        EventFilter f;
        f.from = Timestamp::fromTicks(start + 10 * H);
        f.to = Timestamp::fromTicks(start + 130 * H + 7 * Timestamp::TicksPerMinute);
        if (narrowing == QStringLiteral("failed")) {
            f.failedOnly = true;
        } else if (narrowing == QStringLiteral("ip")) {
            auto st = m_case->db().prepare("SELECT caller_ip, COUNT(*) AS c FROM events WHERE caller_ip <> '' "
                                           "GROUP BY 1 ORDER BY c DESC LIMIT 1");
            QVERIFY(st.step());
            f.callerIp = st.text(0);
        } else if (narrowing == QStringLiteral("text")) {
            f.text = "secret";
        }
        const TimeAxis axis = TimeGrain::axisWithGrain(Timestamp::fromTicks(start + 20 * H),
                                                       Timestamp::fromTicks(start + 120 * H), grain);
        const auto r = MonitoringQueries(*m_case).compute(f, axis);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());

        const auto buckets = static_cast<std::size_t>(axis.buckets);
        std::vector<std::vector<std::int64_t>> perBucket(buckets);
        std::vector<std::int64_t> inAxis;
        std::map<std::string, std::vector<std::int64_t>> perOperation;
        std::int64_t requests = 0;
        const SqlWhere w = f.where();
        auto st = m_case->db().prepare("SELECT time, operation, duration_ms FROM events" + w.sql());
        w.bind(st, 1);
        while (st.step()) {
            ++requests;
            const std::string operation = st.text(1);
            auto& durations = perOperation[operation]; // every operation has a row, with or without durations
            if (st.isNull(2)) {
                continue;
            }
            const std::int64_t t = st.int64(0);
            durations.push_back(st.int64(2));
            if (t >= axis.start.ticks() && t < axis.end().ticks()) {
                perBucket[static_cast<std::size_t>((t - axis.start.ticks()) / grain)].push_back(st.int64(2));
                inAxis.push_back(st.int64(2));
            }
        }
        QVERIFY(inAxis.size() > 10); // something to rank
        QCOMPARE(r->requests, requests);
        const std::vector<double> ps = {50, 95, 99};
        for (std::size_t b = 0; b < buckets; ++b) {
            std::sort(perBucket[b].begin(), perBucket[b].end());
            for (std::size_t k = 0; k < ps.size(); ++k) {
                QCOMPARE(r->latency.values[k][b], MonitoringQueries::percentile(perBucket[b], ps[k]).value_or(0.0));
            }
        }
        std::sort(inAxis.begin(), inAxis.end());
        QCOMPARE(r->p50Ms, MonitoringQueries::percentile(inAxis, 50));
        QCOMPARE(r->p95Ms, MonitoringQueries::percentile(inAxis, 95));
        QCOMPARE(r->p99Ms, MonitoringQueries::percentile(inAxis, 99));
        QCOMPARE(r->operations.size(), perOperation.size());
        for (const auto& o : r->operations) {
            auto& durations = perOperation[o.operation];
            std::sort(durations.begin(), durations.end());
            QCOMPARE(o.p99Ms, MonitoringQueries::percentile(durations, 99));
        }
    }

private:
    static std::string timeColumnOf(const std::string& table) { return table.ends_with("_5min") ? "slot" : "hour"; }

    static std::string groups(const CaseFile& c, const std::string& table = "event_hours")
    {
        auto st = c.db().prepare("SELECT group_concat(g, ';') FROM (SELECT " + timeColumnOf(table) +
                                 " || vault || caller_ip || operation || identity || object_name || "
                                 "ifnull(http_status, 'N') || ':' || n || ':' || first_time || ':' || last_time AS g "
                                 "FROM " + table + " ORDER BY 1)");
        return st.step() ? st.text(0) : std::string();
    }

    static std::string latency(const CaseFile& c, const std::string& table = "latency_hours")
    {
        auto st = c.db().prepare("SELECT group_concat(g, ';') FROM (SELECT " + timeColumnOf(table) +
                                 " || vault || operation || identity_kind || ':' || duration_ms || ':' || n AS g "
                                 "FROM " + table + " ORDER BY 1)");
        return st.step() ? st.text(0) : std::string();
    }

    static std::string uris(const CaseFile& c)
    {
        auto st = c.db().prepare("SELECT group_concat(g, ';') FROM (SELECT hour || vault || subscription || "
                                 "resource_type || identity_kind || operation || identity_oid || identity_upn || "
                                 "identity_appid || caller_ip || trusted_service || request_uri || ':' || n AS g "
                                 "FROM uri_hours ORDER BY 1)");
        return st.step() ? st.text(0) : std::string();
    }

    static std::string minutes(const CaseFile& c)
    {
        auto st =
            c.db().prepare("SELECT group_concat(g, ';') FROM (SELECT minute || operation || vault || identity_kind "
                           "|| ':' || has_upn || ':' || n AS g FROM operation_minutes ORDER BY 1)");
        return st.step() ? st.text(0) : std::string();
    }

    void ingest(const CaseFile& c, const std::vector<std::string>& paths)
    {
        IngestPipeline pipeline(c);
        auto aux = AuxiliaryImporterFactory::create(c);
        pipeline.setAuxiliaryImporter(aux.get());
        const auto report = pipeline.run(paths);
        QVERIFY(!report.nothingRead());
    }

    // The reference path: every view from the events' texts, without the rollups or the texts' ids.
    std::string eventsOnly(const EventFilter& f)
    {
        m_case->setRollupsEnabled(false);
        m_case->setTextIdsEnabled(false);
        const std::string out = everyView(*m_case, f);
        m_case->setRollupsEnabled(true);
        m_case->setTextIdsEnabled(true);
        return out;
    }

    QTemporaryDir m_dir;
    std::string m_bundle;
    std::optional<CaseFile> m_case;
    std::int64_t m_first = 0;
};


QTEST_GUILESS_MAIN(TestRollups)
#include "tst_rollups.moc"
