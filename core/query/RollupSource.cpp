#include "core/query/RollupSource.h"

#include "core/store/CaseFile.h"
#include "core/store/Database.h"
#include "core/store/HourlyRollup.h"

#include <algorithm>
#include <cctype>

namespace kvw::core {
namespace {

// The columns each kind exposes, in their documented order.
const std::vector<std::string>& columnsOf(RollupSource::Kind kind)
{
    static const std::vector<std::string> events = {
        "vault",        "subscription", "resource_id",    "resource_type", "operation",       "op_class",
        "object_name",  "http_status",  "success",        "result_type",   "trusted_service", "caller_ip",
        "identity_oid", "identity_upn", "identity_appid", "identity_kind", "identity",        "n",
        "first_time",   "last_time",    "bucket_time",    "duration_ms",
        // the ids of the interned texts (CaseFile::textIdsEnabled)
        "subscription_ref", "resource_id_ref", "resource_type_ref", "op_class_ref", "result_type_ref",
        "identity_kind_ref"};
    static const std::vector<std::string> latency = {
        "vault", "subscription", "resource_type", "identity_kind", "operation", "duration_ms", "n", "bucket_time"};
    static const std::vector<std::string> minutes = {
        "operation", "vault", "subscription", "resource_type", "identity_kind", "has_upn", "n", "bucket_time"};
    switch (kind) {
    case RollupSource::Kind::Events:
        return events;
    case RollupSource::Kind::Latency:
        return latency;
    case RollupSource::Kind::OperationMinutes:
        return minutes;
    }
    return events;
}

// How a part computes `column`: event rows stand for one event at their own time; the rollups keep -1 for "no
// status" in key columns, which is mapped back to NULL. `timeColumn` is the rollup table's.
std::string projection(RollupSource::Kind kind, bool rollup, const std::string& timeColumn, const std::string& column)
{
    if (rollup) {
        if (column == "bucket_time") {
            return timeColumn + " AS bucket_time";
        }
        if (kind == RollupSource::Kind::Events && (column == "http_status" || column == "success")) {
            return "nullif(" + column + ", -1) AS " + column;
        }
        if (kind == RollupSource::Kind::Events && column == "duration_ms") {
            return "NULL AS duration_ms"; // event_hours keeps no durations (latency_hours does)
        }
        return column;
    }
    if (column == "n") {
        return "1 AS n";
    }
    if (column == "first_time" || column == "last_time" || column == "bucket_time") {
        return "time AS " + column;
    }
    if (column == "has_upn") {
        return "identity_upn <> '' AS has_upn";
    }
    return column;
}

// The source's columns that `text` names as identifiers, in the kind's order (a column named inside a string
// literal is projected needlessly, which is harmless).
std::vector<std::string> mentionedColumns(RollupSource::Kind kind, const std::string& text)
{
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (std::isalpha(c) != 0 || c == '_') {
            std::size_t j = i;
            while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) != 0 || text[j] == '_')) {
                ++j;
            }
            words.push_back(text.substr(i, j - i));
            i = j;
        } else {
            ++i;
        }
    }
    std::vector<std::string> out;
    for (const auto& column : columnsOf(kind)) {
        if (std::find(words.begin(), words.end(), column) != words.end()) {
            out.push_back(column);
        }
    }
    if (out.empty()) {
        out.emplace_back("n"); // SELECT needs a column, COUNT(*) none
    }
    return out;
}

std::int64_t floorTo(std::int64_t ticks, std::int64_t unit)
{
    return Timestamp::floorDiv(ticks, unit) * unit;
}

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

std::int64_t RollupSource::unit(Kind kind, std::int64_t grain, bool fiveMinutes)
{
    if (kind == Kind::OperationMinutes) {
        return HourlyRollup::MinuteTicks;
    }
    // The hourly tables have a twelfth of the rows; the five-minute ones answer the grains under an hour.
    if (fiveMinutes && grain % HourlyRollup::HourTicks != 0 && grain % HourlyRollup::FiveMinuteTicks == 0) {
        return HourlyRollup::FiveMinuteTicks;
    }
    return HourlyRollup::HourTicks;
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

    const std::int64_t u = unit(kind, grain, caseFile.fiveMinuteRollupsEnabled());
    m_unit = u;
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
    if (m_kind == Kind::Latency) {
        w.add("duration_ms IS NOT NULL");
    }
    m_parts.push_back({false, "events" + w.sql(), w.values()});
    m_values.insert(m_values.end(), w.values().begin(), w.values().end());
}

void RollupSource::addRollup(const EventFilter& scope, std::optional<std::int64_t> from,
                             std::optional<std::int64_t> to)
{
    m_rollups = true;
    // The filter's conditions see the stored -1 for "no status", which fails http_status >= 400 as NULL does.
    SqlWhere w = scope.where();
    const std::string time = timeColumn();
    if (from) {
        w.add(time + " >= ?", {*from});
    }
    if (to) {
        w.add(time + " < ?", {*to});
    }
    const bool fives = m_unit == HourlyRollup::FiveMinuteTicks;
    const char* table = m_kind == Kind::Events    ? (fives ? "event_5min" : "event_hours")
                        : m_kind == Kind::Latency ? (fives ? "latency_5min" : "latency_hours")
                                                  : "operation_minutes";
    m_parts.push_back({true, table + w.sql(), w.values()});
    m_values.insert(m_values.end(), w.values().begin(), w.values().end());
}

std::string RollupSource::timeColumn() const
{
    if (m_kind == Kind::OperationMinutes) {
        return "minute";
    }
    return m_unit == HourlyRollup::FiveMinuteTicks ? "slot" : "hour";
}

std::string RollupSource::partSql(const Part& part, const std::vector<std::string>& columns) const
{
    std::string list;
    for (const auto& column : columns) {
        list += (list.empty() ? "" : ", ") + projection(m_kind, part.rollup, timeColumn(), column);
    }
    return "SELECT " + list + " FROM " + part.fromWhere;
}

std::string RollupSource::query(const std::string& select, const std::string& rest) const
{
    const std::vector<std::string> columns = mentionedColumns(m_kind, select + " " + rest);
    std::string sub;
    for (const Part& part : m_parts) {
        sub += (sub.empty() ? "" : " UNION ALL ") + partSql(part, columns);
    }
    return "SELECT " + select + " FROM (" + sub + ")" + rest;
}

Statement RollupSource::rows(const Database& db, const std::string& select, const SqlWhere& condition) const
{
    const std::vector<std::string> columns = mentionedColumns(m_kind, select + " " + condition.sql());
    std::string sql;
    SqlWhere values;
    for (const Part& part : m_parts) {
        // A lone simple subquery is flattened into its SELECT.
        sql += (sql.empty() ? "" : " UNION ALL ") + ("SELECT " + select + " FROM (" + partSql(part, columns) + ")") +
               condition.sql();
        values.add("", part.values);
        values.add("", condition.values());
    }
    Statement st = db.prepare(sql);
    values.bind(st, 1);
    return st;
}

int RollupSource::bind(Statement& st, int index) const
{
    SqlWhere values;
    values.add("", m_values);
    return values.bind(st, index);
}

} // namespace kvw::core
