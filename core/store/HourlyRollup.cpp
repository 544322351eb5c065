#include "core/store/HourlyRollup.h"

#include "core/store/Database.h"
#include "core/store/TextInterner.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

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

// What DetectionContext::successSql counts as a success: an HTTP status under 400, or no status and the result
// "Success" in any letter case.
bool succeeded(const Event& e)
{
    if (e.httpStatus) {
        return *e.httpStatus < 400;
    }
    constexpr std::string_view success = "success";
    return e.resultType.size() == success.size() &&
           std::equal(success.begin(), success.end(), e.resultType.begin(),
                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

} // namespace

struct HourlyRollup::Statements
{
    Statement hours;
    Statement fives;
    Statement latencyHours;
    Statement latencyFives;
    Statement minute;
    Statement uris;
};

namespace {

std::string groupUpsert(const char* table, const char* time)
{
    return std::string("INSERT INTO ") + table + " (" + time +
           ", vault, subscription_ref, resource_id_ref, resource_type_ref, operation, op_class_ref, object_name, "
           "http_status, success, result_type_ref, trusted_service, caller_ip, identity_oid, identity_upn, "
           "identity_appid, identity_kind_ref, n, first_time, last_time) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
           "ON CONFLICT DO UPDATE SET n = n + excluded.n, first_time = min(first_time, excluded.first_time), "
           "last_time = max(last_time, excluded.last_time)";
}

std::string latencyUpsert(const char* table, const char* time)
{
    return std::string("INSERT INTO ") + table + " (" + time +
           ", vault, subscription_ref, resource_type_ref, identity_kind_ref, operation, duration_ms, n) VALUES (?,?,?,?,?,?,?,?) "
           "ON CONFLICT DO UPDATE SET n = n + excluded.n";
}

} // namespace

HourlyRollup::HourlyRollup(const Database& db, TextInterner& texts)
    : m_texts(texts), m_st(std::make_unique<Statements>())
{
    m_st->hours = db.prepare(groupUpsert("event_hour_rows", "hour"));
    m_st->fives = db.prepare(groupUpsert("event_5min_rows", "slot"));
    m_st->latencyHours = db.prepare(latencyUpsert("latency_hour_rows", "hour"));
    m_st->latencyFives = db.prepare(latencyUpsert("latency_5min_rows", "slot"));
    m_st->minute = db.prepare(
        "INSERT INTO operation_minute_rows (minute, operation, vault, subscription_ref, resource_type_ref, "
        "identity_kind_ref, has_upn, n) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET n = n + excluded.n");
    m_st->uris =
        db.prepare("INSERT INTO uri_hour_rows (hour, vault, subscription_ref, resource_type_ref, identity_kind_ref, "
                   "operation, identity_oid, identity_upn, identity_appid, caller_ip, trusted_service, "
                   "request_uri_ref, n) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET n = n + excluded.n");
}

HourlyRollup::~HourlyRollup() = default;

void HourlyRollup::addGroup(Groups& map, std::int64_t time, const Event& e)
{
    m_scratch.clear();
    appendNumber(m_scratch, time);
    m_scratch.append(m_key);
    const std::int64_t t = e.time.ticks();
    auto [it, inserted] = map.try_emplace(m_scratch, Group{&e, time, 0, t, t}); // copies the key only when new
    Group& g = it->second;
    ++g.n;
    g.first = std::min(g.first, t);
    g.last = std::max(g.last, t);
}

void HourlyRollup::addCount(Counts& map, std::int64_t time, const std::string& key, const Event& e)
{
    m_scratch.clear();
    appendNumber(m_scratch, time);
    m_scratch.append(key);
    auto [it, inserted] = map.try_emplace(m_scratch, Count{&e, time, 0});
    ++it->second.n;
}

void HourlyRollup::add(const Event& e)
{
    const std::int64_t time = e.time.ticks();
    const std::int64_t five = fiveMinutesOf(time);
    m_key.clear();
    appendField(m_key, e.vault);
    appendField(m_key, e.subscription);
    appendField(m_key, toString(e.resourceType));
    appendField(m_key, toString(e.identityKind));
    appendField(m_key, e.operation);
    {
        const std::size_t scope = m_key.size();
        appendNumber(m_key, e.identityUpn.empty() ? 0 : 1);
        addCount(m_minutes, minuteOf(time), m_key, e);
        m_key.resize(scope);
    }
    if (e.durationMs) {
        const std::size_t scope = m_key.size();
        appendNumber(m_key, *e.durationMs);
        addCount(m_latencyFives, five, m_key, e); // the hours are summed from the five minutes in flush()
        m_key.resize(scope);
    }
    if (succeeded(e)) {
        const std::size_t scope = m_key.size();
        appendField(m_key, e.identityObjectId);
        appendField(m_key, e.identityUpn);
        appendField(m_key, e.identityAppId);
        appendField(m_key, e.callerIp);
        appendField(m_key, e.trustedService);
        appendField(m_key, e.requestUri);
        addCount(m_uris, hourOf(time), m_key, e);
        m_key.resize(scope);
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
    addGroup(m_fives, five, e);
}

void HourlyRollup::sumHours()
{
    // Keys start with the eight bytes of their time: swap the five minutes for the hour.
    for (const auto& [key, g] : m_fives) {
        m_scratch.clear();
        appendNumber(m_scratch, hourOf(g.time));
        m_scratch.append(key, sizeof(std::int64_t));
        auto [it, inserted] = m_hours.try_emplace(m_scratch, Group{g.sample, hourOf(g.time), 0, g.first, g.last});
        Group& h = it->second;
        h.n += g.n;
        h.first = std::min(h.first, g.first);
        h.last = std::max(h.last, g.last);
    }
    for (const auto& [key, l] : m_latencyFives) {
        m_scratch.clear();
        appendNumber(m_scratch, hourOf(l.time));
        m_scratch.append(key, sizeof(std::int64_t));
        auto [it, inserted] = m_latencyHours.try_emplace(m_scratch, Count{l.sample, hourOf(l.time), 0});
        it->second.n += l.n;
    }
}

void HourlyRollup::flushGroups(Statement& st, const Groups& groups) const
{
    for (const auto& [key, g] : groups) {
        const Event& e = *g.sample;
        st.reset();
        int i = 1;
        st.bind(i++, g.time);
        st.bind(i++, e.vault);
        st.bind(i++, m_texts.idOf(e.subscription));
        st.bind(i++, m_texts.idOf(e.resourceId));
        st.bind(i++, m_texts.idOf(toString(e.resourceType)));
        st.bind(i++, e.operation);
        st.bind(i++, m_texts.idOf(toString(e.operationClass)));
        st.bind(i++, e.objectName);
        st.bind(i++, e.httpStatus ? *e.httpStatus : -1);
        st.bind(i++, e.httpStatus ? (*e.httpStatus < 400 ? 1 : 0) : -1);
        st.bind(i++, m_texts.idOf(e.resultType));
        st.bind(i++, e.trustedService);
        st.bind(i++, e.callerIp);
        st.bind(i++, e.identityObjectId);
        st.bind(i++, e.identityUpn);
        st.bind(i++, e.identityAppId);
        st.bind(i++, m_texts.idOf(toString(e.identityKind)));
        st.bind(i++, g.n);
        st.bind(i++, g.first);
        st.bind(i++, g.last);
        st.run();
    }
}

void HourlyRollup::flushLatency(Statement& st, const Counts& counts) const
{
    for (const auto& [key, l] : counts) {
        const Event& e = *l.sample;
        st.reset();
        st.bind(1, l.time)
            .bind(2, e.vault)
            .bind(3, m_texts.idOf(e.subscription))
            .bind(4, m_texts.idOf(toString(e.resourceType)))
            .bind(5, m_texts.idOf(toString(e.identityKind)))
            .bind(6, e.operation)
            .bind(7, *e.durationMs)
            .bind(8, l.n)
            .run();
    }
}

void HourlyRollup::flushUris(Statement& st, const Counts& counts) const
{
    for (const auto& [key, u] : counts) {
        const Event& e = *u.sample;
        st.reset();
        st.bind(1, u.time)
            .bind(2, e.vault)
            .bind(3, m_texts.idOf(e.subscription))
            .bind(4, m_texts.idOf(toString(e.resourceType)))
            .bind(5, m_texts.idOf(toString(e.identityKind)))
            .bind(6, e.operation)
            .bind(7, e.identityObjectId)
            .bind(8, e.identityUpn)
            .bind(9, e.identityAppId)
            .bind(10, e.callerIp)
            .bind(11, e.trustedService)
            .bind(12, m_texts.idOf(e.requestUri))
            .bind(13, u.n)
            .run();
    }
}

void HourlyRollup::flush()
{
    sumHours();
    flushGroups(m_st->hours, m_hours);
    flushGroups(m_st->fives, m_fives);
    flushLatency(m_st->latencyHours, m_latencyHours);
    flushLatency(m_st->latencyFives, m_latencyFives);
    Statement& mt = m_st->minute;
    for (const auto& [key, m] : m_minutes) {
        const Event& e = *m.sample;
        mt.reset();
        mt.bind(1, m.time)
            .bind(2, e.operation)
            .bind(3, e.vault)
            .bind(4, m_texts.idOf(e.subscription))
            .bind(5, m_texts.idOf(toString(e.resourceType)))
            .bind(6, m_texts.idOf(toString(e.identityKind)))
            .bind(7, e.identityUpn.empty() ? 0 : 1)
            .bind(8, m.n)
            .run();
    }
    flushUris(m_st->uris, m_uris);
    clear();
}

void HourlyRollup::clear()
{
    m_hours.clear();
    m_fives.clear();
    m_latencyHours.clear();
    m_latencyFives.clear();
    m_minutes.clear();
    m_uris.clear();
}

} // namespace kvw::core
