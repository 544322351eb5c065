#include "core/analytics/entities/EntityProfileQuery.h"

#include "core/analytics/intel/IpAddress.h"
#include "core/analytics/intel/ThreatIntelLookup.h"
#include "core/model/AzureResourceId.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <map>
#include <set>

namespace kvw::core {
namespace {

using nlohmann::json;

std::string trimmed(std::string s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    const auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
}

std::string canonicalIp(const std::string& text)
{
    const auto ip = IpAddress::parse(text);
    return ip ? ip->toString() : toLower(text);
}

// The events of the entity: the filter's scope plus the entity's own condition.
SqlWhere entityWhere(const EventFilter& filter, EntityKind kind, const std::string& key)
{
    SqlWhere w = filter.where();
    const std::string lower = toLower(key);
    switch (kind) {
    case EntityKind::Vault:
        w.add("vault = ?", {lower});
        break;
    case EntityKind::Ip:
        // As typed, lower-case, and canonical (IPv6 has many spellings).
        w.add("caller_ip IN (?, ?, ?)", {key, lower, canonicalIp(key)});
        break;
    case EntityKind::Identity:
        w.add("(identity_oid = ? OR identity_appid = ? OR lower(identity_upn) = ?)", {lower, lower, lower});
        break;
    case EntityKind::Application:
        w.add("identity_appid = ?", {lower});
        break;
    case EntityKind::Operation:
        w.add("lower(operation) = ?", {lower});
        break;
    case EntityKind::Object:
        w.add("lower(object_name) = ?", {lower});
        break;
    }
    return w;
}

std::vector<EntityCount> topCounts(const Database& db, const SqlWhere& where, const std::string& column,
                                   std::size_t limit, const std::string& exclude = {})
{
    // `column` is one of a fixed set of names chosen in this file, never input.
    auto st = db.prepare("SELECT " + column + ", COUNT(*) AS n FROM events" + where.sql() + " AND " + column +
                         " <> '' GROUP BY " + column + " ORDER BY n DESC, " + column + " LIMIT ?");
    const int next = where.bind(st);
    st.bind(next, static_cast<std::int64_t>(limit + (exclude.empty() ? 0 : 1)));
    std::vector<EntityCount> out;
    while (st.step()) {
        std::string value = st.text(0);
        if (!exclude.empty() && toLower(value) == exclude) {
            continue;
        }
        if (out.size() < limit) {
            out.push_back({std::move(value), st.int64(1)});
        }
    }
    return out;
}

bool exists(const Database& db, const SqlWhere& where, const std::string& condition, const std::string& value)
{
    auto st = db.prepare("SELECT 1 FROM events" + where.sql() + " AND " + condition + " LIMIT 1");
    const int next = where.bind(st);
    st.bind(next, value);
    return st.step();
}

// Alerts and findings have a time span; they are in scope when it overlaps the filter's range.
bool inScope(const EventFilter& filter, std::optional<Timestamp> start, std::optional<Timestamp> end,
             const std::string& vault, const std::string& subscription)
{
    if (filter.from && end && *end < *filter.from) {
        return false;
    }
    if (filter.to && start && *start >= *filter.to) {
        return false;
    }
    auto listed = [](const std::vector<std::string>& list, const std::string& v) {
        return v.empty() || list.empty() || std::find_if(list.begin(), list.end(), [&](const std::string& x) {
                                                return toLower(x) == v;
                                            }) != list.end();
    };
    return listed(filter.vaults, vault) && listed(filter.subscriptions, subscription);
}

void relatedAlerts(const Database& db, const EventFilter& filter, EntityKind kind, const std::string& key,
                   const std::vector<std::pair<std::string, std::string>>& entities, EntityProfile& p)
{
    std::map<std::int64_t, std::string> matched;
    auto byEntity = db.prepare("SELECT DISTINCT alert_id FROM alert_entities WHERE kind = ? AND value = ?");
    for (const auto& [entityKind, value] : entities) {
        byEntity.reset();
        byEntity.bind(1, entityKind).bind(2, value);
        while (byEntity.step()) {
            matched.emplace(byEntity.int64(0), entityKind + " " + value);
        }
    }
    if (kind == EntityKind::Vault) {
        auto byVault = db.prepare("SELECT id FROM alerts WHERE vault = ?");
        byVault.bind(1, toLower(key));
        while (byVault.step()) {
            matched.emplace(byVault.int64(0), "vault " + toLower(key));
        }
    }
    auto load = db.prepare("SELECT system_alert_id, alert_type, display_name, severity, start_time, end_time, "
                           "alert_link, is_sample, vault, subscription FROM alerts WHERE id = ?");
    for (const auto& [id, how] : matched) {
        load.reset();
        load.bind(1, id);
        if (!load.step()) {
            continue;
        }
        RelatedAlert a;
        a.id = id;
        a.systemAlertId = load.text(0);
        a.alertType = load.text(1);
        a.displayName = load.text(2);
        a.severity = load.text(3);
        if (!load.isNull(4)) {
            a.start = Timestamp::fromTicks(load.int64(4));
        }
        if (!load.isNull(5)) {
            a.end = Timestamp::fromTicks(load.int64(5));
        }
        a.link = load.text(6);
        a.isSample = load.int64(7) != 0;
        a.matchedOn = how;
        if (inScope(filter, a.start, a.end ? a.end : a.start, load.text(8), load.text(9))) {
            p.relatedAlerts.push_back(std::move(a));
        }
    }
    std::sort(p.relatedAlerts.begin(), p.relatedAlerts.end(), [](const RelatedAlert& x, const RelatedAlert& y) {
        return std::tie(x.start, x.systemAlertId) < std::tie(y.start, y.systemAlertId);
    });
}

bool listHas(const json& list, const std::set<std::string>& values)
{
    if (!list.is_array()) {
        return false;
    }
    for (const auto& v : list) {
        if (v.is_string() && values.count(toLower(v.get<std::string>()))) {
            return true;
        }
    }
    return false;
}

void relatedFindings(const Database& db, const EventFilter& filter, EntityKind kind,
                     const std::set<std::string>& values, EntityProfile& p)
{
    auto st = db.prepare("SELECT id, rule_id, title, severity, start_time, end_time, detail_json FROM findings "
                         "ORDER BY start_time, id");
    while (st.step()) {
        const json detail = json::parse(st.textView(6), nullptr, false);
        if (!detail.is_object()) {
            continue;
        }
        const json empty = json::object();
        const json& entities =
            detail.contains("entities") && detail["entities"].is_object() ? detail["entities"] : empty;
        auto field = [&](const char* name) -> const json& { return entities.contains(name) ? entities[name] : empty; };
        const json& vaults = detail.contains("vaults") ? detail["vaults"] : field("vaults");
        bool match = false;
        switch (kind) {
        case EntityKind::Vault:
            match = listHas(vaults, values);
            break;
        case EntityKind::Ip:
            match = listHas(field("ips"), values);
            break;
        case EntityKind::Identity:
            match = listHas(field("identities"), values);
            break;
        case EntityKind::Application:
            match = listHas(field("apps"), values) || listHas(field("identities"), values);
            break;
        case EntityKind::Operation:
            match = listHas(field("operations"), values);
            break;
        case EntityKind::Object:
            match = listHas(field("objects"), values);
            break;
        }
        if (!match) {
            continue;
        }
        RelatedFinding f;
        f.id = st.int64(0);
        f.ruleId = st.text(1);
        f.title = st.text(2);
        f.severity = st.text(3);
        f.start = Timestamp::fromTicks(st.int64(4));
        f.end = Timestamp::fromTicks(st.int64(5));
        // A finding spanning several vaults stays in scope when any of them is.
        bool vaultInScope = filter.vaults.empty() || !vaults.is_array() || vaults.empty();
        if (!vaultInScope) {
            std::set<std::string> wanted;
            for (const auto& v : filter.vaults) {
                wanted.insert(toLower(v));
            }
            vaultInScope = listHas(vaults, wanted);
        }
        if (vaultInScope && inScope(filter, f.start, f.end, "", "")) {
            p.relatedFindings.push_back(std::move(f));
        }
    }
}

} // namespace

Result<EntityProfile> EntityProfileQuery::run(const CaseFile& caseFile, const EventFilter& filter, EntityKind kind,
                                              const std::string& rawKey, Options options)
{
    const std::string key = trimmed(rawKey);
    if (key.empty()) {
        return Error{Error::Code::Usage, "", 0, std::string("an empty ") + toString(kind) + " cannot be profiled"};
    }
    const std::string lower = toLower(key);
    EntityProfile p;
    p.kind = kind;
    p.key = key;
    const Database& db = caseFile.db();
    try {
        const SqlWhere where = entityWhere(filter, kind, key);
        {
            auto st = db.prepare("SELECT COUNT(*), MIN(time), MAX(time), "
                                 "COALESCE(SUM(CASE WHEN http_status >= 400 THEN 1 ELSE 0 END), 0) FROM events" +
                                 where.sql());
            where.bind(st);
            if (st.step()) {
                p.events = st.int64(0);
                if (!st.isNull(1)) {
                    p.first = Timestamp::fromTicks(st.int64(1));
                    p.last = Timestamp::fromTicks(st.int64(2));
                }
                p.failed = st.int64(3);
            }
        }
        switch (kind) {
        case EntityKind::Vault:
            p.keyUsed = "vault";
            break;
        case EntityKind::Ip:
            p.keyUsed = "caller_ip";
            break;
        case EntityKind::Application:
            p.keyUsed = "app_id";
            break;
        case EntityKind::Operation:
            p.keyUsed = "operation";
            break;
        case EntityKind::Object:
            p.keyUsed = "object_name";
            break;
        case EntityKind::Identity:
            p.keyUsed = exists(db, where, "identity_oid = ?", lower)          ? "object_id"
                        : exists(db, where, "identity_appid = ?", lower)      ? "app_id"
                        : exists(db, where, "lower(identity_upn) = ?", lower) ? "upn"
                                                                              : "";
            break;
        }
        const std::size_t limit = options.limit;
        p.vaults = topCounts(db, where, "vault", limit);
        p.operations = topCounts(db, where, "operation", limit);
        p.ips = topCounts(db, where, "caller_ip", limit);
        p.identities = topCounts(db, where, "identity", limit);
        p.objects = topCounts(db, where, "object_name", limit);
        p.objectIds = topCounts(db, where, "identity_oid", limit, lower);
        p.appIds = topCounts(db, where, "identity_appid", limit, lower);
        p.upns = topCounts(db, where, "identity_upn", limit, lower);
        {
            auto st = db.prepare("SELECT time / ? AS d, COUNT(*), "
                                 "SUM(CASE WHEN http_status >= 400 THEN 1 ELSE 0 END) FROM events" +
                                 where.sql() + " GROUP BY d ORDER BY d");
            st.bind(1, Timestamp::TicksPerDay);
            where.bind(st, 2);
            while (st.step()) {
                p.timeline.push_back(
                    {Timestamp::fromTicks(st.int64(0) * Timestamp::TicksPerDay), st.int64(1), st.int64(2)});
            }
        }

        // What alerts and findings may name the entity by: the key, and for identities the ids seen with it
        // (a UPN resolves to its object id and back). App ids used on behalf of users are not the users.
        std::set<std::string> values{lower};
        if (kind == EntityKind::Identity && p.keyUsed != "app_id") {
            for (const auto* list : {&p.objectIds, &p.upns}) {
                for (const auto& c : *list) {
                    values.insert(toLower(c.value));
                }
            }
        }
        std::vector<std::pair<std::string, std::string>> entities;
        switch (kind) {
        case EntityKind::Ip:
            entities.emplace_back("ip", lower);
            if (canonicalIp(key) != lower) {
                entities.emplace_back("ip", canonicalIp(key));
            }
            break;
        case EntityKind::Identity:
        case EntityKind::Application:
            for (const auto& v : values) {
                entities.emplace_back("account", v);
                if (kind == EntityKind::Application || p.keyUsed == "app_id") {
                    entities.emplace_back("application", v);
                }
            }
            break;
        case EntityKind::Object:
            entities.emplace_back("object", lower);
            break;
        case EntityKind::Operation:
            break; // alerts name no operation as an entity
        case EntityKind::Vault: {
            auto st =
                db.prepare("SELECT DISTINCT lower(resource_id) FROM events WHERE vault = ? AND resource_id <> ''");
            st.bind(1, lower);
            while (st.step()) {
                entities.emplace_back("azure-resource", st.text(0));
            }
            break;
        }
        }
        relatedAlerts(db, filter, kind, key, entities, p);
        relatedFindings(db, filter, kind, values, p);
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, std::string("entity profile: ") + e.what()};
    }

