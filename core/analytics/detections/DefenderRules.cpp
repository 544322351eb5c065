#include "core/analytics/detections/DefenderRules.h"

#include "core/analytics/detections/DetectionContext.h"
#include "core/analytics/detections/FirstSeen.h"
#include "core/analytics/intel/IpAddress.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
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

// A public address: parseable and not private, loopback, link-local, unspecified or unique-local.
bool isExternal(const std::string& ip)
{
    const auto address = IpAddress::parse(ip);
    return address && !address->isNonPublic();
}

// Distinct vaults per identity and period, against the identity's own busiest period in the baseline before it.
void accountVolumeRule(DetectionContext& ctx, const std::string& outcomeSql, const std::string& what)
{
    const std::int64_t period = ctx.durationParam("period");
    const std::int64_t baselineBins = std::max<std::int64_t>(1, ctx.durationParam("baseline") / period);
    const std::int64_t minHistory = ctx.durationParam("min_history");
    const std::int64_t minVaults = ctx.intParam("min_vaults");
    const double ratio = ctx.realParam("ratio");
    const auto bounds = ctx.historyBounds();
    if (!bounds) {
        return;
    }
    SqlWhere rule;
    rule.add(outcomeSql);
    rule.add("identity <> ''");
    const SqlWhere notAllowed = ctx.notAllowed(AppMode::AllOperations, true);
    const CountSource src = ctx.countSource(period);
    SqlWhere w = src.scope;
    DetectionContext::append(w, rule);
    DetectionContext::append(w, notAllowed);
    auto st = ctx.db().prepare("SELECT identity, time / ? AS bin, count(DISTINCT vault) FROM " + src.table + w.sql() +
                               " GROUP BY identity, bin ORDER BY identity, bin");
    st.bind(1, period);
    w.bind(st, 2);
    std::map<std::string, std::map<std::int64_t, std::int64_t>> perIdentity;
    while (st.step()) {
        perIdentity[st.text(0)][st.int64(1)] = st.int64(2);
    }
    for (const auto& [identity, bins] : perIdentity) {
        for (const auto& [bin, vaults] : bins) {
            const Timestamp start = Timestamp::fromTicks(bin * period);
            if (vaults < minVaults || start.ticks() < bounds->first + minHistory || !ctx.inTimeRange(start)) {
                continue;
            }
            std::int64_t baseMax = 0;
            for (auto it = bins.lower_bound(bin - baselineBins); it != bins.end() && it->first < bin; ++it) {
                baseMax = std::max(baseMax, it->second);
            }
            if (static_cast<double>(vaults) <= ratio * static_cast<double>(baseMax)) {
                continue;
            }
            FindingSeed seed;
            seed.start = start;
            seed.end = start + (period - 1);
            seed.evidence = rule;
            DetectionContext::append(seed.evidence, notAllowed);
            seed.evidence.add("identity = ?", {identity});
            seed.rollupColumnsOnly = true;
            seed.excluded = rule;
            DetectionContext::append(seed.excluded, ctx.allowed(AppMode::AllOperations, true));
            const Timestamp baseStart =
                Timestamp::fromTicks(std::max(bounds->first, (bin - baselineBins) * period));
            seed.explanation = identity + " " + what + " " + std::to_string(vaults) + " vaults in the " +
                               ctx.param("period") + " from " + start.toIso() + " (at least " +
                               std::to_string(minVaults) + ", and more than " + fmt(ratio) +
                               " x its busiest period in the baseline, " + std::to_string(baseMax) + " vaults, " +
                               baseStart.toIso() + " .. " + start.toIso() + ")";
            seed.baseline = {{"baseline_window_start", baseStart.toIso()},
                             {"baseline_window_end", start.toIso()},
                             {"baseline_max_vaults", baseMax},
                             {"vaults", vaults},
                             {"min_vaults", minVaults},
                             {"ratio", ratio}};
            ctx.emit(std::move(seed));
        }
    }
}

