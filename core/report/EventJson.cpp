#include "core/report/EventJson.h"

namespace kvw::core {
namespace {

std::string optionalInt(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string{}; }
std::string optionalInt64(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string{}; }

} // namespace

nlohmann::json EventJson::toJson(const EventRow& r)
{
    const Event& e = r.event;
    nlohmann::json j;
    j["id"] = r.id;
    j["time"] = e.time.toIso();
    j["vault"] = e.vault;
    j["resource_type"] = toString(e.resourceType);
    j["subscription"] = e.subscription;
    j["resource_group"] = e.resourceGroup;
    j["resource_id"] = e.resourceId;
    j["operation"] = e.operation;
    j["operation_class"] = toString(e.operationClass);
    j["operation_version"] = e.operationVersion;
    j["object_type"] = toString(e.objectType);
    j["object_name"] = e.objectName;
    j["object_version"] = e.objectVersion;
    j["http_status"] = e.httpStatus ? nlohmann::json(*e.httpStatus) : nlohmann::json(nullptr);
    j["failed"] = e.failed();
    j["result_type"] = e.resultType;
    j["result_signature"] = e.resultSignature;
    j["result_description"] = e.resultDescription;
    j["duration_ms"] = e.durationMs ? nlohmann::json(*e.durationMs) : nlohmann::json(nullptr);
    j["caller_ip"] = e.callerIp;
    j["identity"] = {{"object_id", e.identityObjectId},
                     {"upn", e.identityUpn},
                     {"app_id", e.identityAppId},
                     {"kind", toString(e.identityKind)}};
    j["client_info"] = e.clientInfo;
    j["request_uri"] = e.requestUri;
    j["object_uri"] = e.objectUri;
    j["correlation_id"] = e.correlationId;
    j["tls_version"] = e.tlsVersion;
    j["rbac_authorized"] = e.isRbacAuthorized ? nlohmann::json(*e.isRbacAuthorized) : nlohmann::json(nullptr);
    j["access_policy_match"] =
        e.isAccessPolicyMatch ? nlohmann::json(*e.isAccessPolicyMatch) : nlohmann::json(nullptr);
    j["trusted_service"] = e.trustedService;
    j["source"] = {{"file", r.file}, {"record", r.recordIndex}, {"format", r.format}};
    return j;
}

const std::vector<std::string>& EventJson::csvHeader()
{
    static const std::vector<std::string> header{
        "id",         "time",       "vault",          "resource_type",  "subscription",  "operation",
        "class",      "object_type", "object_name",   "http_status",    "result_signature", "duration_ms",
        "caller_ip",  "identity_object_id", "identity_upn", "identity_app_id", "identity_kind", "client_info",
        "request_uri", "correlation_id", "source_file", "source_record"};
    return header;
}

std::vector<std::string> EventJson::csvCells(const EventRow& r)
{
    const Event& e = r.event;
    return {std::to_string(r.id), e.time.toIso(), e.vault, toString(e.resourceType), e.subscription, e.operation,
            toString(e.operationClass), toString(e.objectType), e.objectName, optionalInt(e.httpStatus),
            e.resultSignature, optionalInt64(e.durationMs), e.callerIp, e.identityObjectId, e.identityUpn,
            e.identityAppId, toString(e.identityKind), e.clientInfo, e.requestUri, e.correlationId, r.file,
            std::to_string(r.recordIndex)};
}

} // namespace kvw::core
