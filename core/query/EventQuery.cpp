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
    "e.rbac_authorized, e.access_policy_match, e.trusted_service, f.path, e.record_index, e.format";

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
    return r;
}

} // namespace

const char* EventQuery::sortColumn(Sort sort)
{
    switch (sort) {
    case Sort::Time: return "e.time";
    case Sort::Vault: return "e.vault";
    case Sort::Operation: return "e.operation";
    case Sort::Status: return "e.http_status";
    case Sort::CallerIp: return "e.caller_ip";
    case Sort::Identity: return "e.identity";
    case Sort::Duration: return "e.duration_ms";
    case Sort::ObjectName: return "e.object_name";
    }
    return "e.time";
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
        const SqlWhere w = filter.where("e");
        // The id tiebreak keeps paging stable when many rows share a sort value.
        const std::string order = std::string(" ORDER BY ") + sortColumn(sort) + (descending ? " DESC" : " ASC") +
                                  ", e.id" + (descending ? " DESC" : " ASC");
        auto st = m_case.db().prepare(std::string("SELECT ") + kColumns +
                                      " FROM events e JOIN files f ON f.id = e.file_id" + w.sql() + order +
                                      " LIMIT ? OFFSET ?");
        int next = w.bind(st);
        st.bind(next++, limit);
        st.bind(next, offset);
        std::vector<EventRow> rows;
        while (st.step()) {
            rows.push_back(readRow(st));
        }
        return rows;
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