// A list (or policy change) followed within a window by reads of the same principal on the same vault, when the
// principal did not do the same kind of thing in the baseline before.
// With ratio > 0 the baseline is the most objects the principal read after any earlier first-operation there
// (ListGet); otherwise any usualOps event in the baseline makes it usual (PutGet).
void followedByRule(DetectionContext& ctx, const std::vector<std::string>& firstOps,
                    const std::vector<std::string>& thenOps, const std::vector<std::string>& usualOps,
                    std::int64_t minThen, double ratio, const std::string& what)
{
    const std::int64_t window = ctx.durationParam("window");
    const std::int64_t baseline = ctx.durationParam("baseline");
    const std::int64_t minHistory = ctx.durationParam("min_history");
    const auto bounds = ctx.historyBounds();
    if (!bounds) {
        return;
    }
    SqlWhere first = ctx.filter().where("l");
    DetectionContext::addOperations(first, firstOps, "l", true);
    first.add(DetectionContext::successSql("l"));
    first.add("l.identity <> ''");
    DetectionContext::append(first, ctx.notAllowed(AppMode::AllOperations, true, "l"));
    SqlWhere thenW;
    DetectionContext::addOperations(thenW, thenOps, "g");
    thenW.add(DetectionContext::successSql("g"));
    auto st = ctx.db().prepare(
        "SELECT l.id, l.vault, l.identity, l.time, count(DISTINCT g.object_name), count(g.id), max(g.time) "
        "FROM events l JOIN events g ON +g.vault = l.vault AND g.identity = l.identity AND g.time > l.time AND "
        "g.time <= l.time + ?" +
        thenW.andSql() + first.sql() + " GROUP BY l.id HAVING count(DISTINCT g.object_name) >= ? ORDER BY l.vault, "
        "l.identity, l.time");
    int i = 1;
    st.bind(i++, window);
    i = thenW.bind(st, i);
    i = first.bind(st, i);
    st.bind(i++, minThen);
    struct Hit
    {
        std::int64_t id;
        std::string vault, identity;
        std::int64_t time, objects, reads, lastRead;
    };
    std::vector<Hit> hits;
    while (st.step()) {
        hits.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4), st.int64(5), st.int64(6)});
    }
    // "+g.vault" keeps SQLite on the (identity, time) index for g: a principal's next hour is small, a vault's is not.
    // Merge overlapping bursts of one principal on one vault.
    std::vector<std::vector<Hit>> bursts;
    for (const auto& h : hits) {
        if (!bursts.empty() && bursts.back().back().vault == h.vault && bursts.back().back().identity == h.identity &&
            h.time <= bursts.back().back().lastRead) {
            bursts.back().push_back(h);
        } else {
            bursts.push_back({h});
        }
    }
    SqlWhere usual;
    DetectionContext::addOperations(usual, usualOps);
    for (const auto& b : bursts) {
        const Hit& h0 = b.front();
        std::int64_t lastRead = 0;
        std::int64_t maxObjects = 0;
        for (const auto& h : b) {
            lastRead = std::max(lastRead, h.lastRead);
            maxObjects = std::max(maxObjects, h.objects);
        }
        if (h0.time < bounds->first + minHistory) {
            continue; // no history to judge it against
        }
        std::int64_t before = 0;
        bool usualFound = false;
        if (ratio > 0) {
            // The busiest earlier burst of the same kind: distinct objects read after each earlier list.
            SqlWhere prev;
            DetectionContext::addOperations(prev, firstOps, "l", true);
            prev.add(DetectionContext::successSql("l"));
            prev.add("l.vault = ? AND l.identity = ? AND l.time >= ? AND l.time < ?",
                     {h0.vault, h0.identity, h0.time - baseline, h0.time});
            auto q = ctx.db().prepare(
                "SELECT max(c) FROM (SELECT count(DISTINCT g.object_name) AS c FROM events l LEFT JOIN events g ON "
                "+g.vault = l.vault AND g.identity = l.identity AND g.time > l.time AND g.time <= l.time + ?" +
                thenW.andSql() + prev.sql() + " GROUP BY l.id)");
            int k = 1;
            q.bind(k++, window);
            k = thenW.bind(q, k);
            prev.bind(q, k);
            before = q.step() && !q.isNull(0) ? q.int64(0) : 0;
            usualFound = static_cast<double>(maxObjects) <= ratio * static_cast<double>(before);
        } else {
            SqlWhere hist = ctx.scopeWithoutTime();
            DetectionContext::append(hist, usual);
            hist.add("vault = ? AND identity = ? AND time >= ? AND time < ?",
                     {h0.vault, h0.identity, h0.time - baseline, h0.time});
            auto q = ctx.db().prepare("SELECT count(*) FROM events" + hist.sql());
            hist.bind(q);
            before = q.step() ? q.int64(0) : 0;
            usualFound = before > 0;
        }
        if (usualFound || !ctx.inTimeRange(Timestamp::fromTicks(h0.time))) {
            continue;
        }
        FindingSeed seed;
        seed.start = Timestamp::fromTicks(h0.time);
        seed.end = Timestamp::fromTicks(lastRead);
        std::vector<std::string> ops = firstOps;
        ops.insert(ops.end(), thenOps.begin(), thenOps.end());
        DetectionContext::addOperations(seed.evidence, ops);
        seed.evidence.add(DetectionContext::successSql());
        seed.evidence.add("vault = ? AND identity = ?", {h0.vault, h0.identity});
        seed.rollupColumnsOnly = true;
        seed.explanation = h0.identity + " " + what + " on " + h0.vault + " at " + seed.start.toIso() +
                           ", followed within " + ctx.param("window") + " by reads of up to " +
                           std::to_string(maxObjects) + " distinct objects; " +
                           (ratio > 0 ? "its busiest such burst there in the " + ctx.param("baseline") +
                                            " before read " + std::to_string(before) + " (ratio " +
                                            ctx.param("ratio") + ")"
                                      : "it read nothing there in the " + ctx.param("baseline") + " before");
        seed.baseline = {{"baseline_window_start", Timestamp::fromTicks(h0.time - baseline).toIso()},
                         {"baseline_window_end", seed.start.toIso()},
                         {ratio > 0 ? "baseline_max_objects" : "baseline_events", before},
                         {"window", ctx.param("window")},
                         {"distinct_objects_read", maxObjects}};
        ctx.emit(std::move(seed));
    }
}

} // namespace

