#include "core/query/EventQuery.h"

#include "core/store/CaseFile.h"

#include <algorithm>

namespace kvw::core {
namespace {

constexpr const char* kColumns =
    "e.id, e.time, e.resource_id, e.subscription, e.resource_group, e.resource_type, e.vault, e.operation, "
    "e.operation_version, e.op_class, e.object_type, e.object_name, e.object_version, e.http_status, e.result_type, "
    "e.result_signature, e.result_description, e.duration_ms, e.caller_ip, e.identity_oid, e.identity_upn, "
    "e.identity_appid, e.identity_kind, e.client_info, e.request_uri, e.object_uri, e.correlation_id, e.tls_version, "
    "e.rbac_authorized, e.access_policy_match, e.trusted_service, f.path, e.record_index, e.format, "
    // The event's tags: one probe of annotations_target per row.
    "(SELECT group_concat(a.tag, ', ') FROM (SELECT tag FROM annotations WHERE target_kind = 'event' AND "
    "target = CAST(e.id AS TEXT) AND tag <> '' ORDER BY tag) a)";

EventRow readRow(const Statement& st)
{
    EventRow r;
    int i = 0;
    r.id = st.int64(i++);
    Event& e = r.event;
    e.time = Timestamp::fromTicks(st.int64(i++));
    e.resourceId = st.text(i++);
    e.subscription = st.text(i++);
    e.resourceGroup = st.text(i++);
    e.resourceType = resourceTypeFromString(st.text(i++)).value_or(ResourceType::Unknown);
    e.vault = st.text(i++);
    e.operation = st.text(i++);
    e.operationVersion = st.text(i++);
    e.operationClass = operationClassFromString(st.text(i++)).value_or(OperationClass::Other);
    const std::string objectType = st.text(i++);
    for (auto t : {ObjectType::Vault, ObjectType::Secret, ObjectType::Key, ObjectType::Certificate, ObjectType::Hsm}) {
        if (objectType == toString(t)) {
            e.objectType = t;
        }
    }
    e.objectName = st.text(i++);
    e.objectVersion = st.text(i++);
    if (!st.isNull(i)) {
        e.httpStatus = static_cast<int>(st.int64(i));
    }
    ++i;
    e.resultType = st.text(i++);
    e.resultSignature = st.text(i++);
    e.resultDescription = st.text(i++);
    if (!st.isNull(i)) {
        e.durationMs = st.int64(i);
    }
    ++i;
    e.callerIp = st.text(i++);
    e.identityObjectId = st.text(i++);
    e.identityUpn = st.text(i++);
    e.identityAppId = st.text(i++);
    e.identityKind = identityKindFromString(st.text(i++)).value_or(IdentityKind::Unknown);
    e.clientInfo = st.text(i++);
    e.requestUri = st.text(i++);
    e.objectUri = st.text(i++);
    e.correlationId = st.text(i++);
    e.tlsVersion = st.text(i++);
    if (!st.isNull(i)) {
        e.isRbacAuthorized = st.int64(i) != 0;
    }
    ++i;
    if (!st.isNull(i)) {
        e.isAccessPolicyMatch = st.int64(i) != 0;
    }
    ++i;
    e.trustedService = st.text(i++);
    r.file = st.text(i++);
    r.recordIndex = st.int64(i++);
    r.format = st.text(i++);
    r.tags = st.text(i++);
    return r;
}

bool numericKey(EventQuery::Sort sort)
{
    using S = EventQuery::Sort;
    return sort == S::Time || sort == S::Status || sort == S::Duration;
}

std::vector<EventRow> readRows(const CaseFile& caseFile, const SqlWhere& where, const std::string& order,
                               std::int64_t limit, std::int64_t offset = 0, const std::string& table = "events")
{
    auto st = caseFile.db().prepare(std::string("SELECT ") + kColumns + " FROM " + table + " e" +
                                    " JOIN files f ON f.id = e.file_id" + where.sql() + order + " LIMIT ? OFFSET ?");
    int next = where.bind(st);
    st.bind(next++, limit);
    st.bind(next, offset);
    std::vector<EventRow> rows;
    while (st.step()) {
        rows.push_back(readRow(st));
    }
    return rows;
}

// The two statements of a seek that is not by time: the rows that share the key's column value (a range on (time,
// id) inside the (column, time) index), then the rows past that value (a range on the column).
struct SeekStatements
{
    SqlWhere sameValue;
    std::string sameValueOrder;
    SqlWhere pastValue;
    std::string pastValueOrder;
};

SeekStatements seekStatements(const EventFilter& filter, EventQuery::Sort sort, bool ascendingScan, bool inclusive,
                              const EventSortKey& key)
{
    const std::string dir = ascendingScan ? " ASC" : " DESC";
    const std::string cmp = std::string(ascendingScan ? ">" : "<") + (inclusive ? "=" : "");
    const std::string column = EventQuery::sortColumn(sort);
    SeekStatements s;
    s.sameValue = filter.where("e");
    if (sort != EventQuery::Sort::Time) {
        s.sameValue.add(column + " = ?", {key.value});
    }
    s.sameValue.add("(e.time, e.id) " + cmp + " (?, ?)", {key.time, key.id});
    s.sameValueOrder = " ORDER BY e.time" + dir + ", e.id" + dir;
    s.pastValue = filter.where("e");
    s.pastValue.add(column + (ascendingScan ? " > ?" : " < ?"), {key.value});
    s.pastValueOrder = " ORDER BY " + column + dir + ", e.time" + dir + ", e.id" + dir;
    return s;
}

} // namespace

const char* EventQuery::sortColumn(Sort sort)
{
    switch (sort) {
    case Sort::Time: return "e.time";
    case Sort::Vault: return "e.vault";
    case Sort::Operation: return "e.operation";
    case Sort::Status: return "ifnull(e.http_status, -1)";
    case Sort::CallerIp: return "e.caller_ip";
    case Sort::Identity: return "e.identity";
    case Sort::Duration: return "ifnull(e.duration_ms, -1)";
    case Sort::ObjectName: return "e.object_name";
    }
    return "e.time";
}

const char* EventQuery::sortIndex(Sort sort)
{
    switch (sort) {
    case Sort::Time: return "events_time";
    case Sort::Vault: return "events_vault_time";
    case Sort::Operation: return "events_operation_time";
    case Sort::Status: return "events_status_time";
    case Sort::CallerIp: return "events_ip_time";
    case Sort::Identity: return "events_identity_time";
    case Sort::Duration: return "events_duration_time";
    case Sort::ObjectName: return "events_object_time";
    }
    return "events_time";
}

bool EventQuery::preferSortIndex(std::int64_t rows, std::int64_t total, std::int64_t pageSize)
{
    const double r = static_cast<double>(rows);
    return r * r > static_cast<double>(pageSize) * static_cast<double>(total);
}

std::string EventQuery::eventSource(Sort sort, bool viaSortIndex) const
{
    if (!viaSortIndex || sort == Sort::Time) {
        return "events";
    }
    // A case of an older schema may lack the index; INDEXED BY a missing index is an error.
    return m_case.eventsVia(sortIndex(sort));
}

Result<std::int64_t> EventQuery::rowEstimate() const
{
    try {
        auto st = m_case.db().prepare("SELECT ifnull(max(id), 0) FROM events");
        st.step();
        return st.int64(0);
    } catch (const DatabaseError& ex) {
        return Error{Error::Code::Database, m_case.path(), 0, ex.what()};
    }
}

std::string EventQuery::orderBy(Sort sort, bool descending)
{
    const std::string dir = descending ? " DESC" : " ASC";
    if (sort == Sort::Time) {
        return " ORDER BY e.time" + dir + ", e.id" + dir;
    }
    return std::string(" ORDER BY ") + sortColumn(sort) + dir + ", e.time" + dir + ", e.id" + dir;
}

EventSortKey EventQuery::keyOf(const EventRow& row, Sort sort)
{
    const Event& e = row.event;
    EventSortKey k;
    k.time = e.time.ticks();
    k.id = row.id;
    switch (sort) {
    case Sort::Time: k.value = e.time.ticks(); break;
    case Sort::Vault: k.value = e.vault; break;
    case Sort::Operation: k.value = e.operation; break;
    case Sort::Status: k.value = std::int64_t{e.httpStatus ? *e.httpStatus : -1}; break;
    case Sort::CallerIp: k.value = e.callerIp; break;
    case Sort::Identity:
        k.value = !e.identityObjectId.empty() ? e.identityObjectId
                                              : (!e.identityAppId.empty() ? e.identityAppId : e.identityUpn);
        break;
    case Sort::Duration: k.value = std::int64_t{e.durationMs ? *e.durationMs : -1}; break;
    case Sort::ObjectName: k.value = e.objectName; break;
    }
    return k;
}

Result<std::int64_t> EventQuery::count(const EventFilter& filter) const
{
    try {
        const SqlWhere w = filter.where("e");
        auto st = m_case.db().prepare("SELECT COUNT(*) FROM events e" + w.sql());
        w.bind(st);
        st.step();
        return st.int64(0);
    } catch (const DatabaseError& ex) {
        return Error{Error::Code::Database, m_case.path(), 0, ex.what()};
    }
}

Result<std::vector<EventRow>> EventQuery::page(const EventFilter& filter, Sort sort, bool descending,
                                               std::int64_t offset, std::int64_t limit) const
{
    try {
        return readRows(m_case, filter.where("e"), orderBy(sort, descending), limit, offset);
    } catch (const DatabaseError& ex) {
        return Error{Error::Code::Database, m_case.path(), 0, ex.what()};
    }
}

Result<std::vector<EventRow>> EventQuery::seek(const EventFilter& filter, Sort sort, bool descending, Seek how,
                                               const EventSortKey& key, std::int64_t limit, bool viaSortIndex) const
{
    try {
        // Walking towards the end of an ascending grid (or the start of a descending one) is an ascending scan.
        const bool ascendingScan = (how == Seek::Before) == descending;
        const SeekStatements s = seekStatements(filter, sort, ascendingScan, how == Seek::AtOrAfter, key);
        std::vector<EventRow> rows = readRows(m_case, s.sameValue, s.sameValueOrder, limit);
        const auto got = static_cast<std::int64_t>(rows.size());
        if (sort != Sort::Time && got < limit) {
            auto more = readRows(m_case, s.pastValue, s.pastValueOrder, limit - got, 0, eventSource(sort, viaSortIndex));
            rows.insert(rows.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
        }
        if (how == Seek::Before) {
            std::reverse(rows.begin(), rows.end());
        }
        return rows;
    } catch (const DatabaseError& ex) {
        return Error{Error::Code::Database, m_case.path(), 0, ex.what()};
    }
}

Result<std::vector<EventRow>> EventQuery::edge(const EventFilter& filter, Sort sort, bool descending, bool fromEnd,
                                               std::int64_t skip, std::int64_t limit, bool viaSortIndex) const
{
    try {
        auto rows = readRows(m_case, filter.where("e"), orderBy(sort, descending != fromEnd), limit, skip,
                             eventSource(sort, viaSortIndex));
        if (fromEnd) {
            std::reverse(rows.begin(), rows.end());
        }
        return rows;
    } catch (const DatabaseError& ex) {
        return Error{Error::Code::Database, m_case.path(), 0, ex.what()};
    }
}

Result<EventQuery::Anchors> EventQuery::anchors(const EventFilter& filter, Sort sort, bool descending,
                                                std::int64_t every, const std::atomic<bool>* cancel) const
{
    try {
        Anchors out;
        out.every = std::max<std::int64_t>(every, 1);
        const SqlWhere w = filter.where("e");
        // Only the key columns: with a filter on indexed columns this reads the (column, time) index alone.
        auto st = m_case.db().prepare(std::string("SELECT ") + sortColumn(sort) + ", e.time, e.id FROM events e" +
                                      w.sql() + orderBy(sort, descending));
        w.bind(st);
        const bool numeric = numericKey(sort);
        while (st.step()) {
            if (out.rows % out.every == 0) {
                EventSortKey k;
                if (numeric) {
                    k.value = st.int64(0);
                } else {
                    k.value = st.text(0);
                }
                k.time = st.int64(1);
                k.id = st.int64(2);
                out.keys.push_back(std::move(k));
            }
            ++out.rows;
            if (cancel && (out.rows & 0xfff) == 0 && cancel->load(std::memory_order_relaxed)) {
                return Error{Error::Code::Cancelled, m_case.path(), 0, "anchor pass superseded"};
            }
        }
        return out;
    } catch (const DatabaseError& ex) {
        return Error{Error::Code::Database, m_case.path(), 0, ex.what()};
    }
}

Result<std::vector<std::string>> EventQuery::seekPlan(const EventFilter& filter, Sort sort, bool descending,
                                                      bool viaSortIndex) const
{
    try {
        EventSortKey key;
        if (!numericKey(sort)) {
            key.value = std::string();
        }
        const SeekStatements s = seekStatements(filter, sort, !descending, false, key);
        struct Planned
        {
            const SqlWhere* where;
            std::string order;
            std::string table;
        };
        std::vector<Planned> statements{{&s.sameValue, s.sameValueOrder, "events"}};
        if (sort != Sort::Time) {
            statements.push_back({&s.pastValue, s.pastValueOrder, eventSource(sort, viaSortIndex)});
        }
        std::vector<std::string> details;
        for (const auto& [where, order, table] : statements) {
            auto st = m_case.db().prepare(std::string("EXPLAIN QUERY PLAN SELECT ") + kColumns + " FROM " + table +
                                          " e JOIN files f ON f.id = e.file_id" + where->sql() + order +
                                          " LIMIT ?");
            st.bind(where->bind(st), std::int64_t{500});
            std::string plan;
            while (st.step()) {
                plan += (plan.empty() ? "" : "; ") + st.text(3);
            }
            details.push_back(plan);
        }
        return details;
    } catch (const DatabaseError& ex) {
        return Error{Error::Code::Database, m_case.path(), 0, ex.what()};
    }
}

Result<EventRow> EventQuery::byId(std::int64_t id) const
{
    try {
        auto st = m_case.db().prepare(std::string("SELECT ") + kColumns +
                                      " FROM events e JOIN files f ON f.id = e.file_id WHERE e.id = ?");
        st.bind(1, id);
        if (!st.step()) {
            return Error{Error::Code::NotFound, m_case.path(), 0, "no event " + std::to_string(id)};
        }
        return readRow(st);
    } catch (const DatabaseError& ex) {
        return Error{Error::Code::Database, m_case.path(), 0, ex.what()};
    }
}

Result<std::vector<EventRow>> EventQuery::byIds(const std::vector<std::int64_t>& ids) const
{
    try {
        std::vector<EventRow> rows;
        auto st = m_case.db().prepare(std::string("SELECT ") + kColumns +
                                      " FROM events e JOIN files f ON f.id = e.file_id WHERE e.id = ?");
        for (const auto id : ids) {
            st.bind(1, id);
            if (st.step()) {
                rows.push_back(readRow(st));
            }
            st.reset();
        }
        std::sort(rows.begin(), rows.end(), [](const EventRow& a, const EventRow& b) {
            return a.event.time < b.event.time || (a.event.time == b.event.time && a.id < b.id);
        });
        return rows;
    } catch (const DatabaseError& ex) {
        return Error{Error::Code::Database, m_case.path(), 0, ex.what()};
    }
}

} // namespace kvw::core
