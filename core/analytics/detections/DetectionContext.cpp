#include "core/analytics/detections/DetectionContext.h"

#include "core/analytics/detections/EventRollup.h"
#include "core/model/AzureResourceId.h"
#include "core/query/EventTimeBounds.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <cctype>
#include <limits>
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

void mergeInto(std::vector<std::string>& to, const std::vector<std::string>& from)
{
    to.insert(to.end(), from.begin(), from.end());
    std::sort(to.begin(), to.end());
    to.erase(std::unique(to.begin(), to.end()), to.end());
}

// The entity columns a finding lists, in this order, in both events and the detection rollup.
constexpr const char* kEntityColumns = "vault, caller_ip, identity, identity_upn, identity_appid, object_name";

// What a finding's evidence adds up to: its events, their span and the distinct non-empty entity values.
struct EvidenceTally
{
    enum Column { Vault, CallerIp, Identity, Upn, AppId, Object, Columns };

    std::int64_t count = 0;
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    std::int64_t last = std::numeric_limits<std::int64_t>::min();
    std::set<std::string, std::less<>> seen[Columns];
    std::string previous[Columns]; // runs of one value are common

    // Adds the row whose kEntityColumns are columns 0..5 of st.
    void add(const Statement& st, std::int64_t n, std::int64_t firstTime, std::int64_t lastTime)
    {
        count += n;
        first = std::min(first, firstTime);
        last = std::max(last, lastTime);
        for (int k = 0; k < Columns; ++k) {
            const std::string_view v = st.textView(k);
            if (!v.empty() && v != previous[k]) {
                previous[k].assign(v);
                seen[k].insert(previous[k]);
            }
        }
    }

    std::vector<std::string> list(Column c) const { return {seen[c].begin(), seen[c].end()}; }
};

// Tallies the events of the scope under `conditions`; with `ids`, also their first maxIds ids by time.
void tallyEvents(const Database& db, const SqlWhere& scope, const SqlWhere& conditions, EvidenceTally& tally,
                 std::vector<std::int64_t>* ids, std::size_t maxIds)
{
    SqlWhere w = scope;
    DetectionContext::append(w, conditions);
    auto st = db.prepare(std::string("SELECT ") + kEntityColumns + ", time, id FROM events" + w.sql() +
                         (ids ? " ORDER BY time, id" : ""));
    w.bind(st);
    while (st.step()) {
        const std::int64_t time = st.int64(EvidenceTally::Columns);
        tally.add(st, 1, time, time);
        if (ids && ids->size() < maxIds) {
            ids->push_back(st.int64(EvidenceTally::Columns + 1));
        }
    }
}

constexpr std::int64_t kHour = EventRollup::BucketTicks;

// The whole hours inside [start, end], as [first hour's start, end of the last) (empty when first >= end).
std::pair<std::int64_t, std::int64_t> wholeHours(Timestamp start, Timestamp end)
{
    return {(Timestamp::floorDiv(start.ticks() - 1, kHour) + 1) * kHour,
            Timestamp::floorDiv(end.ticks() + 1, kHour) * kHour};
}

bool holdsWholeHour(Timestamp start, Timestamp end)
{
    const auto [from, to] = wholeHours(start, end);
    return from < to;
}

// Tallies [start, end] under rollup-only conditions: the whole hours inside from the rollup table (its rows hold
// one hour's events each, time being the first of them), the partial hours at either edge from events.
void tallyWindow(const Database& db, const SqlWhere& scope, const std::string& rollupTable,
                 const SqlWhere& conditions, Timestamp start, Timestamp end, EvidenceTally& tally)
{
    const auto [wholeFrom, wholeTo] = wholeHours(start, end);
    const auto edge = [&](std::int64_t from, std::int64_t toInclusive) {
        if (from <= toInclusive) {
            SqlWhere c = conditions;
            DetectionContext::append(c, DetectionContext::window(Timestamp::fromTicks(from),
                                                                 Timestamp::fromTicks(toInclusive)));
            tallyEvents(db, scope, c, tally, nullptr, 0);
        }
    };
    if (wholeFrom >= wholeTo) {
        edge(start.ticks(), end.ticks());
        return;
    }
    edge(start.ticks(), wholeFrom - 1);
    SqlWhere w = conditions;
    w.add("time >= ? AND time < ?", {wholeFrom, wholeTo});
    auto st = db.prepare(std::string("SELECT ") + kEntityColumns + ", n, time, last_time FROM temp." + rollupTable +
                         w.sql());
    w.bind(st);
    while (st.step()) {
        const int n = EvidenceTally::Columns;
        tally.add(st, st.int64(n), st.int64(n + 1), st.int64(n + 2));
    }
    edge(wholeTo, end.ticks());
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
        m_bounds = EventTimeBounds::of(db(), scopeWithoutTime());
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
    const SqlWhere scopeAll = scopeWithoutTime();
    const bool split =
        seed.rollupColumnsOnly && holdsWholeHour(seed.start, seed.end) && m_rollup && m_rollup->ready();
    if (seed.rollupColumnsOnly && !split) {
        append(seed.evidence, window(seed.start, seed.end));
        if (!seed.excluded.empty()) {
            append(seed.excluded, window(seed.start, seed.end));
        }
    }
    EvidenceTally evidence;
    if (split) {
        tallyWindow(db(), scopeAll, m_rollup->table(), seed.evidence, seed.start, seed.end, evidence);
        SqlWhere w = scopeAll;
        append(w, seed.evidence);
        append(w, window(seed.start, seed.end));
        auto st = db().prepare("SELECT id FROM events" + w.sql() + " ORDER BY time, id LIMIT ?");
        st.bind(w.bind(st), static_cast<std::int64_t>(m_maxIds));
        while (st.step()) {
            f.eventIds.push_back(st.int64(0));
        }
    } else {
        tallyEvents(db(), scopeAll, seed.evidence, evidence, &f.eventIds, m_maxIds);
    }
    if (evidence.count > 0) {
        // The finding spans the evidence actually seen.
        f.start = Timestamp::fromTicks(evidence.first);
        f.end = Timestamp::fromTicks(evidence.last);
    }
    f.eventCount = evidence.count;
    f.vaults = evidence.list(EvidenceTally::Vault);
    f.entities.ips = evidence.list(EvidenceTally::CallerIp);
    f.entities.identities = evidence.list(EvidenceTally::Identity);
    mergeInto(f.entities.identities, evidence.list(EvidenceTally::Upn));
    f.entities.apps = evidence.list(EvidenceTally::AppId);
    f.entities.objects = evidence.list(EvidenceTally::Object);
    mergeInto(f.entities.identities, seed.extraIdentities);
    mergeInto(f.entities.objects, seed.extraObjects);
    if (!seed.excluded.empty()) {
        EvidenceTally excluded;
        if (split) {
            tallyWindow(db(), scopeAll, m_rollup->table(), seed.excluded, seed.start, seed.end, excluded);
        } else {
            tallyEvents(db(), scopeAll, seed.excluded, excluded, nullptr, 0);
        }
        f.excluded["events"] = excluded.count;
        f.excluded["identities"] = excluded.list(EvidenceTally::Identity);
        f.excluded["ips"] = excluded.list(EvidenceTally::CallerIp);
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