    auto lookup = ThreatIntelLookup::load(caseFile);
    if (!lookup) {
        return lookup.error();
    }
    if (!lookup->empty()) {
        std::vector<std::string> addresses;
        if (kind == EntityKind::Ip) {
            addresses.push_back(key);
        } else {
            for (const auto& c : p.ips) {
                addresses.push_back(c.value);
            }
        }
        for (const auto& address : addresses) {
            for (auto& h : lookup->find(address)) {
                ThreatIntelMatch m;
                m.list = std::move(h.list);
                m.listKind = std::move(h.listKind);
                m.listDate = std::move(h.listDate);
                m.ip = address;
                m.indicator = std::move(h.indicator);
                m.description = std::move(h.description);
                m.validFrom = h.validFrom;
                m.validUntil = h.validUntil;
                m.confidence = h.confidence;
                m.inWindow = !p.first || ((!m.validUntil || *p.first <= *m.validUntil) &&
                                          (!m.validFrom || *p.last >= *m.validFrom));
                p.threatIntel.push_back(std::move(m));
            }
        }
        std::stable_sort(p.threatIntel.begin(), p.threatIntel.end(),
                         [](const ThreatIntelMatch& a, const ThreatIntelMatch& b) {
                             return std::tie(a.ip, a.list, a.indicator) < std::tie(b.ip, b.list, b.indicator);
                         });
    }
    return p;
}

} // namespace kvw::core
