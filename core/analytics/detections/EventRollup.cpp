#include "core/analytics/detections/EventRollup.h"

#include "core/common/Timestamp.h"
#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <atomic>
#include <string_view>
#include <unordered_map>

namespace kvw::core {
namespace {

constexpr int TextColumns = 9;     // vault .. object_name
constexpr int NullableInts = 2;    // http_status, success
constexpr int TrailingTexts = 3;   // result_type, trusted_service, resource_type
constexpr const char* Columns = "vault, identity, identity_oid, identity_upn, identity_appid, identity_kind, caller_ip, "
                                "operation, object_name, http_status, success, result_type, trusted_service, "
                                "resource_type";

// Length-prefixed, so no log value (attacker-controlled, any byte) can make two groups share a key.
void appendField(std::string& key, std::string_view value)
{
    key += std::to_string(value.size());
    key += ':';
    key += value;
}

// Reads back the field at `pos` of a key made by appendField and moves past it.
std::string_view nextField(std::string_view key, std::size_t& pos)
{
    const auto colon = key.find(':', pos);
    const auto size = static_cast<std::size_t>(std::stoull(std::string(key.substr(pos, colon - pos))));
    pos = colon + 1 + size;
    return key.substr(colon + 1, size);
}

// The group's column values live only in its key, which keeps the map at one string per group.
struct Group
{
    std::int64_t first;
    std::int64_t last;
    std::int64_t count;
};

void insertGroups(const std::string& table, const Database& db, const std::unordered_map<std::string, Group>& groups)
{
    auto ins = db.prepare("INSERT INTO temp." + table + " (" + Columns +
                          ", time, last_time, n) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& [key, g] : groups) {
        ins.reset();
        std::size_t pos = 0;
        int i = 1;
        for (int c = 0; c < TextColumns + NullableInts + TrailingTexts; ++c) {
            const std::string_view value = nextField(key, pos);
            if (c >= TextColumns && c < TextColumns + NullableInts) {
                if (value == "N") {
                    ins.bindNull(i++);
                } else {
                    ins.bind(i++, static_cast<std::int64_t>(std::stoll(std::string(value))));
                }
            } else {
                ins.bind(i++, value);
            }
        }
        ins.bind(i, g.first);
        ins.bind(i + 1, g.last);
        ins.bind(i + 2, g.count);
        ins.run();
    }
}

} // namespace

EventRollup::EventRollup(const CaseFile& caseFile, const EventFilter& scope, std::size_t maxGroups)
    : m_case(caseFile), m_filter(scope.withoutTime()), m_scope(m_filter.where()), m_maxGroups(maxGroups)
{
    static std::atomic<int> serial{0};
    m_table = "kvw_detection_rollup_" + std::to_string(++serial);
}

EventRollup::~EventRollup()
{
    if (m_state == 1) {
        try {
            m_case.db().exec("DROP TABLE IF EXISTS temp." + m_table);
        } catch (const DatabaseError&) {
            // A temporary table goes with the connection anyway.
        }
    }
}

bool EventRollup::ready() const
{
    if (m_state != 0) {
        return m_state == 1;
    }
    if (m_case.rollupsEnabled() && RollupSource::covers(RollupSource::Kind::Events, m_filter)) {
        buildFromHourly();
        return true;
    }
    return buildFromEvents();
}

void EventRollup::createTable() const
{
    m_case.db().exec("CREATE TEMP TABLE " + m_table +
                     " (vault TEXT, identity TEXT, identity_oid TEXT, "
                     "identity_upn TEXT, identity_appid TEXT, identity_kind TEXT, caller_ip TEXT, operation TEXT, "
                     "object_name TEXT, http_status INTEGER, success INTEGER, result_type TEXT, "
                     "trusted_service TEXT, resource_type TEXT, time INTEGER, last_time INTEGER, n INTEGER)");
    m_state = 1; // from here the destructor drops the table
}

void EventRollup::createIndexes() const
{
    // A finding's evidence names its identity, vault or caller IP: its whole hours are a few rows through these.
    for (const char* column : {"identity", "vault", "caller_ip"}) {
        m_case.db().exec(std::string("CREATE INDEX temp.") + m_table + "_" + column + " ON " + m_table + "(" + column +
                         ", time)");
    }
}

void EventRollup::buildFromHourly() const
{
    createTable();
    // event_hours' hour is this table's bucket, and its -1 for "no status" goes back to NULL.
    auto st = m_case.db().prepare(std::string("INSERT INTO temp.") + m_table + " (" + Columns +
                                  ", time, last_time, n) SELECT vault, identity, identity_oid, identity_upn, "
                                  "identity_appid, identity_kind, caller_ip, operation, object_name, "
                                  "nullif(http_status, -1), nullif(success, -1), result_type, trusted_service, "
                                  "resource_type, MIN(first_time), MAX(last_time), SUM(n) FROM event_hours" +
                                  m_scope.sql() + " GROUP BY hour, " + Columns);
    m_scope.bind(st);
    st.run();
    createIndexes();
}

bool EventRollup::buildFromEvents() const
{
    auto st = m_case.db().prepare(std::string("SELECT ") + Columns + ", time FROM events" + m_scope.sql());
    m_scope.bind(st);
    std::unordered_map<std::string, Group> groups;
    std::string key;
    constexpr int timeColumn = TextColumns + NullableInts + TrailingTexts;
    while (st.step()) {
        key.clear();
        for (int c = 0; c < timeColumn; ++c) {
            if (c >= TextColumns && c < TextColumns + NullableInts) {
                const std::string number = st.isNull(c) ? std::string("N") : std::to_string(st.int64(c));
                appendField(key, number);
            } else {
                appendField(key, st.textView(c));
            }
        }
        const std::int64_t time = st.int64(timeColumn);
        appendField(key, std::to_string(Timestamp::floorDiv(time, BucketTicks)));
        auto [it, inserted] = groups.try_emplace(key);
        Group& g = it->second;
        if (inserted) {
            if (groups.size() > m_maxGroups) {
                m_state = -1;
                return false;
            }
            g = Group{time, time, 0};
        }
        g.first = std::min(g.first, time);
        g.last = std::max(g.last, time);
        ++g.count;
    }
    const auto& db = m_case.db();
    createTable();
    // A savepoint, not BEGIN: the caller may already be inside a transaction.
    db.exec("SAVEPOINT kvw_rollup");
    try {
        insertGroups(m_table, db, groups);
    } catch (const DatabaseError&) {
        db.exec("ROLLBACK TO kvw_rollup; RELEASE kvw_rollup");
        throw;
    }
    db.exec("RELEASE kvw_rollup");
    createIndexes();
    return true;
}

} // namespace kvw::core
