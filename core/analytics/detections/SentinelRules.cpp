#include "core/analytics/detections/SentinelRules.h"

#include "core/analytics/detections/DetectionContext.h"
#include "core/analytics/series/MakeSeries.h"
#include "core/analytics/series/SeriesDecomposeAnomalies.h"
#include "core/model/AzureResourceId.h"
#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace kvw::core {
namespace {

using AppMode = DetectionContext::AppMode;

std::string fmt(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// The object id of an access policy added or removed, from a raw record: properties.addedAccessPolicy.ObjectId
// (raw JSON), or the flat AzureDiagnostics column addedAccessPolicy_ObjectId_g (CSV rows), any letter case.
std::string policyObjectId(const nlohmann::json& j, const std::string& which)
{
    const std::string lowWhich = toLower(which);
    if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
            const std::string lk = toLower(k);
            if (lk == lowWhich && v.is_object()) {
                for (const auto& [k2, v2] : v.items()) {
                    if (toLower(k2) == "objectid" && v2.is_string()) {
                        return toLower(v2.get<std::string>());
                    }
                }
            }
            if (lk == lowWhich + "_objectid_g" && v.is_string()) {
                return toLower(v.get<std::string>());
            }
            if (v.is_object()) {
                if (auto r = policyObjectId(v, which); !r.empty()) {
                    return r;
                }
            }
        }
    }
    return {};
}

// (period bin, identity) -> the most distinct request URIs the caller hit with one operation in that bin.
using CallerUris = std::map<std::pair<std::int64_t, std::string>, std::int64_t>;

// Stage 1 of mass secret retrieval from uri_hours (the distinct URIs of successful requests per hour and caller,
// kept at ingest), for the callers above the threshold.
// Nothing when the run reads no rollups or that table cannot answer: an older case, a filter it does not keep, a
// period or filter bound off the hour, or events before 1970 (time / period truncates toward zero there, so a bin
// would not be a set of whole hours).
std::optional<CallerUris> distinctUrisFromRollup(const DetectionContext& ctx, const SqlWhere& rule,
                                                 const SqlWhere& notAllowed, std::int64_t period,
                                                 std::int64_t threshold)
{
    const EventFilter& filter = ctx.filter();
    const auto onHour = [](const std::optional<Timestamp>& t) {
        return !t || t->ticks() % Timestamp::TicksPerHour == 0;
    };
    if (!ctx.rollupsAllowed() || !ctx.caseFile().uriRollupsEnabled() ||
        !RollupSource::covers(RollupSource::Kind::Events, filter) || filter.failedOnly || period <= 0 ||
        period % Timestamp::TicksPerHour != 0 || !onHour(filter.from) || !onHour(filter.to)) {
        return std::nullopt;
    }
    const auto bounds = ctx.historyBounds();
    if (bounds && bounds->first < 0) {
        return std::nullopt;
    }
    SqlWhere w = ctx.scopeWithoutTime();
    if (filter.from) {
        w.add("hour >= ?", {filter.from->ticks()});
    }
    if (filter.to) {
        w.add("hour < ?", {filter.to->ticks()});
    }
    DetectionContext::append(w, rule);
    DetectionContext::append(w, notAllowed);
    auto q = ctx.db().prepare("SELECT bin, identity, max(c) FROM (SELECT hour / ? AS bin, identity, "
                              "count(DISTINCT request_uri) AS c FROM uri_hours" +
                              w.sql() + " GROUP BY bin, operation, identity HAVING c > ?) GROUP BY bin, identity");
    q.bind(w.bind(q, 2), threshold);
    q.bind(1, period);
    CallerUris callers;
    while (q.step()) {
        callers[{q.int64(0), q.text(1)}] = q.int64(2);
    }
    return callers;
}

} // namespace

