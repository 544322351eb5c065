#include "core/query/RollupSource.h"

#include "core/store/CaseFile.h"
#include "core/store/HourlyRollup.h"

#include <algorithm>

namespace kvw::core {
namespace {

constexpr const char* kEventColumns =
    "vault, subscription, resource_id, resource_type, operation, op_class, object_name, http_status, success, "
    "result_type, trusted_service, caller_ip, identity_oid, identity_upn, identity_appid, identity_kind, identity";
constexpr const char* kLatencyColumns = "vault, subscription, resource_type, identity_kind, operation, duration_ms";

std::int64_t ceilHour(std::int64_t ticks)
{
    const std::int64_t h = HourlyRollup::hourOf(ticks);
    return h == ticks ? h : h + HourlyRollup::HourTicks;
}

} // namespace

bool RollupSource::covers(Kind kind, const EventFilter& filter)
{
    if (!filter.text.empty() || !filter.columns.empty() || filter.taggedOnly) {
        return false;
    }
    // The duration rollup keeps only the global scope's columns and the operation.
    return kind == Kind::Events || (filter.callerIp.empty() && filter.identity.empty() && !filter.failedOnly);
}

RollupSource::RollupSource(const CaseFile& caseFile, Kind kind, const EventFilter& filter,
                           std::optional<Timestamp> from, std::optional<Timestamp> to, std::int64_t grain)
    : m_kind(kind)
{
    std::optional<std::int64_t> lo;
    std::optional<std::int64_t> hi;
    if (filter.from) {
        lo = filter.from->ticks();
    }
    if (from) {
        lo = lo ? std::max(*lo, from->ticks()) : from->ticks();
    }
    if (filter.to) {
        hi = filter.to->ticks();
    }
    if (to) {
        hi = hi ? std::min(*hi, to->ticks()) : to->ticks();
    }
    EventFilter scope = filter;
    scope.from.reset();
    scope.to.reset();

    const bool usable = caseFile.rollupsEnabled() && grain % HourlyRollup::HourTicks == 0 && covers(kind, filter);
    std::optional<std::int64_t> a;
    std::optional<std::int64_t> b;
    if (lo) {
        a = ceilHour(*lo);
    }
    if (hi) {
        b = HourlyRollup::hourOf(*hi);
    }
    if (!usable || (a && b && *a >= *b)) {
        addEvents(scope, lo, hi); // no whole hour inside the range, or the rollups cannot answer
    } else {
        addRollup(scope, a, b);
        if (lo && *lo < *a) {
            addEvents(scope, lo, a);
        }
        if (hi && *b < *hi) {
            addEvents(scope, b, hi);
        }
    }
    m_sql = "(" + m_sql + ")";
}

void RollupSource::addEvents(const EventFilter& scope, std::optional<std::int64_t> from,
                             std::optional<std::int64_t> to)
{
    SqlWhere w = scope.where();
    if (from) {
        w.add("time >= ?", {*from});
    }
    if (to) {
        w.add("time < ?", {*to});
    }
    if (!m_sql.empty()) {
        m_sql += " UNION ALL ";
    }
    if (m_kind == Kind::Events) {
        m_sql += std::string("SELECT ") + kEventColumns +
                 ", 1 AS n, time AS first_time, time AS last_time, time AS bucket_time FROM events" + w.sql();
    } else {
        w.add("duration_ms IS NOT NULL");
        m_sql += std::string("SELECT ") + kLatencyColumns + ", 1 AS n, time AS bucket_time FROM events" + w.sql();
    }
    m_values.insert(m_values.end(), w.values().begin(), w.values().end());
}

void RollupSource::addRollup(const EventFilter& scope, std::optional<std::int64_t> from,
                             std::optional<std::int64_t> to)
{
    m_rollups = true;
    SqlWhere w = scope.where();
    if (from) {
        w.add("hour >= ?", {*from});
    }
    if (to) {
        w.add("hour < ?", {*to});
    }
    if (!m_sql.empty()) {
        m_sql += " UNION ALL ";
    }
    if (m_kind == Kind::Events) {
        m_sql += std::string("SELECT ") + kEventColumns +
                 ", n, first_time, last_time, hour AS bucket_time FROM event_hours" + w.sql();
    } else {
        m_sql += std::string("SELECT ") + kLatencyColumns + ", n, hour AS bucket_time FROM latency_hours" + w.sql();
    }
    m_values.insert(m_values.end(), w.values().begin(), w.values().end());
}

int RollupSource::bind(Statement& st, int index) const
{
    SqlWhere values;
    values.add("", m_values);
    return values.bind(st, index);
}

} // namespace kvw::core
