#include "core/analytics/detections/FirstSeen.h"

#include "core/store/CaseFile.h"

namespace kvw::core {

void FirstSeen::run(DetectionContext& ctx, const Spec& spec)
{
    const std::int64_t minHistory = ctx.durationParam("min_history");
    const std::int64_t period = ctx.durationParam("period");
    const SqlWhere notAllowed = ctx.notAllowed(spec.apps, spec.trustedServices);
    const CountSource src = ctx.countSource();
    SqlWhere w = src.scope;
    DetectionContext::append(w, spec.rule);
    DetectionContext::append(w, notAllowed);
    w.add("(" + spec.keyExpr + ") <> ''");
    const SqlWhere all = src.scope;

    const std::string known = spec.knownExpr.empty() ? "" : spec.knownExpr;
    std::string sql = "WITH vs AS (SELECT vault, min(time) AS vstart FROM " + src.table + all.sql() +
                      " GROUP BY vault), f AS (SELECT vault, " + spec.keyExpr + " AS k, " +
                      (known.empty() ? "''" : known) + " AS kn, min(time) AS first FROM " + src.table + w.sql() +
                      " GROUP BY vault, k)";
    if (!known.empty()) {
        sql += ", kf AS (SELECT vault, kn, min(first) AS kfirst FROM f GROUP BY vault, kn)";
    }
    sql += " SELECT f.vault, f.k, f.first, vs.vstart" + std::string(known.empty() ? ", 0" : ", kf.kfirst") +
           " FROM f JOIN vs ON vs.vault = f.vault" +
           (known.empty() ? "" : " JOIN kf ON kf.vault = f.vault AND kf.kn = f.kn") +
           " WHERE f.first >= vs.vstart + ?" + (known.empty() ? "" : " AND kf.kfirst + ? <= f.first") +
           " ORDER BY f.first, f.vault, f.k";
    auto st = ctx.db().prepare(sql);
    int i = all.bind(st);
    i = w.bind(st, i);
    st.bind(i++, minHistory);
    if (!known.empty()) {
        st.bind(i++, minHistory);
    }
    struct Row
    {
        std::string vault, key;
        std::int64_t first, vstart, kfirst;
    };
    std::vector<Row> rows;
    while (st.step()) {
        rows.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3), st.int64(4)});
    }
    for (const auto& r : rows) {
        const Timestamp start = Timestamp::fromTicks(r.first);
        if (!ctx.inTimeRange(start)) {
            continue;
        }
        FindingSeed seed;
        seed.start = start;
        seed.end = start + (period - 1);
        seed.evidence = spec.rule;
        DetectionContext::append(seed.evidence, notAllowed);
        seed.evidence.add("vault = ? AND (" + spec.keyExpr + ") = ?", {r.vault, r.key});
        seed.rollupColumnsOnly = true;
        seed.excluded = spec.rule;
        DetectionContext::append(seed.excluded, ctx.allowed(spec.apps, spec.trustedServices));
        seed.excluded.add("vault = ?", {r.vault});
        seed.explanation = spec.keyLabel + " " + r.key + ": " + spec.what + " on " + r.vault + " at " + start.toIso() +
                           "; not seen on this vault in the bundle's history since " +
                           Timestamp::fromTicks(r.vstart).toIso() + " (at least " + ctx.param("min_history") +
                           " of history required)";
        if (!known.empty()) {
            seed.explanation += "; the " + spec.knownExpr + " itself was known there since " +
                                Timestamp::fromTicks(r.kfirst).toIso();
        }
        seed.baseline = {{"baseline_window_start", Timestamp::fromTicks(r.vstart).toIso()},
                         {"baseline_window_end", start.toIso()},
                         {"min_history", ctx.param("min_history")},
                         {"key", spec.keyLabel}};
        ctx.emit(std::move(seed));
    }
}

} // namespace kvw::core
