#include "core/query/RollupSource.h"

#include "core/store/CaseFile.h"
#include "core/store/HourlyRollup.h"

#include <algorithm>

namespace kvw::core {
namespace {

constexpr const char* kEventColumns =
    "vault, subscription, resource_id, resource_type, operation, op_class, object_name, http_status, success, "
    "result_type, trusted_service, caller_ip, identity_oid, identity_upn, identity_appid, identity_kind, identity";
// The same columns from event_hours, whose key columns hold -1 for "no status".
constexpr const char* kRollupColumns =
    "vault, subscription, resource_id, resource_type, operation, op_class, object_name, "
    "nullif(http_status, -1) AS http_status, nullif(success, -1) AS success, result_type, trusted_service, caller_ip, "
    "identity_oid, identity_upn, identity_appid, identity_kind, identity";
constexpr const char* kLatencyColumns = "vault, subscription, resource_type, identity_kind, operation, duration_ms";
constexpr const char* kMinuteColumns = "operation, vault, subscription, resource_type, identity_kind";

std::int64_t floorTo(std::int64_t ticks, std::int64_t unit) { return Timestamp::floorDiv(ticks, unit) * unit; }

std::int64_t ceilTo(std::int64_t ticks, std::int64_t unit)
{
    const std::int64_t f = floorTo(ticks, unit);
    return f == ticks ? f : f + unit;
}

} // namespace

bool RollupSource::covers(Kind kind, const EventFilter& filter)
{
    if (!filter.text.empty() || !filter.columns.empty() || filter.taggedOnly) {
        return false;
    }
    // The duration and minute rollups keep only the global scope's columns and the operation.
    return kind == Kind::Events || (filter.callerIp.empty() && filter.identity.empty() && !filter.failedOnly);
}

std::int64_t RollupSource::unit(Kind kind)
{
    return kind == Kind::OperationMinutes ? HourlyRollup::MinuteTicks : HourlyRollup::HourTicks;
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

    const std::int64_t u = unit(kind);
    const bool usable = caseFile.rollupsEnabled() && grain % u == 0 && covers(kind, filter);
    std::optional<std::int64_t> a;
    std::optional<std::int64_t> b;
    if (lo) {
        a = ceilTo(*lo, u);
    }
    if (hi) {
        b = floorTo(*hi, u);
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
    } else if (m_kind == Kind::Latency) {
        w.add("duration_ms IS NOT NULL");
        m_sql += std::string("SELECT ") + kLatencyColumns + ", 1 AS n, time AS bucket_time FROM events" + w.sql();
    } else {
        m_sql += std::string("SELECT ") + kMinuteColumns +
                 ", identity_upn <> '' AS has_upn, 1 AS n, time AS bucket_time FROM events" + w.sql();
    }
    m_values.insert(m_values.end(), w.values().begin(), w.values().end());
}

void RollupSource::addRollup(const EventFilter& scope, std::optional<std::int64_t> from,
                             std::optional<std::int64_t> to)
{
    m_rollups = true;
    SqlWhere w = scope.where();
    const std::string time = m_kind == Kind::OperationMinutes ? "minute" : "hour";
    if (from) {
        w.add(time + " >= ?", {*from});
    }
    if (to) {
        w.add(time + " < ?", {*to});
    }
    if (!m_sql.empty()) {
        m_sql += " UNION ALL ";
    }
    if (m_kind == Kind::Events) {
        // The filter's conditions see the stored -1 for "no status", which fails http_status >= 400 as NULL does.
        m_sql += std::string("SELECT ") + kRollupColumns +
                 ", n, first_time, last_time, hour AS bucket_time FROM event_hours" + w.sql();
    } else if (m_kind == Kind::Latency) {
        m_sql += std::string("SELECT ") + kLatencyColumns + ", n, hour AS bucket_time FROM latency_hours" + w.sql();
    } else {
        m_sql += std::string("SELECT ") + kMinuteColumns +
                 ", has_upn, n, minute AS bucket_time FROM operation_minutes" + w.sql();
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