void DefenderRules::accountVolume(DetectionContext& ctx)
{
    accountVolumeRule(ctx, DetectionContext::successSql(), "successfully accessed");
}

void DefenderRules::accountVolumeDenied(DetectionContext& ctx)
{
    accountVolumeRule(ctx, DetectionContext::deniedSql(), "was denied on");
}

void DefenderRules::userAccessDenied(DetectionContext& ctx)
{
    const std::int64_t period = ctx.durationParam("period");
    const std::int64_t baseline = ctx.durationParam("baseline");
    const std::int64_t minHistory = ctx.durationParam("min_history");
    const auto bounds = ctx.historyBounds();
    if (!bounds) {
        return;
    }
    SqlWhere rule;
    rule.add(DetectionContext::deniedSql());
    rule.add("identity <> ''");
    const SqlWhere notAllowed = ctx.notAllowed(AppMode::AllOperations, true);
    const CountSource src = ctx.countSource(period);
    SqlWhere w = src.scope;
    DetectionContext::append(w, rule);
    DetectionContext::append(w, notAllowed);
    auto st = ctx.db().prepare("SELECT vault, identity, min(time), " + src.lastTime + ", " + src.count + " FROM " +
                               src.table + w.sql() +
                               " GROUP BY vault, identity, time / ? ORDER BY vault, identity, min(time)");
    const int i = w.bind(st);
    st.bind(i, period);
    struct Row
    {
        std::string vault, identity;
        std::int64_t first, last, count;
    };
    std::vector<Row> rows;
    while (st.step()) {
        rows.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3), st.int64(4)});
    }
    std::string reported;
    for (const auto& r : rows) {
        const std::string key = r.vault + "\n" + r.identity;
        if (key == reported || r.first < bounds->first + minHistory ||
            !ctx.inTimeRange(Timestamp::fromTicks(r.first))) {
            continue;
        }
        SqlWhere hist = ctx.scopeWithoutTime();
        hist.add(DetectionContext::successSql());
        hist.add("vault = ? AND identity = ? AND time >= ? AND time < ?",
                 {r.vault, r.identity, r.first - baseline, r.first});
        auto q = ctx.db().prepare("SELECT count(*) FROM events" + hist.sql());
        hist.bind(q);
        const std::int64_t before = q.step() ? q.int64(0) : 0;
        if (before > 0) {
            continue;
        }
        reported = key; // one finding per principal and vault: its first denied period
        FindingSeed seed;
        seed.start = Timestamp::fromTicks(r.first);
        seed.end = Timestamp::fromTicks(r.last);
        seed.evidence = rule;
        DetectionContext::append(seed.evidence, notAllowed);
        seed.evidence.add("vault = ? AND identity = ?", {r.vault, r.identity});
        seed.rollupColumnsOnly = true;
        seed.excluded = rule;
        DetectionContext::append(seed.excluded, ctx.allowed(AppMode::AllOperations, true));
        seed.excluded.add("vault = ?", {r.vault});
        const Timestamp baseStart = Timestamp::fromTicks(std::max(bounds->first, r.first - baseline));
        seed.explanation = r.identity + " was denied " + std::to_string(r.count) + " time(s) on " + r.vault +
                           " and had no successful access there in the baseline " + baseStart.toIso() + " .. " +
                           seed.start.toIso();
        seed.baseline = {{"baseline_window_start", baseStart.toIso()},
                         {"baseline_window_end", seed.start.toIso()},
                         {"baseline_successes", 0}};
        ctx.emit(std::move(seed));
    }
}

