#include "core/analytics/detections/ThreatIntelRules.h"

#include "core/analytics/detections/DetectionContext.h"
#include "core/model/AzureResourceId.h"
#include "core/store/CaseFile.h"

#include <cstdlib>

namespace kvw::core {

bool ThreatIntelRules::isPrivateAddress(const std::string& ip)
{
    const std::string s = toLower(ip);
    auto starts = [&](const char* p) { return s.rfind(p, 0) == 0; };
    if (starts("10.") || starts("192.168.") || starts("127.") || starts("169.254.") || starts("fe80") ||
        starts("::") || starts("fc") || starts("fd")) {
        return true;
    }
    if (starts("172.")) {
        const int second = std::atoi(s.c_str() + 4);
        return second >= 16 && second <= 31;
    }
    return false;
}

void ThreatIntelRules::run(DetectionContext& ctx, Lists lists, Outcome outcome, const std::string& what)
{
    const bool dropPrivate = ctx.param("exclude_private") == "true";
    // A list without end dates is a snapshot (a Tor exit list is dated when it was fetched): it also covers events
    // shortly before its date.
    const std::int64_t lookback = ctx.durationParam("snapshot_lookback");
    std::string listCond = "1";
    if (lists == Lists::Tor) {
        listCond = "l.kind = 'tor'";
    } else if (lists == Lists::NotTor) {
        listCond = "l.kind <> 'tor'";
    }
    SqlWhere rule;
    if (outcome == Outcome::Success) {
        rule.add(DetectionContext::successSql());
    } else if (outcome == Outcome::Denied) {
        rule.add(DetectionContext::deniedSql());
    }
    const SqlWhere notAllowed = ctx.notAllowed(DetectionContext::AppMode::None, false);
    SqlWhere w = ctx.scope();
    DetectionContext::append(w, rule);
    DetectionContext::append(w, notAllowed);
    // Indicators are few: loop over them and reach events through the caller_ip index.
    const std::string matchTi = "EXISTS (SELECT 1 FROM ti_indicators t JOIN ti_lists l ON l.id = t.list_id WHERE "
                                "t.ip = events.caller_ip AND l.id = ? AND (t.valid_from IS NULL OR events.time >= "
                                "t.valid_from - (CASE WHEN t.valid_until IS NULL THEN ? ELSE 0 END)) AND (t.valid_until IS NULL OR events.time <= t.valid_until))";
    auto lst = ctx.db().prepare("SELECT DISTINCT l.id, l.name, l.kind, t.ip FROM ti_indicators t JOIN ti_lists l ON "
                                "l.id = t.list_id WHERE " +
                                listCond + " ORDER BY t.ip, l.id");
    struct Hit
    {
        std::int64_t list;
        std::string name, kind, ip;
    };
    std::vector<Hit> hits;
    while (lst.step()) {
        Hit h{lst.int64(0), lst.text(1), lst.text(2), lst.text(3)};
        if (dropPrivate && isPrivateAddress(h.ip)) {
            continue;
        }
        hits.push_back(h);
    }
    for (const auto& h : hits) {
        SqlWhere q = w;
        q.add("caller_ip = ?", {h.ip});
        q.add(matchTi, {h.list, lookback});
        auto st = ctx.db().prepare("SELECT vault, count(*), min(time), max(time) FROM events" + q.sql() +
                                   " GROUP BY vault ORDER BY min(time)");
        q.bind(st);
        struct Row
        {
            std::string vault;
            std::int64_t count, first, last;
        };
        std::vector<Row> rows;
        while (st.step()) {
            rows.push_back({st.text(0), st.int64(1), st.int64(2), st.int64(3)});
        }
        for (const auto& r : rows) {
            FindingSeed seed;
            seed.start = Timestamp::fromTicks(r.first);
            seed.end = Timestamp::fromTicks(r.last);
            seed.evidence = rule;
            DetectionContext::append(seed.evidence, notAllowed);
            seed.evidence.add("caller_ip = ? AND vault = ?", {h.ip, r.vault});
            seed.evidence.add(matchTi, {h.list, lookback});
            DetectionContext::append(seed.evidence, DetectionContext::window(seed.start, seed.end));
            seed.excluded = rule;
            DetectionContext::append(seed.excluded, ctx.allowed(DetectionContext::AppMode::None, false));
            seed.excluded.add("caller_ip = ? AND vault = ?", {h.ip, r.vault});
            seed.explanation = std::to_string(r.count) + " " + what + " to " + r.vault + " from " + h.ip +
                               ", listed on threat-intelligence list '" + h.name + "' (" + h.kind +
                               ") and inside the indicator's validity window";
            seed.baseline = {{"ti_list", h.name}, {"ti_kind", h.kind}, {"indicator", h.ip}};
            ctx.emit(std::move(seed));
        }
    }
}

void ThreatIntelRules::tiMapIp(DetectionContext& ctx) { run(ctx, Lists::Any, Outcome::Any, "requests"); }

void ThreatIntelRules::torAccess(DetectionContext& ctx)
{
    run(ctx, Lists::Tor, Outcome::Any, "requests from a Tor exit node");
}

void ThreatIntelRules::suspiciousIpAccess(DetectionContext& ctx)
{
    run(ctx, Lists::NotTor, Outcome::Success, "successful requests");
}

void ThreatIntelRules::suspiciousIpAccessDenied(DetectionContext& ctx)
{
    run(ctx, Lists::NotTor, Outcome::Denied, "denied requests");
}

} // namespace kvw::core
