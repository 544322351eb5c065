#include "core/analytics/detections/ElasticRules.h"

#include "core/analytics/detections/DetectionContext.h"
#include "core/analytics/detections/FirstSeen.h"
#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

namespace kvw::core {

namespace {

// The windows that can hold a finding, from the per-minute rollup: all users' reads in a window together must reach
// min_events and min_actions before any one user's can. nullopt when the rollup cannot say (a window that is not
// whole minutes, a filter it does not keep, times before 1970 where time / window rounds up) or when so many
// windows pass that one scan of events is cheaper than reading them one by one.
std::optional<std::vector<std::int64_t>> candidateWindows(const DetectionContext& ctx,
                                                          const std::vector<std::string>& operations,
                                                          std::int64_t window, std::int64_t minEvents,
                                                          std::int64_t minActions)
{
    constexpr std::size_t kMostWindows = 1000;
    const auto bounds = ctx.historyBounds();
    if (window % Timestamp::TicksPerMinute != 0 || !ctx.caseFile().rollupsEnabled() || !bounds || bounds->first < 0) {
        return std::nullopt;
    }
    const RollupSource src(ctx.caseFile(), RollupSource::Kind::OperationMinutes, ctx.filter(), {}, {}, window);
    if (!src.usesRollups()) {
        return std::nullopt;
    }
    // The rule's conditions on the rollup's columns: its operations and "has a UPN".
    SqlWhere ops;
    DetectionContext::addOperations(ops, operations);
    auto st = ctx.db().prepare(src.query("bucket_time / ? AS bin", " WHERE has_upn = 1" + ops.andSql() +
                                                                       " GROUP BY bin HAVING sum(n) >= ? AND "
                                                                       "count(DISTINCT operation) >= ?"));
    int i = 1;
    st.bind(i++, window);
    i = src.bind(st, i);
    i = ops.bind(st, i);
    st.bind(i++, minEvents);
    st.bind(i++, minActions);
    std::vector<std::int64_t> bins;
    while (st.step()) {
        if (bins.size() == kMostWindows) {
            return std::nullopt;
        }
        bins.push_back(st.int64(0));
    }
    return bins;
}

} // namespace

void ElasticRules::excessiveRetrieval(DetectionContext& ctx)
{
    const auto ops = ctx.listParam("operations");
    const std::int64_t window = ctx.durationParam("window");
    const std::int64_t minEvents = ctx.intParam("min_events");
    const std::int64_t minActions = ctx.intParam("min_actions");
    SqlWhere rule;
    DetectionContext::addOperations(rule, ops);
    // Elastic groups by user principal name: the rule is about people, not workloads that read all day.
    rule.add("identity_upn <> ''");
    const auto apps = DetectionContext::AppMode::AllOperations;
    const SqlWhere notAllowed = ctx.notAllowed(apps, true);
    SqlWhere w = ctx.scope();
    DetectionContext::append(w, rule);
    DetectionContext::append(w, notAllowed);
    struct Window
    {
        std::string identity;
        std::int64_t bin, count, actions;
    };
    std::vector<Window> windows;
    const auto readWindows = [&](const SqlWhere& where) {
        auto st = ctx.db().prepare("SELECT lower(identity_upn), time / ? AS bin, count(*), count(DISTINCT operation) "
                                   "FROM events" +
                                   where.sql() +
                                   " GROUP BY lower(identity_upn), bin HAVING count(*) >= ? AND "
                                   "count(DISTINCT operation) >= ?");
        int i = 1;
        st.bind(i++, window);
        i = where.bind(st, i);
        st.bind(i++, minEvents);
        st.bind(i++, minActions);
        while (st.step()) {
            windows.push_back({st.text(0), st.int64(1), st.int64(2), st.int64(3)});
        }
    };
    const auto candidates = candidateWindows(ctx, ops, window, minEvents, minActions);
    if (candidates) {
        for (const std::int64_t bin : *candidates) {
            SqlWhere inBin = w;
            inBin.add("time >= ? AND time < ?", {bin * window, (bin + 1) * window});
            readWindows(inBin);
        }
    } else {
        readWindows(w);
    }
    std::sort(windows.begin(), windows.end(), [](const Window& a, const Window& b) {
        return std::tie(a.identity, a.bin) < std::tie(b.identity, b.bin);
    });
    struct Run
    {
        std::string identity;
        std::int64_t firstBin, lastBin, windows, maxCount, maxActions;
    };
    std::vector<Run> runs;
    for (const Window& x : windows) {
        // Elastic alerts once per window; consecutive windows of one principal are one burst here.
        if (!runs.empty() && runs.back().identity == x.identity && runs.back().lastBin + 1 == x.bin) {
            auto& r = runs.back();
            r.lastBin = x.bin;
            ++r.windows;
            r.maxCount = std::max(r.maxCount, x.count);
            r.maxActions = std::max(r.maxActions, x.actions);
        } else {
            runs.push_back({x.identity, x.bin, x.bin, 1, x.count, x.actions});
        }
    }
    for (const auto& r : runs) {
        FindingSeed seed;
        seed.start = Timestamp::fromTicks(r.firstBin * window);
        seed.end = Timestamp::fromTicks(r.lastBin * window + window - 1);
        seed.evidence = rule;
        DetectionContext::append(seed.evidence, notAllowed);
        seed.evidence.add("lower(identity_upn) = ?", {r.identity});
        seed.rollupColumnsOnly = true;
        seed.excluded = rule;
        DetectionContext::append(seed.excluded, ctx.allowed(apps, true));
        seed.explanation = r.identity + " made at least " + std::to_string(minEvents) + " retrievals with at least " +
                           std::to_string(minActions) + " distinct operations in " + std::to_string(r.windows) +
                           " consecutive window(s) of " + ctx.param("window") + " (busiest: " +
                           std::to_string(r.maxCount) + " events, " + std::to_string(r.maxActions) + " operations)";
        seed.baseline = {{"window", ctx.param("window")},
                         {"min_events", minEvents},
                         {"min_actions", minActions},
                         {"windows", r.windows},
                         {"max_events_in_window", r.maxCount}};
        ctx.emit(std::move(seed));
    }
}

void ElasticRules::rareIdentityRetrieval(DetectionContext& ctx)
{
    FirstSeen::Spec s;
    s.keyExpr = "identity";
    s.keyLabel = "identity";
    DetectionContext::addOperations(s.rule, ctx.listParam("operations"));
    s.rule.add(DetectionContext::successSql());
    s.what = "first secret/key retrieval";
    FirstSeen::run(ctx, s);
}

} // namespace kvw::core