void SentinelRules::massSecretRetrieval(DetectionContext& ctx)
{
    const auto ops = ctx.listParam("operations");
    const std::int64_t period = ctx.durationParam("period");
    const std::int64_t distinctThreshold = ctx.intParam("distinct_uri_threshold");
    const std::int64_t eventThreshold = ctx.intParam("event_threshold");

    SqlWhere rule;
    DetectionContext::addOperations(rule, ops);
    rule.add("identity <> ''");
    const SqlWhere notAllowed = ctx.notAllowed(AppMode::VaultGetOnly, false);
    SqlWhere w = ctx.scope();
    DetectionContext::append(w, rule);
    DetectionContext::append(w, notAllowed);

    // Stage 1: callers that successfully hit more than N distinct request URIs with one operation in a period.
    // From uri_hours when it can answer. Otherwise the URIs are only in events: when the rollup can count, it first
    // names the (period, operation, caller) groups with more than N successful retrievals at all (fewer cannot
    // hold N distinct URIs), and only their events are read, through the identity index.
    CallerUris callers;
    const CountSource counts = ctx.countSource(period, true);
    if (auto fromUris = distinctUrisFromRollup(ctx, rule, notAllowed, period, distinctThreshold)) {
        callers = std::move(*fromUris);
    } else if (counts.table != "events") {
        SqlWhere cw = counts.scope;
        DetectionContext::append(cw, rule);
        DetectionContext::append(cw, notAllowed);
        cw.add(DetectionContext::successSql());
        auto c = ctx.db().prepare("SELECT time / ? AS bin, operation, identity FROM " + counts.table + cw.sql() +
                                  " GROUP BY bin, operation, identity HAVING " + counts.count + " > ?");
        c.bind(cw.bind(c, 2), distinctThreshold);
        c.bind(1, period);
        auto d = ctx.db().prepare("SELECT count(DISTINCT request_uri) FROM " +
                                  ctx.caseFile().eventsVia("events_identity_time") + w.sql() + " AND " +
                                  DetectionContext::successSql() +
                                  " AND identity = ? AND operation = ? AND time >= ? AND time < ? AND time / ? = ?");
        while (c.step()) {
            const std::int64_t bin = c.int64(0);
            // time / period truncates, so bin 0 spans (-period, period) and negative bins end at bin * period.
            const std::int64_t lo = bin > 0 ? bin * period : (bin - 1) * period + 1;
            const std::int64_t hi = bin >= 0 ? (bin + 1) * period : bin * period + 1;
            d.reset();
            const int k = w.bind(d);
            d.bind(k, c.text(2)).bind(k + 1, c.text(1)).bind(k + 2, lo).bind(k + 3, hi).bind(k + 4, period);
            d.bind(k + 5, bin);
            if (d.step() && d.int64(0) > distinctThreshold) {
                auto& most = callers[{bin, c.text(2)}];
                most = std::max(most, d.int64(0));
            }
        }
    } else {
        auto q = ctx.db().prepare("SELECT bin, identity, max(c) FROM (SELECT time / ? AS bin, identity, "
                                  "count(DISTINCT request_uri) AS c FROM events" +
                                  w.sql() + " AND " + DetectionContext::successSql() +
                                  " GROUP BY bin, operation, identity HAVING c > ?) GROUP BY bin, identity");
        int i = 1;
        q.bind(i++, period);
        i = w.bind(q, i);
        q.bind(i++, distinctThreshold);
        while (q.step()) {
            callers[{q.int64(0), q.text(1)}] = q.int64(2);
        }
    }
    struct Row
    {
        std::string result, app, identity, upn;
        std::int64_t count, first, last, distinct;
    };
    std::vector<Row> rows;
    if (!callers.empty()) {
        // Stage 2: all their retrievals (any result, any vault) per result type, app and caller, above M events;
        // plain counts, so from the rollup when the period and the filter's bounds allow.
        const CountSource src = ctx.countSource(period, true);
        SqlWhere w2 = src.scope;
        DetectionContext::append(w2, rule);
        DetectionContext::append(w2, notAllowed);
        auto st = ctx.db().prepare("SELECT time / ? AS bin, result_type, identity_appid, identity, identity_upn, " +
                                   src.count + ", min(time), " + src.lastTime + " FROM " + src.table + w2.sql() +
                                   " GROUP BY bin, result_type, identity_appid, identity, identity_upn HAVING " +
                                   src.count + " > ? ORDER BY min(time)");
        int k = 1;
        st.bind(k++, period);
        k = w2.bind(st, k);
        st.bind(k++, eventThreshold);
        while (st.step()) {
            const auto caller = callers.find({st.int64(0), st.text(3)});
            if (caller != callers.end()) {
                rows.push_back({st.text(1), st.text(2), st.text(3), st.text(4), st.int64(5), st.int64(6), st.int64(7),
                                caller->second});
            }
        }
    }
    for (const auto& r : rows) {
        FindingSeed seed;
        seed.start = Timestamp::fromTicks(r.first);
        seed.end = Timestamp::fromTicks(r.last);
        seed.evidence = rule;
        DetectionContext::append(seed.evidence, notAllowed);
        seed.evidence.add("result_type = ? AND identity_appid = ? AND identity = ? AND identity_upn = ?",
                          {r.result, r.app, r.identity, r.upn});
        seed.rollupColumnsOnly = true;
        seed.excluded = rule;
        DetectionContext::append(seed.excluded, ctx.allowed(AppMode::VaultGetOnly, false));
        seed.explanation = r.identity + " successfully requested " + std::to_string(r.distinct) +
                           " distinct URIs with one retrieval operation (more than " +
                           std::to_string(distinctThreshold) + ") and made " + std::to_string(r.count) +
                           " retrievals with result '" + r.result + "' (more than " + std::to_string(eventThreshold) +
                           ") in one period of " + ctx.param("period") + ", across all vaults";
        seed.baseline = {{"period", ctx.param("period")},
                         {"distinct_uri_threshold_exclusive", distinctThreshold},
                         {"event_threshold_exclusive", eventThreshold},
                         {"max_distinct_uris", r.distinct}};
        ctx.emit(std::move(seed));
    }
}

