#include "core/ingest/RawRecordNormaliser.h"

#include "core/common/Timestamp.h"
#include "core/ingest/EventCompleter.h"
#include "core/ingest/IdentityClaims.h"
#include "core/ingest/JsonValue.h"

#include <nlohmann/json.hpp>

namespace kvw::core {
namespace {

// A property is looked up in "properties" first, then at the top level (the Managed HSM sample flattens them).
class Props
{
public:
    explicit Props(const nlohmann::json& record) : m_record(record)
    {
        const auto it = record.find("properties");
        if (it != record.end()) {
            if (it->is_object()) {
                m_props = &*it;
            } else if (it->is_string()) {
                m_parsed = nlohmann::json::parse(it->get_ref<const std::string&>(), nullptr, false);
                if (m_parsed.is_object()) {
                    m_props = &m_parsed;
                }
            }
        }
    }
    std::string text(std::string_view key) const
    {
        std::string v = m_props ? JsonValue::text(*m_props, key) : std::string{};
        return v.empty() ? JsonValue::text(m_record, key) : v;
    }
    std::optional<std::int64_t> integer(std::string_view key) const
    {
        auto v = m_props ? JsonValue::integer(*m_props, key) : std::nullopt;
        return v ? v : JsonValue::integer(m_record, key);
    }
    std::optional<bool> boolean(std::string_view key) const
    {
        auto v = m_props ? JsonValue::boolean(*m_props, key) : std::nullopt;
        return v ? v : JsonValue::boolean(m_record, key);
    }

private:
    const nlohmann::json& m_record;
    const nlohmann::json* m_props = nullptr;
    nlohmann::json m_parsed;
};

// Raw records use camelCase; hand-made ones sometimes use PascalCase. Returns the first key present.
std::string field(const nlohmann::json& r, std::string_view camel, std::string_view pascal)
{
    std::string v = JsonValue::text(r, camel);
    return v.empty() ? JsonValue::text(r, pascal) : v;
}

} // namespace

bool RawRecordNormaliser::looksLikeRawRecord(const nlohmann::json& r)
{
    return r.is_object() && (r.contains("operationName") || r.contains("OperationName")) &&
           (r.contains("time") || r.contains("resourceId") || r.contains("TimeGenerated"));
}

RecordOutcome RawRecordNormaliser::normalise(const nlohmann::json& r)
{
    if (!r.is_object()) {
        return RecordOutcome::rejected("record is not a JSON object");
    }
    const std::string category = field(r, "category", "Category");
    if (!category.empty() && category != "AuditEvent") {
        return RecordOutcome::skipped("category " + category + " is not AuditEvent");
    }
    Event e;
    e.resourceId = field(r, "resourceId", "ResourceId");
    if (!EventCompleter::isKeyVaultResource(e.resourceId)) {
        return RecordOutcome::skipped("resource is not a Key Vault or Managed HSM");
    }
    const std::string time = field(r, "time", "TimeGenerated");
    if (time.empty()) {
        return RecordOutcome::rejected("record has no time");
    }
    const auto ts = parseTimestamp(time);
    if (!ts) {
        return RecordOutcome::rejected("unreadable time '" + time.substr(0, 64) + "'");
    }
    e.time = *ts;
    e.operation = field(r, "operationName", "OperationName");
    if (e.operation.empty()) {
        return RecordOutcome::rejected("record has no operationName");
    }
    e.operationVersion = field(r, "operationVersion", "OperationVersion");
    e.resultType = field(r, "resultType", "ResultType");
    e.resultSignature = field(r, "resultSignature", "ResultSignature");
    e.resultDescription = field(r, "resultDescription", "ResultDescription");
    e.callerIp = field(r, "callerIpAddress", "CallerIPAddress");
    e.correlationId = field(r, "correlationId", "CorrelationId");
    e.durationMs = JsonValue::integer(r, "durationMs");
    if (!e.durationMs) {
        e.durationMs = JsonValue::integer(r, "DurationMs");
    }

    const Props props(r);
    if (const auto status = props.integer("httpStatusCode")) {
        if (*status >= 100 && *status <= 999) {
            e.httpStatus = static_cast<int>(*status);
        }
    }
    e.requestUri = props.text("requestUri");
    e.objectUri = props.text("id");
    e.clientInfo = props.text("clientInfo");
    e.tlsVersion = props.text("tlsVersion");
    e.isRbacAuthorized = props.boolean("isRbacAuthorized");
    e.isAccessPolicyMatch = props.boolean("isAccessPolicyMatch");
    e.trustedService = props.text("trustedService");

    const auto identity = r.find("identity");
    if (identity != r.end()) {
        IdentityClaims::fromJson(*identity).applyTo(e);
    }
    EventCompleter::complete(e);
    return RecordOutcome::accepted(std::move(e));
}

} // namespace kvw::core
