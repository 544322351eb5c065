#include "core/analytics/detections/OperationRules.h"

#include "core/store/CaseFile.h"

#include <algorithm>

namespace kvw::core {
namespace {

std::string joined(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v) {
        s += (s.empty() ? "" : ", ") + x;
    }
    return s;
}

} // namespace

void OperationRules::runGrouped(DetectionContext& ctx, const Spec& spec)
{
    // The rule's conditions, shared by the aggregate, the evidence and the exclusions.
    SqlWhere rule;
    DetectionContext::addOperations(rule, spec.operations);
    SqlWhere ruleIndexed;
    DetectionContext::addOperations(ruleIndexed, spec.operations, "", spec.rareOperations);
    if (!spec.extraSql.empty()) {
        rule.add(spec.extraSql);
    }
    if (spec.successOnly) {
        rule.add(DetectionContext::successSql());
    }
    if (spec.requireIdentity) {
        rule.add("identity <> ''");
    }
    const SqlWhere notAllowed = ctx.notAllowed(spec.apps, spec.trustedServices);

    // Rare operations are reached through the (operation, time) index; the client is not in the rollup.
    const CountSource src = spec.rareOperations || spec.groupByClient ? ctx.eventSource(true)
                                                                      : ctx.countSource(spec.period, true);
    SqlWhere w = src.scope;
    DetectionContext::append(w, ruleIndexed);
    if (!spec.extraSql.empty()) {
        w.add(spec.extraSql);
    }
    if (spec.successOnly) {
        w.add(DetectionContext::successSql());
    }
    if (spec.requireIdentity) {
        w.add("identity <> ''");
    }
    DetectionContext::append(w, notAllowed);
    const std::string client = spec.groupByClient ? "client_info" : "''";
    auto st = ctx.db().prepare("SELECT vault, identity, " + client + ", " + src.count + ", min(time), " +
                               src.lastTime + ", json_group_array(DISTINCT operation) FROM " + src.table + w.sql() +
                               " GROUP BY time / ?, vault, identity, " + client + " HAVING " + src.count +
                               " > ? ORDER BY min(time), vault, identity");
    int i = w.bind(st);
    st.bind(i++, spec.period);
    st.bind(i++, spec.minCountExclusive);
    struct Row
    {
        std::string vault, identity, client;
        std::int64_t count, first, last;
        std::string ops;
    };
    std::vector<Row> rows;
    while (st.step()) {
        rows.push_back({st.text(0), st.text(1), st.text(2), st.int64(3), st.int64(4), st.int64(5), st.text(6)});
    }
    for (const auto& r : rows) {
        FindingSeed seed;
        seed.start = Timestamp::fromTicks(r.first);
        seed.end = Timestamp::fromTicks(r.last);
        seed.evidence = rule;
        DetectionContext::append(seed.evidence, notAllowed);
        seed.evidence.add("vault = ? AND identity = ?", {r.vault, r.identity});
        seed.excluded = rule;
        DetectionContext::append(seed.excluded, ctx.allowed(spec.apps, spec.trustedServices));
        seed.excluded.add("vault = ?", {r.vault});
        if (spec.groupByClient) {
            // The client is not in the rollup.
            seed.evidence.add("client_info = ?", {r.client});
            DetectionContext::append(seed.evidence, DetectionContext::window(seed.start, seed.end));
            DetectionContext::append(seed.excluded, DetectionContext::window(seed.start, seed.end));
        } else {
            seed.rollupColumnsOnly = true;
        }

        std::vector<std::string> ops;
        for (const auto& o : nlohmann::json::parse(r.ops, nullptr, false)) {
            if (o.is_string()) {
                ops.push_back(o.get<std::string>());
            }
        }
        std::sort(ops.begin(), ops.end()); // the same text whichever table the group came from

        seed.explanation = std::to_string(r.count) + " " + spec.what + " (" + joined(ops) + ") on " + r.vault +
                           " by " + (r.identity.empty() ? std::string("an unidentified caller") : r.identity) +
                           " between " + seed.start.toIso() + " and " + seed.end.toIso();
        if (spec.minCountExclusive > 0) {
            seed.explanation += "; more than " + std::to_string(spec.minCountExclusive) + " in one period of " +
                                ctx.param("period");
        }
        seed.baseline = {{"period", ctx.param("period")}, {"count_threshold_exclusive", spec.minCountExclusive}};
        ctx.emit(std::move(seed));
    }
}

void OperationRules::sensitiveOperations(DetectionContext& ctx)
{
    Spec s;
    s.operations = ctx.listParam("operations");
    s.period = ctx.durationParam("period");
    s.groupByClient = true;
    s.what = "successful sensitive operations";
    runGrouped(ctx, s);
}

void OperationRules::workbookMassRetrieval(DetectionContext& ctx)
{
    Spec s;
    s.operations = ctx.listParam("operations");
    s.period = ctx.durationParam("period");
    s.minCountExclusive = ctx.intParam("threshold");
    s.requireIdentity = true;
    s.what = "successful retrievals";
    s.rareOperations = false;
    runGrouped(ctx, s);
}

void OperationRules::sigmaVaultModified(DetectionContext& ctx)
{
    Spec s;
    s.operations = ctx.listParam("operations");
    s.period = ctx.durationParam("period");
    s.successOnly = false;
    s.what = "vault configuration changes or deletions";
    runGrouped(ctx, s);
}

void OperationRules::hsmSecurityDomainDownload(DetectionContext& ctx)
{
    Spec s;
    s.operations = ctx.listParam("operations");
    s.extraSql = "resource_type = 'managedhsm'";
    s.period = ctx.durationParam("period");
    s.what = "security-domain downloads";
    runGrouped(ctx, s);
}

void OperationRules::hsmFullBackupRestore(DetectionContext& ctx)
{
    Spec s;
    s.operations = ctx.listParam("operations");
    s.extraSql = "resource_type = 'managedhsm'";
    s.period = ctx.durationParam("period");
    s.what = "full HSM backups or restores";
    runGrouped(ctx, s);
}

void OperationRules::hsmRoleChanges(DetectionContext& ctx)
{
    Spec s;
    s.operations = ctx.listParam("operations");
    s.extraSql = "resource_type = 'managedhsm'";
    s.period = ctx.durationParam("period");
    s.what = "role assignment or definition changes";
    runGrouped(ctx, s);
}

void OperationRules::hsmKeyPurgeRelease(DetectionContext& ctx)
{
    Spec s;
    s.operations = ctx.listParam("operations");
    s.extraSql = "resource_type = 'managedhsm'";
    s.period = ctx.durationParam("period");
    s.what = "key purges or releases";
    runGrouped(ctx, s);
}

void OperationRules::hsmKeyReadVolume(DetectionContext& ctx)
{
    Spec s;
    s.operations = ctx.listParam("operations");
    s.extraSql = "resource_type = 'managedhsm'";
    s.period = ctx.durationParam("period");
    s.minCountExclusive = ctx.intParam("threshold");
    s.requireIdentity = true;
    s.apps = DetectionContext::AppMode::AllOperations;
    s.what = "successful key reads";
    s.rareOperations = false;
    runGrouped(ctx, s);
}

} // namespace kvw::core
