#include "core/ingest/EcsRecordNormaliser.h"

#include "core/common/Timestamp.h"
#include "core/ingest/EventCompleter.h"
#include "core/ingest/IdentityClaims.h"
#include "core/ingest/JsonValue.h"
#include "core/ingest/RawRecordNormaliser.h"
#include "core/model/AzureResourceId.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kvw::core {
namespace {

using nlohmann::json;

constexpr std::string_view Platformlogs = "azure.platformlogs.";
constexpr std::string_view IdentityPrefix = "azure.platformlogs.identity.";
constexpr std::string_view PropertiesPrefix = "azure.platformlogs.properties.";

bool startsWith(std::string_view s, std::string_view p)
{
    return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

const json& sourceOf(const json& document)
{
    if (document.is_object()) {
        if (const auto it = document.find("_source"); it != document.end() && it->is_object()) {
            return *it;
        }
    }
    return document;
}

// Every leaf of the document under its dotted path, so nested, dotted and mixed spellings look the same.
// Sorted, so claims are fed in the same order as a raw record's (nlohmann objects are sorted too).
class FlatDocument
{
public:
    explicit FlatDocument(const json& source) { add(source, {}, 0); }

    const json* find(std::string_view path) const
    {
        const auto it = m_leaves.find(path);
        return it == m_leaves.end() ? nullptr : it->second;
    }
    std::string text(std::initializer_list<std::string_view> paths) const
    {
        for (const auto path : paths) {
            if (const json* v = find(path)) {
                std::string s = JsonValue::asText(*v);
                if (!s.empty()) {
                    return s;
                }
            }
        }
        return {};
    }
    std::optional<std::int64_t> integer(std::initializer_list<std::string_view> paths) const
    {
        for (const auto path : paths) {
            if (const json* v = find(path)) {
                const json wrapper = {{"v", *v}};
                if (auto i = JsonValue::integer(wrapper, "v")) {
                    return i;
                }
            }
        }
        return std::nullopt;
    }
    std::optional<bool> boolean(std::string_view path) const
    {
        if (const json* v = find(path)) {
            if (v->is_boolean()) {
                return v->get<bool>();
            }
            if (v->is_string()) {
                return JsonValue::parseBoolean(v->get_ref<const std::string&>());
            }
        }
        return std::nullopt;
    }
    bool hasPrefix(std::string_view prefix) const
    {
        const auto it = m_leaves.lower_bound(prefix);
        return it != m_leaves.end() && startsWith(it->first, prefix);
    }
    const std::map<std::string, const json*, std::less<>>& leaves() const { return m_leaves; }

private:
    void add(const json& node, const std::string& prefix, int depth)
    {
        if (node.is_object() && !node.empty() && depth < 16) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                add(*it, prefix.empty() ? it.key() : prefix + "." + it.key(), depth + 1);
            }
            return;
        }
        if (!prefix.empty()) {
            m_leaves.emplace(prefix, &node);
        }
    }

    std::map<std::string, const json*, std::less<>> m_leaves;
};

// event.original holds the record as Azure sent it; a one-record {"records":[…]} wrapper is unwrapped.
std::optional<json> originalRecord(const FlatDocument& doc)
{
    const json* original = doc.find("event.original");
    if (!original) {
        return std::nullopt;
    }
    json parsed =
        original->is_string() ? json::parse(original->get_ref<const std::string&>(), nullptr, false) : *original;
    if (parsed.is_object()) {
        if (const auto records = parsed.find("records");
            records != parsed.end() && records->is_array() && records->size() == 1) {
            parsed = records->front();
        }
    }
    if (RawRecordNormaliser::looksLikeRawRecord(parsed)) {
        return parsed;
    }
    return std::nullopt;
}

void collectClaims(const FlatDocument& doc, IdentityClaims& claims)
{
    if (const json* identity = doc.find("azure.platformlogs.identity"); identity && identity->is_string()) {
        claims = IdentityClaims::fromJson(*identity);
        return;
    }
    const auto& leaves = doc.leaves();
    for (auto it = leaves.lower_bound(IdentityPrefix); it != leaves.end() && startsWith(it->first, IdentityPrefix);
         ++it) {
        std::string_view claim = std::string_view(it->first).substr(IdentityPrefix.size());
        if (startsWith(claim, "claim.")) {
            claim.remove_prefix(6);
        }
        const std::string value = JsonValue::asText(*it->second);
        // The Elastic rule names the object id "objectid"; IdentityClaims knows "oid" and "…/objectidentifier".
        claims.set(claim == "objectid" ? std::string_view("oid") : claim, value);
    }
}

} // namespace

