#include "core/analytics/detections/DetectionContext.h"

#include "core/analytics/detections/EventRollup.h"
#include "core/model/AzureResourceId.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace kvw::core {
namespace {

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        const auto b = cur.find_first_not_of(" \t");
        const auto e = cur.find_last_not_of(" \t");
        if (b != std::string::npos) {
            out.push_back(cur.substr(b, e - b + 1));
        }
        cur.clear();
    };
    for (const char c : text) {
        if (c == ',') {
            flush();
        } else {
            cur += c;
        }
    }
    flush();
    return out;
}

// json_group_array(DISTINCT x) text -> sorted, non-empty strings.
std::vector<std::string> jsonStrings(const std::string& text)
{
    std::vector<std::string> out;
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_array()) {
        return out;
    }
    for (const auto& v : j) {
        if (v.is_string() && !v.get<std::string>().empty()) {
            out.push_back(v.get<std::string>());
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void mergeInto(std::vector<std::string>& to, const std::vector<std::string>& from)
{
    to.insert(to.end(), from.begin(), from.end());
    std::sort(to.begin(), to.end());
    to.erase(std::unique(to.begin(), to.end()), to.end());
}

} // namespace

DetectionContext::DetectionContext(const CaseFile& caseFile, const EventFilter& filter, const RuleDefinition& rule,
                                   std::map<std::string, std::string> parameters, const AllowList& allowList,
                                   std::size_t maxEventIds, const EventRollup* rollup)
    : m_case(caseFile), m_filter(filter), m_rule(rule), m_params(std::move(parameters)), m_allow(allowList),
      m_maxIds(maxEventIds), m_rollup(rollup)
{
}

CountSource DetectionContext::countSource(std::int64_t period, bool withTimeRange) const
{
    const auto aligned = [](const std::optional<Timestamp>& t) {
        return !t || t->ticks() % EventRollup::BucketTicks == 0;
    };
    const bool boundsAligned = !withTimeRange || (aligned(m_filter.from) && aligned(m_filter.to));
    if (m_rollup && period % EventRollup::BucketTicks == 0 && boundsAligned && m_rollup->ready()) {
        CountSource s{"temp." + m_rollup->table(), SqlWhere{}, "sum(n)", "max(last_time)"};
        // Whole hours: a bucket (time = its first event) is inside the bounds exactly when all its events are.
        if (withTimeRange && m_filter.from) {
            s.scope.add("time >= ?", {m_filter.from->ticks()});
        }
        if (withTimeRange && m_filter.to) {
            s.scope.add("time < ?", {m_filter.to->ticks()});
        }
        return s;
    }
    return eventSource(withTimeRange);
}

CountSource DetectionContext::eventSource(bool withTimeRange) const
{
    return {"events", withTimeRange ? scope() : scopeWithoutTime(), "count(*)", "max(time)"};
}

const Database& DetectionContext::db() const { return m_case.db(); }

SqlWhere DetectionContext::scope() const { return m_filter.where(); }

SqlWhere DetectionContext::scopeWithoutTime() const { return m_filter.withoutTime().where(); }

bool DetectionContext::inTimeRange(Timestamp t) const
{
    return (!m_filter.from || t >= *m_filter.from) && (!m_filter.to || t < *m_filter.to);
}

std::optional<std::pair<std::int64_t, std::int64_t>> DetectionContext::historyBounds() const
{
    if (!m_bounds) {
        const SqlWhere w = scopeWithoutTime();
        auto st = db().prepare("SELECT min(time), max(time) FROM events" + w.sql());
        w.bind(st);
        std::optional<std::pair<std::int64_t, std::int64_t>> b;
        if (st.step() && !st.isNull(0)) {
            b = std::make_pair(st.int64(0), st.int64(1));
        }
        m_bounds = b;
    }
    return *m_bounds;
}

std::string DetectionContext::param(const std::string& name) const
{
    const auto it = m_params.find(name);
    if (it == m_params.end()) {
        throw std::logic_error("rule " + m_rule.id + " has no parameter " + name);
    }
    return it->second;
}

std::int64_t DetectionContext::intParam(const std::string& name) const { return std::stoll(param(name)); }

double DetectionContext::realParam(const std::string& name) const { return std::stod(param(name)); }

std::int64_t DetectionContext::durationParam(const std::string& name) const
{
    const auto d = parseDurationTicks(param(name));
    if (!d || *d <= 0) {
        throw std::invalid_argument(m_rule.id + "." + name + " is not a duration: " + param(name));
    }
    return *d;
}

std::vector<std::string> DetectionContext::listParam(const std::string& name) const { return splitList(param(name)); }

SqlWhere DetectionContext::allowed(AppMode apps, bool trustedServices) const
{
    std::vector<std::string> parts;
    std::vector<SqlWhere::Value> values;
    if (apps != AppMode::None && !m_allow.appIds.empty()) {
        std::string p = "identity_appid IN (" + placeholders(m_allow.appIds.size()) + ")";
        for (const auto& a : m_allow.appIds) {
            values.emplace_back(toLower(a));
        }
        if (apps == AppMode::VaultGetOnly) {
            p = "(" + p + " AND operation = 'VaultGet')";
        }
        parts.push_back(p);
    }
    if (!m_allow.identities.empty()) {
        const auto ph = placeholders(m_allow.identities.size());
        parts.push_back("identity_oid IN (" + ph + ") OR identity_appid IN (" + ph + ") OR lower(identity_upn) IN (" +
                        ph + ")");
        for (int k = 0; k < 3; ++k) {
            for (const auto& a : m_allow.identities) {
                values.emplace_back(toLower(a));
            }
        }
    }
    if (!m_allow.ips.empty()) {
        parts.push_back("caller_ip IN (" + placeholders(m_allow.ips.size()) + ")");
        values.insert(values.end(), m_allow.ips.begin(), m_allow.ips.end());
    }
    if (trustedServices && m_allow.trustedServices) {
        parts.push_back("trusted_service <> ''");
    }
    SqlWhere w;
    if (parts.empty()) {
        w.add("0");
        return w;
    }
    std::string sql;
    for (const auto& p : parts) {
        sql += (sql.empty() ? "(" : " OR (") + p + ")";
    }
    w.add("(" + sql + ")", std::move(values));
    return w;
}

SqlWhere DetectionContext::notAllowed(AppMode apps, bool trustedServices, const std::string& alias) const
{
    SqlWhere w;
    const SqlWhere a = allowed(apps, trustedServices);
    std::string clause = a.andSql().substr(5);
    if (!alias.empty()) {
        // The allow-list columns are few and fixed; qualify them for joins.
        for (const char* col : {"identity_appid", "identity_oid", "identity_upn", "caller_ip", "trusted_service",
                                "operation"}) {
            std::string out;
            const std::string c = col;
            std::size_t pos = 0;
            while (true) {
                const auto f = clause.find(c, pos);
                if (f == std::string::npos) {
                    out += clause.substr(pos);
                    break;
                }
                out += clause.substr(pos, f - pos) + alias + "." + c;
                pos = f + c.size();
            }
            clause = out;
        }
    }
    w.add("NOT " + clause, a.values());
    return w;
}

nlohmann::json DetectionContext::allowListJson(AppMode apps, bool trustedServices) const
{
    nlohmann::json j = nlohmann::json::object();
    if (apps != AppMode::None) {
        j["app_ids"] = m_allow.appIds;
        j["app_ids_scope"] = apps == AppMode::VaultGetOnly ? "VaultGet only" : "all operations";
    }
    j["identities"] = m_allow.identities;
    j["ips"] = m_allow.ips;
    j["trusted_services"] = trustedServices && m_allow.trustedServices;
    return j;
}

void DetectionContext::emit(FindingSeed seed)
{
    Finding f;
    f.ruleId = m_rule.id;
    f.title = m_rule.title;
    f.source = toString(m_rule.source);
    f.severity = seed.severity.empty() ? m_rule.severity : seed.severity;
    f.tactic = m_rule.tactic;
    f.technique = m_rule.technique;
    f.start = seed.start;
    f.end = seed.end;
    f.parameters = m_params;
    f.explanation = seed.explanation;
    f.baseline = seed.baseline;

    // Evidence is taken from the whole case (history rules may point before the filter's start).
    SqlWhere w = scopeWithoutTime();
    append(w, seed.evidence);
    {
        // One ordered pass gives the count, the span, the entities and the first event ids.
        auto st = db().prepare("SELECT id, time, vault, caller_ip, identity, identity_upn, identity_appid, "
                               "object_name FROM events" +
                               w.sql() + " ORDER BY time, id");
        w.bind(st);
        constexpr int Sets = 6; // vault, caller_ip, identity, identity_upn, identity_appid, object_name
        std::set<std::string, std::less<>> seen[Sets];
        std::string last[Sets]; // runs of one value are common
        while (st.step()) {
            const std::int64_t time = st.int64(1);
            if (f.eventCount == 0) {
                f.start = Timestamp::fromTicks(time); // the finding spans the evidence actually seen
            }
            f.end = Timestamp::fromTicks(time);
            ++f.eventCount;
            if (f.eventIds.size() < m_maxIds) {
                f.eventIds.push_back(st.int64(0));
            }
            for (int k = 0; k < Sets; ++k) {
                const std::string_view v = st.textView(2 + k);
                if (!v.empty() && v != last[k]) {
                    last[k].assign(v);
                    seen[k].insert(last[k]);
                }
            }
        }
        const auto list = [](const std::set<std::string, std::less<>>& set) {
            return std::vector<std::string>(set.begin(), set.end());
        };
        f.vaults = list(seen[0]);
        f.entities.ips = list(seen[1]);
        f.entities.identities = list(seen[2]);
        mergeInto(f.entities.identities, list(seen[3]));
        f.entities.apps = list(seen[4]);
        f.entities.objects = list(seen[5]);
    }
    mergeInto(f.entities.identities, seed.extraIdentities);
    mergeInto(f.entities.objects, seed.extraObjects);
    if (!seed.excluded.empty()) {
        SqlWhere x = scopeWithoutTime();
        append(x, seed.excluded);
        auto st = db().prepare("SELECT count(*), json_group_array(DISTINCT identity), json_group_array(DISTINCT "
                               "caller_ip) FROM events" +
                               x.sql());
        x.bind(st);
        if (st.step()) {
            f.excluded["events"] = st.int64(0);
            f.excluded["identities"] = jsonStrings(st.text(1));
            f.excluded["ips"] = jsonStrings(st.text(2));
        }
    }
    m_findings.push_back(std::move(f));
}

void DetectionContext::append(SqlWhere& to, const SqlWhere& from)
{
    if (!from.empty()) {
        to.add("(" + from.andSql().substr(5) + ")", from.values());
    }
}

std::string DetectionContext::placeholders(std::size_t n)
{
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += i == 0 ? "?" : ",?";
    }
    return s;
}

