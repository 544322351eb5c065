#include "core/store/HourlyRollup.h"

#include "core/store/Database.h"

#include <cstring>

namespace kvw::core {
namespace {

// Length-prefixed, so no log value (attacker-controlled, any byte) can make two groups share a key.
void appendField(std::string& key, std::string_view value)
{
    const auto size = static_cast<std::uint32_t>(value.size());
    char prefix[sizeof size];
    std::memcpy(prefix, &size, sizeof size);
    key.append(prefix, sizeof prefix);
    key.append(value);
}

void appendNumber(std::string& key, std::int64_t value)
{
    char bytes[sizeof value];
    std::memcpy(bytes, &value, sizeof value);
    key.append(bytes, sizeof bytes);
}

} // namespace

struct HourlyRollup::Statements
{
    Statement group;
    Statement latency;
    Statement minute;
};

HourlyRollup::HourlyRollup(const Database& db) : m_st(std::make_unique<Statements>())
{
    m_st->group = db.prepare(
        "INSERT INTO event_hours (hour, vault, subscription, resource_id, resource_type, operation, op_class, "
        "object_name, http_status, success, result_type, trusted_service, caller_ip, identity_oid, identity_upn, "
        "identity_appid, identity_kind, n, first_time, last_time) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT DO UPDATE SET n = n + excluded.n, first_time = min(first_time, excluded.first_time), "
        "last_time = max(last_time, excluded.last_time)");
    m_st->latency = db.prepare(
        "INSERT INTO latency_hours (hour, vault, subscription, resource_type, identity_kind, operation, duration_ms, n) "
        "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET n = n + excluded.n");
    m_st->minute = db.prepare(
        "INSERT INTO operation_minutes (minute, operation, vault, subscription, resource_type, identity_kind, has_upn, "
        "n) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET n = n + excluded.n");
}

HourlyRollup::~HourlyRollup() = default;

void HourlyRollup::add(const Event& e)
{
    const std::int64_t time = e.time.ticks();
    const std::int64_t hour = hourOf(time);
    m_key.clear();
    appendNumber(m_key, hour);
    appendField(m_key, e.vault);
    appendField(m_key, e.subscription);
    appendField(m_key, toString(e.resourceType));
    appendField(m_key, toString(e.identityKind));
    appendField(m_key, e.operation);
    if (e.durationMs) {
        std::string latencyKey = m_key;
        appendNumber(latencyKey, *e.durationMs);
        auto [it, inserted] = m_latency.try_emplace(std::move(latencyKey), Count{&e, hour, 0});
        ++it->second.n;
    }
    {
        std::string minuteKey = m_key;
        const std::int64_t minute = minuteOf(time);
        appendNumber(minuteKey, minute);
        appendNumber(minuteKey, e.identityUpn.empty() ? 0 : 1);
        auto [it, inserted] = m_minutes.try_emplace(std::move(minuteKey), Count{&e, minute, 0});
        ++it->second.n;
    }
    appendField(m_key, e.resourceId);
    appendField(m_key, e.objectName);
    appendNumber(m_key, e.httpStatus ? *e.httpStatus : -1);
    appendField(m_key, e.resultType);
    appendField(m_key, e.trustedService);
    appendField(m_key, e.callerIp);
    appendField(m_key, e.identityObjectId);
    appendField(m_key, e.identityUpn);
    appendField(m_key, e.identityAppId);
    appendField(m_key, toString(e.operationClass));
    // success follows from the status (as the writer stores it): no field.
    auto [it, inserted] = m_groups.try_emplace(m_key, Group{&e, hour, 0, time, time});
    Group& g = it->second;
    ++g.n;
    g.first = std::min(g.first, time);
    g.last = std::max(g.last, time);
}

void HourlyRollup::flush()
{
    Statement& st = m_st->group;
    for (const auto& [key, g] : m_groups) {
        const Event& e = *g.sample;
        st.reset();
        int i = 1;
        st.bind(i++, g.hour);
        st.bind(i++, e.vault);
        st.bind(i++, e.subscription);
        st.bind(i++, e.resourceId);
        st.bind(i++, toString(e.resourceType));
        st.bind(i++, e.operation);
        st.bind(i++, toString(e.operationClass));
        st.bind(i++, e.objectName);
        st.bind(i++, e.httpStatus ? *e.httpStatus : -1);
        st.bind(i++, e.httpStatus ? (*e.httpStatus < 400 ? 1 : 0) : -1);
        st.bind(i++, e.resultType);
        st.bind(i++, e.trustedService);
        st.bind(i++, e.callerIp);
        st.bind(i++, e.identityObjectId);
        st.bind(i++, e.identityUpn);
        st.bind(i++, e.identityAppId);
        st.bind(i++, toString(e.identityKind));
        st.bind(i++, g.n);
        st.bind(i++, g.first);
        st.bind(i++, g.last);
        st.run();
    }
    Statement& lt = m_st->latency;
    for (const auto& [key, l] : m_latency) {
        const Event& e = *l.sample;
        lt.reset();
        lt.bind(1, l.time)
            .bind(2, e.vault)
            .bind(3, e.subscription)
            .bind(4, toString(e.resourceType))
            .bind(5, toString(e.identityKind))
            .bind(6, e.operation)
            .bind(7, *e.durationMs)
            .bind(8, l.n)
            .run();
    }
    Statement& mt = m_st->minute;
    for (const auto& [key, m] : m_minutes) {
        const Event& e = *m.sample;
        mt.reset();
        mt.bind(1, m.time)
            .bind(2, e.operation)
            .bind(3, e.vault)
            .bind(4, e.subscription)
            .bind(5, toString(e.resourceType))
            .bind(6, toString(e.identityKind))
            .bind(7, e.identityUpn.empty() ? 0 : 1)
            .bind(8, m.n)
            .run();
    }
    clear();
}

void HourlyRollup::clear()
{
    m_groups.clear();
    m_latency.clear();
    m_minutes.clear();
}

} // namespace kvw::core
