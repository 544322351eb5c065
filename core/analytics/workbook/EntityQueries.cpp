#include "core/analytics/workbook/EntityQueries.h"

#include "core/analytics/workbook/AlertQueries.h"
#include "core/analytics/workbook/FindingQueries.h"
#include "core/analytics/workbook/TimeGrain.h"
#include "core/analytics/workbook/WorkbookSql.h"
#include "core/model/AzureResourceId.h"
#include "core/store/CaseFile.h"

#include <algorithm>

namespace kvw::core {

using namespace workbook_sql;

namespace {

// The fixed condition and its bound values that select an entity's events.
struct Condition
{
    std::string sql;
    std::vector<SqlWhere::Value> values;
};

Condition entityCondition(EntityKind kind, const std::string& value)
{
    const std::string lower = toLower(value);
    switch (kind) {
    case EntityKind::Vault: return {"vault = ?", {lower}};
    case EntityKind::Ip: return {"caller_ip = ?", {value}};
    case EntityKind::Identity:
        return {"(identity_oid = ? OR identity_appid = ? OR lower(identity_upn) = ?)", {lower, lower, lower}};
    case EntityKind::Application: return {"identity_appid = ?", {lower}};
    case EntityKind::Operation: return {"operation = ?", {value}};
    case EntityKind::Object: return {"lower(object_name) = ?", {lower}};
    }
    return {"0", {}};
}

std::vector<std::pair<std::string, std::int64_t>> topValues(const Database& db, const std::string& column,
                                                            const SqlWhere& w, int limit)
{
    auto st = db.prepare("SELECT " + column + " AS k, COUNT(*) AS c FROM events" + w.sql() +
                         " GROUP BY k ORDER BY c DESC, k LIMIT ?");
    const int next = w.bind(st);
    st.bind(next, static_cast<std::int64_t>(limit));
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (st.step()) {
        out.emplace_back(st.text(0), st.int64(1));
    }
    return out;
}

} // namespace

EventFilter EntityQueries::eventFilter(const EventFilter& filter, EntityKind kind, const std::string& value)
{
    EventFilter f = filter;
    switch (kind) {
    case EntityKind::Vault: f.vaults = {toLower(value)}; break;
    case EntityKind::Ip: f.callerIp = value; break;
    case EntityKind::Identity:
    case EntityKind::Application: f.identity = value; break;
    case EntityKind::Operation: f.operations = {value}; break;
    case EntityKind::Object: f.text = value; break;
    }
    return f;
}

Result<EntitySummary> EntityQueries::summary(const EventFilter& filter, EntityKind kind, const std::string& value) const
{
    auto result = guarded(m_case, [&]() -> Result<EntitySummary> {
        const Database& db = m_case.db();
        EntitySummary s;
        s.kind = kind;
        s.value = value;
        SqlWhere w = filter.where();
        const Condition c = entityCondition(kind, value);
        w.add(c.sql, c.values);
        {
            auto st = db.prepare("SELECT COUNT(*), COALESCE(SUM(http_status >= 400), 0), MIN(time), MAX(time), "
                                 "MAX(identity_oid), MAX(identity_upn), MAX(identity_appid) FROM events" + w.sql());
            w.bind(st);
            st.step();
            s.events = st.int64(0);
            s.failed = st.int64(1);
            if (!st.isNull(2)) {
                s.first = Timestamp::fromTicks(st.int64(2));
                s.last = Timestamp::fromTicks(st.int64(3));
            }
        }
        s.vaults = topValues(db, "vault", w, 50);
        s.operations = topValues(db, "operation", w, 50);
        s.callerIps = topValues(db, "caller_ip", w, 50);
        s.identities = topValues(db, "identity", w, 50);
        if (s.first) {
            const Timestamp from = filter.from.value_or(*s.first);
            const Timestamp to = filter.to.value_or(*s.last + 1);
            const TimeAxis axis = TimeGrain::axis(from, to);
            s.timeline = seriesByKey(m_case, filter,
                                     "(CASE WHEN http_status >= 400 THEN 'failed' ELSE 'succeeded' END)", axis, 2,
                                     c.sql, c.values);
        }
        if (kind == EntityKind::Ip) {
            auto st = db.prepare("SELECT l.name, l.kind, i.description, l.list_date FROM ti_indicators i JOIN "
                                 "ti_lists l ON l.id = i.list_id WHERE i.ip = ? ORDER BY l.name");
            st.bind(1, value);
            while (st.step()) {
                s.threatIntel.push_back(ThreatMatch{st.text(0), st.text(1), st.text(2), st.text(3)});
            }
        }
        return s;
    });
    if (!result) {
        return result;
    }
    EntitySummary& s = *result;
    // The names alerts and findings may use for this entity: an identity's object id, app id and UPN.
    std::vector<std::string> names{value};
    if (kind == EntityKind::Identity) {
        auto ids = guarded(m_case, [&]() -> Result<std::vector<std::string>> {
            const std::string lower = toLower(value);
            auto st = m_case.db().prepare("SELECT DISTINCT identity_oid, identity_upn, identity_appid FROM events "
                                          "WHERE identity_oid = ? OR identity_appid = ? OR lower(identity_upn) = ? "
                                          "LIMIT 20");
            st.bind(1, lower).bind(2, lower).bind(3, lower);
            std::vector<std::string> out;
            while (st.step()) {
                for (int i = 0; i < 3; ++i) {
                    if (!st.text(i).empty()) {
                        out.push_back(st.text(i));
                    }
                }
            }
            return out;
        });
        if (ids) {
            names.insert(names.end(), ids->begin(), ids->end());
        }
    }
    auto alerts = AlertQueries(m_case).forEntity(filter.withoutTime(), kind, names);
    if (!alerts) {
        return alerts.error();
    }
    s.alerts = std::move(*alerts);
    if (kind == EntityKind::Identity) {
        // An identity's app id may appear as an application entity.
        auto apps = AlertQueries(m_case).forEntity(filter.withoutTime(), EntityKind::Application, names);
        if (apps) {
            for (auto& a : *apps) {
                const bool seen = std::any_of(s.alerts.begin(), s.alerts.end(),
                                              [&](const AlertRow& x) { return x.id == a.id; });
                if (!seen) {
                    s.alerts.push_back(std::move(a));
                }
            }
        }
    }
    EventFilter findingScope = filter.withoutTime();
    if (kind != EntityKind::Vault) {
        findingScope.vaults.clear();
    }
    auto findings = FindingQueries(m_case).mentioning(findingScope, names);
    if (!findings) {
        return findings.error();
    }
    s.findings = std::move(*findings);
    return result;
}

} // namespace kvw::core