void SentinelRules::accessTimeSeriesAnomaly(DetectionContext& ctx)
{
    const auto ops = ctx.listParam("operations");
    const std::int64_t step = ctx.durationParam("step");
    const std::int64_t windowBins = std::max<std::int64_t>(2, ctx.durationParam("window") / step);
    const std::int64_t minBins = std::max<std::int64_t>(2, ctx.durationParam("min_history") / step);
    const double scoreThreshold = ctx.realParam("score_threshold");
    const double baselineThreshold = ctx.realParam("baseline_threshold");

    SqlWhere rule;
    DetectionContext::addOperations(rule, ops);
    rule.add(DetectionContext::successSql());
    rule.add("caller_ip <> ''");
    const SqlWhere notAllowed = ctx.notAllowed(AppMode::VaultGetOnly, false);
    const CountSource src = ctx.countSource(step);
    SqlWhere w = src.scope;
    DetectionContext::append(w, rule);
    DetectionContext::append(w, notAllowed);
    const auto bounds = ctx.historyBounds();
    if (!bounds) {
        return;
    }
    const std::int64_t firstBin = Timestamp::floorDiv(bounds->first, step);
    const std::int64_t lastBin = Timestamp::floorDiv(bounds->second, step);

    auto st = ctx.db().prepare("SELECT caller_ip, time / ? AS bin, " + src.count + " FROM " + src.table + w.sql() +
                               " GROUP BY caller_ip, bin ORDER BY caller_ip, bin");
    st.bind(1, step);
    w.bind(st, 2);
    std::map<std::string, std::vector<MakeSeries::Point>> perIp;
    while (st.step()) {
        perIp[st.text(0)].push_back({st.int64(1) * step, static_cast<double>(st.int64(2))});
    }
    SeriesDecomposeAnomalies::Options opt;
    opt.threshold = scoreThreshold;
    opt.trend = SeriesDecompose::Trend::LineFit;
    for (const auto& [ip, points] : perIp) {
        // The rule runs daily; offline it is evaluated at the end of every bin of the bundle's history, each time over
        // the window before it (never before the bundle's first bin), and reports the last bin when it is a spike.
        auto full = MakeSeries::fromTo(firstBin * step, (lastBin + 1) * step, step)
                        .setAggregation(MakeSeries::Aggregation::Sum)
                        .build(points);
        if (!full) {
            continue;
        }
        const auto& values = full->values;
        for (std::int64_t evalBin = firstBin + minBins; evalBin <= lastBin; ++evalBin) {
            const std::int64_t from = std::max(firstBin, evalBin - windowBins + 1);
            const std::span<const double> series(values.data() + (from - firstBin),
                                                 static_cast<std::size_t>(evalBin - from + 1));
            if (series.back() <= baselineThreshold) {
                continue; // a spike above a baseline > threshold needs a count above it
            }
            const auto an = SeriesDecomposeAnomalies::detect(series, opt);
            if (!an || an->flags.back() <= 0 || an->baseline.back() <= baselineThreshold) {
                continue;
            }
            const Timestamp start = Timestamp::fromTicks(evalBin * step);
            const Timestamp end = Timestamp::fromTicks(evalBin * step + step - 1);
            if (!ctx.inTimeRange(start)) {
                continue;
            }
            FindingSeed seed;
            seed.start = start;
            seed.end = end;
            seed.evidence = rule;
            DetectionContext::append(seed.evidence, notAllowed);
            seed.evidence.add("caller_ip = ?", {ip});
            seed.rollupColumnsOnly = true;
            seed.excluded = rule;
            DetectionContext::append(seed.excluded, ctx.allowed(AppMode::VaultGetOnly, false));
            seed.excluded.add("caller_ip = ?", {ip});
            seed.explanation = "caller IP " + ip + " made " + fmt(series.back()) + " successful retrievals in the bin " +
                               start.toIso() + " (+" + ctx.param("step") + "), expected " +
                               fmt(an->baseline.back()) + " (linefit baseline over " +
                               std::to_string(series.size()) + " bins), anomaly score " + fmt(an->scores.back()) +
                               " > " + fmt(scoreThreshold);
            seed.baseline = {{"series", "successful retrievals per caller IP"},
                             {"window_start", Timestamp::fromTicks(from * step).toIso()},
                             {"window_end", Timestamp::fromTicks(evalBin * step + step).toIso()},
                             {"step", ctx.param("step")},
                             {"bins", series.size()},
                             {"count", series.back()},
                             {"baseline", an->baseline.back()},
                             {"score", an->scores.back()},
                             {"score_threshold", scoreThreshold},
                             {"baseline_threshold_exclusive", baselineThreshold},
                             {"period_bins", an->period},
                             {"approximate", an->approximate}};
            ctx.emit(std::move(seed));
        }
    }
}