void DefenderRules::userAnomaly(DetectionContext& ctx)
{
    FirstSeen::Spec s;
    s.keyExpr = "identity";
    s.keyLabel = "user";
    s.rule.add(DetectionContext::successSql());
    s.rule.add("(identity_kind = 'user' OR identity_upn <> '')");
    s.what = "first successful access by this user";
    FirstSeen::run(ctx, s);
}

void DefenderRules::appAnomaly(DetectionContext& ctx)
{
    FirstSeen::Spec s;
    s.keyExpr = "identity_appid";
    s.keyLabel = "application";
    s.rule.add(DetectionContext::successSql());
    s.rule.add("identity_upn = '' AND identity_kind <> 'user'");
    s.what = "first successful access by this application";
    FirstSeen::run(ctx, s);
}

void DefenderRules::userAppAnomaly(DetectionContext& ctx)
{
    FirstSeen::Spec s;
    s.keyExpr = "identity || ' via ' || identity_appid";
    s.keyLabel = "user-application pair";
    s.knownExpr = "identity";
    s.rule.add(DetectionContext::successSql());
    s.rule.add("identity_upn <> '' AND identity_appid <> ''");
    s.what = "first successful access by this user through this application";
    FirstSeen::run(ctx, s);
}

void DefenderRules::operationPattern(DetectionContext& ctx)
{
    const std::int64_t period = ctx.durationParam("period");
    const std::int64_t minHistory = ctx.durationParam("min_history");
    const std::int64_t minNew = ctx.intParam("min_new_operations");
    const auto bounds = ctx.historyBounds();
    if (!bounds) {
        return;
    }
    SqlWhere rule;
    rule.add("identity <> ''");
    rule.add("operation <> 'Authentication'");
    const SqlWhere notAllowed = ctx.notAllowed(AppMode::AllOperations, true);
    const CountSource src = ctx.countSource();
    SqlWhere w = src.scope;
    DetectionContext::append(w, rule);
    DetectionContext::append(w, notAllowed);
    // First use of each operation by each principal on each vault; new ones of a principal already known there.
    auto st = ctx.db().prepare(
        "WITH ops AS (SELECT vault, identity, operation, min(time) AS f FROM " + src.table + w.sql() +
        " GROUP BY vault, identity, operation), ids AS (SELECT vault, identity, min(f) AS idf FROM ops GROUP BY "
        "vault, identity) SELECT o.vault, o.identity, min(o.f), max(o.f), json_group_array(o.operation), "
        "count(*), ids.idf FROM ops o JOIN ids ON ids.vault = o.vault AND ids.identity = o.identity "
        "WHERE o.f >= ids.idf + ? AND o.f >= ? GROUP BY o.vault, o.identity, o.f / ? HAVING count(*) >= ? "
        "ORDER BY min(o.f)");
    int i = w.bind(st);
    st.bind(i++, minHistory);
    st.bind(i++, bounds->first + minHistory);
    st.bind(i++, period);
    st.bind(i++, minNew);
    struct Row
    {
        std::string vault, identity;
        std::int64_t first, last;
        std::vector<std::string> ops;
        std::int64_t count, known;
    };
    std::vector<Row> rows;
    while (st.step()) {
        Row r{st.text(0), st.text(1), st.int64(2), st.int64(3), {}, st.int64(5), st.int64(6)};
        for (const auto& o : nlohmann::json::parse(st.text(4), nullptr, false)) {
            if (o.is_string()) {
                r.ops.push_back(o.get<std::string>());
            }
        }
        std::sort(r.ops.begin(), r.ops.end());
        rows.push_back(std::move(r));
    }
    for (const auto& r : rows) {
        if (!ctx.inTimeRange(Timestamp::fromTicks(r.first))) {
            continue;
        }
        FindingSeed seed;
        seed.start = Timestamp::fromTicks(r.first);
        seed.end = Timestamp::fromTicks(r.last);
        seed.evidence = rule;
        DetectionContext::append(seed.evidence, notAllowed);
        seed.evidence.add("vault = ? AND identity = ?", {r.vault, r.identity});
        DetectionContext::addOperations(seed.evidence, r.ops);
        seed.rollupColumnsOnly = true;
        std::string list;
        for (const auto& o : r.ops) {
            list += (list.empty() ? "" : ", ") + o;
        }
        seed.explanation = r.identity + ", known on " + r.vault + " since " + Timestamp::fromTicks(r.known).toIso() +
                           ", used " + std::to_string(r.count) + " operations it had never used there: " + list;
        seed.baseline = {{"baseline_window_start", Timestamp::fromTicks(r.known).toIso()},
                         {"baseline_window_end", seed.start.toIso()},
                         {"new_operations", r.ops},
                         {"min_new_operations", minNew}};
        ctx.emit(std::move(seed));
    }
}