std::vector<SqlWhere::Value> DetectionContext::lowerValues(const std::vector<std::string>& values)
{
    std::vector<SqlWhere::Value> out;
    for (const auto& v : values) {
        out.emplace_back(toLower(v));
    }
    return out;
}

void DetectionContext::addOperations(SqlWhere& where, const std::vector<std::string>& ops, const std::string& alias,
                                     bool indexed)
{
    if (ops.empty()) {
        where.add("0");
        return;
    }
    // Exact values keep the (operation, time) index usable; the as-written, lower-case and upper-case forms cover
    // the casings exports use (the originals compare with in~).
    std::vector<std::string> forms;
    for (const auto& o : ops) {
        std::string upper = o;
        for (char& c : upper) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        for (const auto& f : {o, toLower(o), upper}) {
            if (std::find(forms.begin(), forms.end(), f) == forms.end()) {
                forms.push_back(f);
            }
        }
    }
    const std::string a = alias.empty() ? "" : alias + ".";
    std::vector<SqlWhere::Value> values(forms.begin(), forms.end());
    where.add((indexed ? "" : "+") + a + "operation IN (" + placeholders(forms.size()) + ")", std::move(values));
}

SqlWhere DetectionContext::window(Timestamp start, Timestamp endInclusive)
{
    SqlWhere w;
    w.add("time >= ? AND time <= ?", {start.ticks(), endInclusive.ticks()});
    return w;
}

std::string DetectionContext::successSql(const std::string& alias)
{
    const std::string a = alias.empty() ? "" : alias + ".";
    return "(" + a + "success = 1 OR (" + a + "success IS NULL AND lower(" + a + "result_type) = 'success'))";
}

std::string DetectionContext::deniedSql(const std::string& alias)
{
    const std::string a = alias.empty() ? "" : alias + ".";
    return "(" + a + "http_status = 403 OR (" + a + "http_status = 401 AND " + a + "operation <> 'Authentication'))";
}

} // namespace kvw::core