void SentinelRules::accessPolicyManipulation(DetectionContext& ctx)
{
    const auto ops = ctx.listParam("operations");
    const std::int64_t window = ctx.durationParam("window");
    SqlWhere rule;
    DetectionContext::addOperations(rule, ops, "", true);
    rule.add(DetectionContext::successSql());
    const SqlWhere notAllowed = ctx.notAllowed(AppMode::None, false);
    SqlWhere w = ctx.scopeWithoutTime();
    DetectionContext::append(w, rule);
    DetectionContext::append(w, notAllowed);
    auto st = ctx.db().prepare("SELECT id, time, vault, identity FROM events" + w.sql() + " ORDER BY vault, time, id");
    w.bind(st);
    struct Change
    {
        std::int64_t id, time;
        std::string vault, identity, added, removed;
    };
    std::vector<Change> changes;
    while (st.step()) {
        changes.push_back({st.int64(0), st.int64(1), st.text(2), st.text(3), "", ""});
    }
    // The object ids live only in the original record; these events are few.
    std::vector<Change> withPolicy;
    for (auto& c : changes) {
        const auto raw = ctx.caseFile().rawRecord(c.id);
        if (!raw) {
            continue;
        }
        const auto j = nlohmann::json::parse(*raw, nullptr, false);
        c.added = policyObjectId(j, "addedAccessPolicy");
        c.removed = policyObjectId(j, "removedAccessPolicy");
        if (!c.added.empty() || !c.removed.empty()) {
            withPolicy.push_back(c);
        }
    }
    for (const auto& a : withPolicy) {
        if (a.added.empty()) {
            continue;
        }
        for (const auto& r : withPolicy) {
            if (r.removed.empty() || r.vault != a.vault || r.id == a.id || std::llabs(r.time - a.time) >= window) {
                continue;
            }
            const bool same = r.removed == a.added;
            FindingSeed seed;
            seed.start = Timestamp::fromTicks(std::min(a.time, r.time));
            seed.end = Timestamp::fromTicks(std::max(a.time, r.time));
            if (!ctx.inTimeRange(seed.start)) {
                continue;
            }
            seed.evidence.add("id IN (?, ?)", {a.id, r.id});
            seed.severity = same ? "Medium" : "Low";
            seed.extraIdentities = {a.added, r.removed};
            const double minutes = static_cast<double>(std::llabs(r.time - a.time)) / Timestamp::TicksPerMinute;
            seed.explanation = "on " + a.vault + ", an access policy for " + a.added + " was added by " + a.identity +
                               " and one for " + r.removed + " removed by " + r.identity + " " + fmt(minutes) +
                               " minutes apart (less than " + ctx.param("window") + ")" +
                               (same ? "; the same object was added then removed (stronger signal)"
                                     : "; different objects (the original's join does not require the same one)");
            seed.baseline = {{"window", ctx.param("window")}, {"same_object", same}};
            ctx.emit(std::move(seed));
        }
    }
}

} // namespace kvw::core