void DefenderRules::listGet(DetectionContext& ctx)
{
    // One aggregate over list and read events: per vault, principal and window bucket, whether it listed and how many
    // distinct objects it read. A pairwise join of every list with the next hour's reads is far too slow on busy
    // workloads (millions of pairs), and the bucket form is what the finding states.
    const auto lists = ctx.listParam("list_operations");
    const auto gets = ctx.listParam("get_operations");
    const std::int64_t window = ctx.durationParam("window");
    const std::int64_t baselineBins = std::max<std::int64_t>(1, ctx.durationParam("baseline") / window);
    const std::int64_t minHistory = ctx.durationParam("min_history");
    const std::int64_t minObjects = ctx.intParam("min_objects");
    const double ratio = ctx.realParam("ratio");
    const auto bounds = ctx.historyBounds();
    if (!bounds) {
        return;
    }
    SqlWhere listW;
    DetectionContext::addOperations(listW, lists);
    SqlWhere getW;
    DetectionContext::addOperations(getW, gets);
    std::vector<std::string> both = lists;
    both.insert(both.end(), gets.begin(), gets.end());
    SqlWhere rule;
    DetectionContext::addOperations(rule, both);
    rule.add(DetectionContext::successSql());
    rule.add("identity <> ''");
    const SqlWhere notAllowed = ctx.notAllowed(AppMode::AllOperations, true);
    const CountSource src = ctx.countSource(window);
    const bool rolled = src.table != "events";
    SqlWhere w = src.scope;
    DetectionContext::append(w, rule);
    DetectionContext::append(w, notAllowed);
    const std::string isList = listW.andSql().substr(5);
    const std::string isGet = getW.andSql().substr(5);
    auto st = ctx.db().prepare("SELECT vault, identity, time / ? AS bin, sum(CASE WHEN " + isList + " THEN " +
                               (rolled ? "n" : "1") + " ELSE 0 END), count(DISTINCT CASE WHEN " + isGet +
                               " THEN object_name END), min(CASE WHEN " + isList + " THEN time END), " + src.lastTime +
                               " FROM " + src.table + w.sql() + " GROUP BY vault, identity, bin ORDER BY vault, identity, bin");
    int i = 1;
    st.bind(i++, window);
    i = listW.bind(st, i);
    i = getW.bind(st, i);
    i = listW.bind(st, i);
    w.bind(st, i);
    struct Bucket
    {
        std::int64_t bin, lists, objects, firstList, last;
    };
    std::map<std::pair<std::string, std::string>, std::vector<Bucket>> perKey;
    while (st.step()) {
        if (st.int64(3) > 0) { // only buckets with a list matter, as bursts or as baseline
            perKey[{st.text(0), st.text(1)}].push_back(
                {st.int64(2), st.int64(3), st.int64(4), st.int64(5), st.int64(6)});
        }
    }
    for (const auto& [key, buckets] : perKey) {
        for (std::size_t k = 0; k < buckets.size(); ++k) {
            const Bucket& b = buckets[k];
            if (b.objects < minObjects || b.firstList < bounds->first + minHistory ||
                !ctx.inTimeRange(Timestamp::fromTicks(b.firstList))) {
                continue;
            }
            std::int64_t baseMax = 0;
            for (std::size_t j = 0; j < k; ++j) {
                if (buckets[j].bin >= b.bin - baselineBins) {
                    baseMax = std::max(baseMax, buckets[j].objects);
                }
            }
            if (static_cast<double>(b.objects) <= ratio * static_cast<double>(baseMax)) {
                continue;
            }
            FindingSeed seed;
            seed.start = Timestamp::fromTicks(b.firstList);
            seed.end = Timestamp::fromTicks(b.last);
            seed.evidence = rule;
            DetectionContext::append(seed.evidence, notAllowed);
            seed.evidence.add("vault = ? AND identity = ?", {key.first, key.second});
            seed.rollupColumnsOnly = true;
            seed.excluded = rule;
            DetectionContext::append(seed.excluded, ctx.allowed(AppMode::AllOperations, true));
            seed.excluded.add("vault = ?", {key.first});
            const Timestamp baseStart = Timestamp::fromTicks(std::max(bounds->first, (b.bin - baselineBins) * window));
            seed.explanation = key.second + " listed secrets on " + key.first + " and read " +
                               std::to_string(b.objects) + " distinct objects in the " + ctx.param("window") +
                               " window from " + Timestamp::fromTicks(b.bin * window).toIso() +
                               "; its busiest list-and-read window there in the baseline (" + baseStart.toIso() +
                               " .. " + seed.start.toIso() + ") read " + std::to_string(baseMax) + " (at least " +
                               std::to_string(minObjects) + " and more than " + fmt(ratio) + " x that required)";
            seed.baseline = {{"baseline_window_start", baseStart.toIso()},
                             {"baseline_window_end", seed.start.toIso()},
                             {"baseline_max_objects", baseMax},
                             {"objects", b.objects},
                             {"window", ctx.param("window")}};
            ctx.emit(std::move(seed));
        }
    }
}