bool EcsRecordNormaliser::looksLikeEcs(const json& document)
{
    const json& source = sourceOf(document);
    if (!source.is_object()) {
        return false;
    }
    const FlatDocument doc(source);
    if (!doc.find("@timestamp")) {
        return false;
    }
    return doc.hasPrefix("azure.") || startsWith(doc.text({"event.dataset"}), "azure");
}

RecordOutcome EcsRecordNormaliser::normalise(const json& document)
{
    const json& source = sourceOf(document);
    if (!source.is_object()) {
        return RecordOutcome::rejected("document is not a JSON object");
    }
    const FlatDocument doc(source);
    if (auto original = originalRecord(doc)) {
        return RawRecordNormaliser::normalise(*original);
    }

    Event e;
    // The integration's grok leaves "MICROSOFT.KEYVAULT/VAULTS" (provider plus type) in azure.resource.provider.
    const std::string provider = toLower(doc.text({"azure.resource.provider"}));
    if (!provider.empty() && !startsWith(provider, "microsoft.keyvault")) {
        return RecordOutcome::skipped("resource provider " + doc.text({"azure.resource.provider"}) +
                                      " is not MICROSOFT.KEYVAULT");
    }
    e.resourceId = doc.text({"azure.resource.id", "azure.resource_id", "cloud.resource_id"});
    if (!EventCompleter::isKeyVaultResource(e.resourceId)) {
        return RecordOutcome::skipped("resource is not a Key Vault or Managed HSM");
    }
    if (!doc.hasPrefix(Platformlogs)) {
        const std::string dataset = doc.text({"event.dataset"});
        return RecordOutcome::skipped("document has no azure.platformlogs fields" +
                                      (dataset.empty() ? std::string{} : " (dataset " + dataset + ")"));
    }
    const std::string category = doc.text({"azure.platformlogs.category"});
    if (!category.empty() && category != "AuditEvent") {
        return RecordOutcome::skipped("category " + category + " is not AuditEvent");
    }
    const std::string time = doc.text({"@timestamp"});
    if (time.empty()) {
        return RecordOutcome::rejected("document has no @timestamp");
    }
    const auto ts = parseTimestamp(time);
    if (!ts) {
        return RecordOutcome::rejected("unreadable @timestamp '" + time.substr(0, 64) + "'");
    }
    e.time = *ts;
    e.operation = doc.text({"event.action", "azure.platformlogs.operation_name", "azure.platformlogs.operationName"});
    if (e.operation.empty()) {
        return RecordOutcome::rejected("document has no event.action");
    }
    if (e.resourceId.empty()) {
        e.subscription = doc.text({"azure.subscription_id"});
        e.resourceGroup = doc.text({"azure.resource.group"});
        e.vault = doc.text({"azure.resource.name"});
    }
    e.operationVersion = doc.text({"azure.platformlogs.operationVersion", "azure.platformlogs.operation_version"});
    e.resultType = doc.text({"azure.platformlogs.result_type", "azure.platformlogs.resultType"});
    e.resultSignature = doc.text({"azure.platformlogs.result_signature", "azure.platformlogs.resultSignature"});
    e.resultDescription = doc.text({"azure.platformlogs.resultDescription", "azure.platformlogs.result_description"});
    e.callerIp = doc.text({"source.ip", "client.ip", "azure.platformlogs.callerIpAddress"});
    e.correlationId = doc.text({"azure.correlation_id", "azure.platformlogs.correlationId"});
    e.durationMs = doc.integer({"azure.platformlogs.durationMs"});
    if (const json* duration = doc.find("event.duration"); !e.durationMs && duration) {
        // The integration moves durationMs to event.duration and multiplies it to nanoseconds; Key Vault writes
        // durationMs as a string, the multiplication fails (ignore_failure) and the milliseconds stay as text.
        const json wrapper = {{"v", *duration}};
        if (const auto v = JsonValue::integer(wrapper, "v")) {
            e.durationMs = duration->is_string() ? *v : *v / 1'000'000;
        }
    }

    const std::string props(PropertiesPrefix);
    if (const auto status = doc.integer({props + "httpStatusCode", "http.response.status_code"});
        status && *status >= 100 && *status <= 999) {
        e.httpStatus = static_cast<int>(*status);
    }
    e.requestUri = doc.text({props + "requestUri", "url.original"});
    e.objectUri = doc.text({props + "id"});
    e.clientInfo = doc.text({props + "clientInfo", "user_agent.original"});
    e.tlsVersion = doc.text({props + "tlsVersion"});
    e.isRbacAuthorized = doc.boolean(props + "isRbacAuthorized");
    e.isAccessPolicyMatch = doc.boolean(props + "isAccessPolicyMatch");
    e.trustedService = doc.text({props + "trustedService"});

    IdentityClaims claims;
    collectClaims(doc, claims);
    claims.applyTo(e);
    EventCompleter::complete(e);
    return RecordOutcome::accepted(std::move(e));
}

} // namespace kvw::core
