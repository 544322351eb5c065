#include "core/analytics/detections/ElasticRules.h"

#include "core/analytics/detections/DetectionContext.h"
#include "core/analytics/detections/FirstSeen.h"
#include "core/store/CaseFile.h"

#include <map>

namespace kvw::core {

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
    auto st = ctx.db().prepare("SELECT lower(identity_upn), time / ? AS bin, count(*), count(DISTINCT operation) FROM events" +
                               w.sql() +
                               " GROUP BY lower(identity_upn), bin HAVING count(*) >= ? AND count(DISTINCT operation) >= ? "
                               "ORDER BY lower(identity_upn), bin");
    int i = 1;
    st.bind(i++, window);
    i = w.bind(st, i);
    st.bind(i++, minEvents);
    st.bind(i++, minActions);
    struct Run
    {
        std::string identity;
        std::int64_t firstBin, lastBin, windows, maxCount, maxActions;
    };
    std::vector<Run> runs;
    while (st.step()) {
        const std::string id = st.text(0);
        const std::int64_t bin = st.int64(1);
        const std::int64_t count = st.int64(2);
        const std::int64_t actions = st.int64(3);
        // Elastic alerts once per window; consecutive windows of one principal are one burst here.
        if (!runs.empty() && runs.back().identity == id && runs.back().lastBin + 1 == bin) {
            auto& r = runs.back();
            r.lastBin = bin;
            ++r.windows;
            r.maxCount = std::max(r.maxCount, count);
            r.maxActions = std::max(r.maxActions, actions);
        } else {
            runs.push_back({id, bin, bin, 1, count, actions});
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