void DefenderRules::putGet(DetectionContext& ctx)
{
    followedByRule(ctx, ctx.listParam("policy_operations"), ctx.listParam("get_operations"),
                   ctx.listParam("get_operations"), ctx.intParam("min_objects"), 0.0,
                   "changed the vault's policy");
}

void DefenderRules::operationVolume(DetectionContext& ctx)
{
    const std::int64_t period = ctx.durationParam("period");
    const std::int64_t baselineBins = std::max<std::int64_t>(2, ctx.durationParam("baseline") / period);
    const std::int64_t minHistBins = std::max<std::int64_t>(1, ctx.durationParam("min_history") / period);
    const std::int64_t minEvents = ctx.intParam("min_events");
    const double ratio = ctx.realParam("ratio");
    const double k = ctx.realParam("sigma");
    const auto bounds = ctx.historyBounds();
    if (!bounds) {
        return;
    }
    const std::int64_t firstBin = Timestamp::floorDiv(bounds->first, period);
    const SqlWhere notAllowed = ctx.notAllowed(AppMode::AllOperations, true);
    const CountSource src = ctx.countSource(period);
    SqlWhere w = src.scope;
    DetectionContext::append(w, notAllowed);
    auto st = ctx.db().prepare("SELECT vault, identity, time / ? AS bin, " + src.count + " FROM " + src.table + w.sql() +
                               " GROUP BY vault, identity, bin");
    st.bind(1, period);
    w.bind(st, 2);
    // Key: vault + "\n" + identity; identity "" holds the vault's total.
    std::map<std::pair<std::string, std::string>, std::map<std::int64_t, std::int64_t>> series;
    while (st.step()) {
        const std::string vault = st.text(0);
        const std::int64_t bin = st.int64(2);
        const std::int64_t n = st.int64(3);
        series[{vault, st.text(1)}][bin] += n;
        series[{vault, std::string("\x01*")}][bin] += n;
    }
    for (const auto& [key, bins] : series) {
        const bool whole = key.second == "\x01*";
        if (!whole && key.second.empty()) {
            continue;
        }
        for (const auto& [bin, count] : bins) {
            if (count < minEvents || bin < firstBin + minHistBins) {
                continue;
            }
            const Timestamp start = Timestamp::fromTicks(bin * period);
            if (!ctx.inTimeRange(start)) {
                continue;
            }
            const std::int64_t from = std::max(firstBin, bin - baselineBins);
            double sum = 0;
            double sq = 0;
            const auto n = static_cast<double>(bin - from);
            for (std::int64_t b = from; b < bin; ++b) {
                const auto it = bins.find(b);
                const double v = it == bins.end() ? 0.0 : static_cast<double>(it->second);
                sum += v;
                sq += v * v;
            }
            const double mean = sum / n;
            const double sd = std::sqrt(std::max(0.0, sq / n - mean * mean));
            const double c = static_cast<double>(count);
            if (c < ratio * mean || c <= mean + k * sd) {
                continue;
            }
            FindingSeed seed;
            seed.start = start;
            seed.end = start + (period - 1);
            seed.evidence = notAllowed;
            seed.evidence.add("vault = ?", {key.first});
            if (!whole) {
                seed.evidence.add("identity = ?", {key.second});
            }
            seed.rollupColumnsOnly = true;
            seed.excluded = ctx.allowed(AppMode::AllOperations, true);
            seed.excluded.add("vault = ?", {key.first});
            const Timestamp baseStart = Timestamp::fromTicks(from * period);
            seed.explanation = std::string(whole ? "vault " + key.first : key.second + " on " + key.first) + ": " +
                               std::to_string(count) + " operations in the " + ctx.param("period") + " from " +
                               start.toIso() + " against a baseline mean of " + fmt(mean) + " (sd " + fmt(sd) +
                               ") over " + baseStart.toIso() + " .. " + start.toIso() + "; thresholds: at least " +
                               std::to_string(minEvents) + ", at least " + fmt(ratio) + " x mean and above mean + " +
                               fmt(k) + " sd";
            seed.baseline = {{"baseline_window_start", baseStart.toIso()},
                             {"baseline_window_end", start.toIso()},
                             {"scope", whole ? "vault" : "identity on vault"},
                             {"count", count},
                             {"mean", mean},
                             {"sd", sd},
                             {"min_events", minEvents},
                             {"ratio", ratio},
                             {"sigma", k}};
            ctx.emit(std::move(seed));
        }
    }
}

} // namespace kvw::core

namespace kvw::core {

bool DefenderRules::inRanges(const std::string& ip, const std::vector<std::string>& ranges)
{
    const auto address = IpAddress::parse(ip);
    if (!address) {
        return false;
    }
    for (const auto& range : ranges) {
        const auto network = IpAddress::parse(range);
        if (network && network->contains(*address)) {
            return true;
        }
    }
    return false;
}

void DefenderRules::unusualAccessSuspiciousIp(DetectionContext& ctx)
{
    const std::int64_t period = ctx.durationParam("period");
    const std::int64_t baseline = ctx.durationParam("baseline");
    const std::int64_t minHistory = ctx.durationParam("min_history");
    const std::int64_t minObjects = ctx.intParam("min_objects");
    const double ratio = ctx.realParam("ratio");
    const auto internalRanges = ctx.listParam("internal_ranges");
    const auto bounds = ctx.historyBounds();
    if (!bounds) {
        return;
    }
    const SqlWhere all = ctx.scopeWithoutTime();
    const CountSource src = ctx.countSource(period);
    std::map<std::string, std::int64_t> vaultStart;
    {
        auto st = ctx.db().prepare("SELECT vault, min(time) FROM " + src.table + src.scope.sql() + " GROUP BY vault");
        src.scope.bind(st);
        while (st.step()) {
            vaultStart[st.text(0)] = st.int64(1);
        }
    }
    // One scan: per vault, caller IP and period bin, the first request (any outcome) and the distinct objects
    // (secrets, keys, certificates) of its successful requests. The bins give each IP's first appearance and each
    // vault's baseline: the most distinct objects one caller IP used there in one period.
    const SqlWhere notAllowed = ctx.notAllowed(AppMode::AllOperations, true);
    SqlWhere w = src.scope;
    w.add("caller_ip <> ''");
    DetectionContext::append(w, notAllowed);
    auto st = ctx.db().prepare("SELECT vault, caller_ip, time / ? AS bin, min(time), count(DISTINCT CASE WHEN " +
                               DetectionContext::successSql() + " AND object_name <> '' THEN object_name END) FROM " +
                               src.table + w.sql() + " GROUP BY vault, caller_ip, bin");
    st.bind(1, period);
    w.bind(st, 2);
    std::map<std::pair<std::string, std::string>, std::int64_t> firstSeen;      // (vault, ip) -> first request
    std::map<std::string, std::map<std::int64_t, std::int64_t>> busiestPerBin;  // vault -> bin -> max objects
    while (st.step()) {
        const std::string vault = st.text(0);
        const std::int64_t bin = st.int64(2);
        const std::int64_t first = st.int64(3);
        const std::int64_t objects = st.int64(4);
        auto [it, inserted] = firstSeen.try_emplace({vault, st.text(1)}, first);
        if (!inserted) {
            it->second = std::min(it->second, first);
        }
        auto& busiest = busiestPerBin[vault][bin];
        busiest = std::max(busiest, objects);
    }
    SqlWhere rule;
    rule.add(DetectionContext::successSql());
    std::vector<std::pair<std::int64_t, std::pair<std::string, std::string>>> candidates;
    for (const auto& [key, first] : firstSeen) {
        const auto vs = vaultStart.find(key.first);
        if (vs == vaultStart.end() || first < vs->second + minHistory || !ctx.inTimeRange(Timestamp::fromTicks(first)) ||
            !isExternal(key.second) || inRanges(key.second, internalRanges)) {
            continue;
        }
        candidates.push_back({first, key});
    }
    std::sort(candidates.begin(), candidates.end());
    for (const auto& [first, key] : candidates) {
        const auto& [vault, ip] = key;
        // The new IP's activity in the period from its first request, counted exactly (not bin-aligned).
        SqlWhere evidence = rule;
        DetectionContext::append(evidence, notAllowed);
        evidence.add("vault = ? AND caller_ip = ?", {vault, ip});
        DetectionContext::append(evidence,
                                 DetectionContext::window(Timestamp::fromTicks(first), Timestamp::fromTicks(first + period - 1)));
        SqlWhere q = all;
        DetectionContext::append(q, evidence);
        auto count = ctx.db().prepare("SELECT count(DISTINCT CASE WHEN object_name <> '' THEN object_name END) FROM "
                                      "events" +
                                      q.sql());
        q.bind(count);
        const std::int64_t objects = count.step() ? count.int64(0) : 0;
        if (objects < minObjects) {
            continue;
        }
        // Baseline: whole periods inside [first - baseline, first), every caller IP of the vault.
        const std::int64_t fromBin = Timestamp::floorDiv(first - baseline + period - 1, period);
        const std::int64_t toBin = Timestamp::floorDiv(first, period); // exclusive: the period holding `first`
        std::int64_t baseMax = 0;
        const auto& bins = busiestPerBin[vault];
        for (auto it = bins.lower_bound(fromBin); it != bins.end() && it->first < toBin; ++it) {
            baseMax = std::max(baseMax, it->second);
        }
        if (static_cast<double>(objects) <= ratio * static_cast<double>(baseMax)) {
            continue;
        }
        FindingSeed seed;
        seed.start = Timestamp::fromTicks(first);
        seed.end = Timestamp::fromTicks(first + period - 1);
        seed.evidence = evidence;
        seed.excluded = rule;
        DetectionContext::append(seed.excluded, ctx.allowed(AppMode::AllOperations, true));
        seed.excluded.add("vault = ?", {vault});
        DetectionContext::append(seed.excluded, DetectionContext::window(seed.start, seed.end));
        const Timestamp baseStart = Timestamp::fromTicks(std::max(vaultStart[vault], fromBin * period));
        const Timestamp baseEnd = Timestamp::fromTicks(toBin * period);
        seed.explanation = "external caller IP " + ip + " (not private, not a trusted Azure service, not allow-listed" +
                           std::string(internalRanges.empty() ? "" : ", not in internal_ranges") +
                           "), first seen on " + vault + " at " + seed.start.toIso() + " after " +
                           ctx.param("min_history") + " or more of vault history, used " + std::to_string(objects) +
                           " distinct objects in the following " + ctx.param("period") +
                           "; the busiest caller IP there used " + std::to_string(baseMax) + " in one " +
                           ctx.param("period") + " of the baseline " + baseStart.toIso() + " .. " + baseEnd.toIso() +
                           " (at least " + std::to_string(minObjects) + " and more than " + fmt(ratio) +
                           " x that required)";
        seed.baseline = {{"baseline_window_start", baseStart.toIso()},
                         {"baseline_window_end", baseEnd.toIso()},
                         {"vault_history_start", Timestamp::fromTicks(vaultStart[vault]).toIso()},
                         {"baseline_max_objects_per_ip", baseMax},
                         {"objects", objects},
                         {"min_objects", minObjects},
                         {"ratio", ratio},
                         {"period", ctx.param("period")},
                         {"internal_ranges", internalRanges}};
        ctx.emit(std::move(seed));
    }
}

} // namespace kvw::core
