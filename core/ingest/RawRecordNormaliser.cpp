#include "core/ingest/RawRecordNormaliser.h"

#include "core/common/Timestamp.h"
#include "core/ingest/EventCompleter.h"
#include "core/ingest/IdentityClaims.h"
#include "core/ingest/JsonValue.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <array>
#include <cmath>

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


// ---- The simdjson hot path (normaliseText). Every value is read with the same rules as JsonValue; anything that
// would need a judgement call (an unknown top-level key, a repeated key, properties as JSON text) returns nullopt.
namespace dom = simdjson::dom;

nlohmann::json toNlohmann(dom::element e)
{
    switch (e.type()) {
    case dom::element_type::ARRAY: {
        nlohmann::json a = nlohmann::json::array();
        for (const dom::element x : dom::array(e)) {
            a.push_back(toNlohmann(x));
        }
        return a;
    }
    case dom::element_type::OBJECT: {
        nlohmann::json o = nlohmann::json::object();
        for (const auto f : dom::object(e)) {
            o[std::string(f.key)] = toNlohmann(f.value); // the last of repeated keys wins, as in nlohmann's parser
        }
        return o;
    }
    case dom::element_type::INT64: {
        const std::int64_t v = std::int64_t(e);
        // nlohmann stores non-negative integers as unsigned.
        return v >= 0 ? nlohmann::json(static_cast<std::uint64_t>(v)) : nlohmann::json(v);
    }
    case dom::element_type::UINT64:
        return nlohmann::json(std::uint64_t(e));
    case dom::element_type::DOUBLE:
        return nlohmann::json(double(e));
    case dom::element_type::STRING:
        return nlohmann::json(std::string(std::string_view(e)));
    case dom::element_type::BOOL:
        return nlohmann::json(bool(e));
    case dom::element_type::NULL_VALUE:
        break;
    }
    return nlohmann::json(nullptr);
}

// JsonValue::asText over a simdjson element.
std::string asText(dom::element e)
{
    switch (e.type()) {
    case dom::element_type::STRING:
        return std::string(std::string_view(e));
    case dom::element_type::NULL_VALUE:
        return {};
    default:
        return JsonValue::asText(toNlohmann(e));
    }
}

// JsonValue::integer over a simdjson element.
std::optional<std::int64_t> asInteger(dom::element e)
{
    switch (e.type()) {
    case dom::element_type::INT64:
        return std::int64_t(e);
    case dom::element_type::UINT64:
        return static_cast<std::int64_t>(std::uint64_t(e));
    case dom::element_type::DOUBLE: {
        const double d = double(e);
        return std::isfinite(d) && std::fabs(d) < 9e15 ? std::optional<std::int64_t>(static_cast<std::int64_t>(d))
                                                      : std::nullopt;
    }
    case dom::element_type::STRING:
        return JsonValue::parseInteger(std::string_view(e));
    default:
        return std::nullopt;
    }
}

// JsonValue::boolean over a simdjson element.
std::optional<bool> asBoolean(dom::element e)
{
    switch (e.type()) {
    case dom::element_type::BOOL:
        return bool(e);
    case dom::element_type::STRING:
        return JsonValue::parseBoolean(std::string_view(e));
    default:
        return std::nullopt;
    }
}

// The top-level keys of a plain raw record. Ignored ones are read by no mapper on the raw-record route.
enum Top : int {
    TopTime, TopResourceId, TopOperationName, TopOperationVersion, TopCategory, TopResultType, TopResultSignature,
    TopResultDescription, TopDurationMs, TopCallerIp, TopCorrelationId, TopIdentity, TopProperties, TopCount,
    TopIgnored = -1, TopUnknown = -2
};

int topSlot(std::string_view k)
{
    static constexpr std::array<std::string_view, TopCount> names{
        "time", "resourceId", "operationName", "operationVersion", "category", "resultType", "resultSignature",
        "resultDescription", "durationMs", "callerIpAddress", "correlationId", "identity", "properties"};
    for (int i = 0; i < TopCount; ++i) {
        if (names[static_cast<std::size_t>(i)] == k) {
            return i;
        }
    }
    if (k == "level" || k == "Level" || k == "location" || k == "tenantId") {
        return TopIgnored;
    }
    return TopUnknown;
}

enum Prop : int {
    PropStatus, PropRequestUri, PropId, PropClientInfo, PropTls, PropRbac, PropPolicy, PropTrusted, PropCount
};

int propSlot(std::string_view k)
{
    static constexpr std::array<std::string_view, PropCount> names{
        "httpStatusCode", "requestUri", "id", "clientInfo", "tlsVersion", "isRbacAuthorized", "isAccessPolicyMatch",
        "trustedService"};
    for (int i = 0; i < PropCount; ++i) {
        if (names[static_cast<std::size_t>(i)] == k) {
            return i;
        }
    }
    return -1;
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
    RawFields f;
    f.category = field(r, "category", "Category");
    f.resourceId = field(r, "resourceId", "ResourceId");
    f.time = field(r, "time", "TimeGenerated");
    f.operation = field(r, "operationName", "OperationName");
    f.operationVersion = field(r, "operationVersion", "OperationVersion");
    f.resultType = field(r, "resultType", "ResultType");
    f.resultSignature = field(r, "resultSignature", "ResultSignature");
    f.resultDescription = field(r, "resultDescription", "ResultDescription");
    f.callerIp = field(r, "callerIpAddress", "CallerIPAddress");
    f.correlationId = field(r, "correlationId", "CorrelationId");
    f.durationMs = JsonValue::integer(r, "durationMs");
    if (!f.durationMs) {
        f.durationMs = JsonValue::integer(r, "DurationMs");
    }
    const Props props(r);
    f.httpStatus = props.integer("httpStatusCode");
    f.requestUri = props.text("requestUri");
    f.objectUri = props.text("id");
    f.clientInfo = props.text("clientInfo");
    f.tlsVersion = props.text("tlsVersion");
    f.isRbacAuthorized = props.boolean("isRbacAuthorized");
    f.isAccessPolicyMatch = props.boolean("isAccessPolicyMatch");
    f.trustedService = props.text("trustedService");
    const auto identity = r.find("identity");
    if (identity != r.end()) {
        f.identity = IdentityClaims::fromJson(*identity);
    }
    return build(std::move(f));
}

RecordOutcome RawRecordNormaliser::build(RawFields f)
{
    if (!f.category.empty() && f.category != "AuditEvent") {
        return RecordOutcome::skipped("category " + f.category + " is not AuditEvent");
    }
    Event e;
    e.resourceId = std::move(f.resourceId);
    if (!EventCompleter::isKeyVaultResource(e.resourceId)) {
        return RecordOutcome::skipped("resource is not a Key Vault or Managed HSM");
    }
    if (f.time.empty()) {
        return RecordOutcome::rejected("record has no time");
    }
    const auto ts = parseTimestamp(f.time);
    if (!ts) {
        return RecordOutcome::rejected("unreadable time '" + f.time.substr(0, 64) + "'");
    }
    e.time = *ts;
    e.operation = std::move(f.operation);
    if (e.operation.empty()) {
        return RecordOutcome::rejected("record has no operationName");
    }
    e.operationVersion = std::move(f.operationVersion);
    e.resultType = std::move(f.resultType);
    e.resultSignature = std::move(f.resultSignature);
    e.resultDescription = std::move(f.resultDescription);
    e.callerIp = std::move(f.callerIp);
    e.correlationId = std::move(f.correlationId);
    e.durationMs = f.durationMs;
    if (f.httpStatus && *f.httpStatus >= 100 && *f.httpStatus <= 999) {
        e.httpStatus = static_cast<int>(*f.httpStatus);
    }
    e.requestUri = std::move(f.requestUri);
    e.objectUri = std::move(f.objectUri);
    e.clientInfo = std::move(f.clientInfo);
    e.tlsVersion = std::move(f.tlsVersion);
    e.isRbacAuthorized = f.isRbacAuthorized;
    e.isAccessPolicyMatch = f.isAccessPolicyMatch;
    e.trustedService = std::move(f.trustedService);
    if (f.identity) {
        f.identity->applyTo(e);
    }
    EventCompleter::complete(e);
    return RecordOutcome::accepted(std::move(e));
}

std::optional<RecordOutcome> RawRecordNormaliser::normaliseText(std::string_view text)
{
    // simdjson is laxer than nlohmann about raw control bytes in strings; such lines take the general path.
    for (const char c : text) {
        if (static_cast<unsigned char>(c) < 0x20 && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            return std::nullopt;
        }
    }
    // One parser and one padded buffer per thread: no allocation per record.
    thread_local dom::parser parser;
    thread_local std::string padded;
    padded.assign(text);
    padded.append(simdjson::SIMDJSON_PADDING, '\0');
    dom::element doc;
    if (parser.parse(padded.data(), text.size(), false).get(doc) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    dom::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    std::array<std::optional<dom::element>, TopCount> top{};
    for (const auto f : obj) {
        const int slot = topSlot(f.key);
        if (slot == TopUnknown) {
            return std::nullopt;
        }
        if (slot == TopIgnored) {
            continue;
        }
        auto& s = top[static_cast<std::size_t>(slot)];
        if (s) {
            return std::nullopt;
        }
        s = f.value;
    }
    // JsonRecordRouter sends an object to normalise() only when it looks like a raw record; with these keys only,
    // no earlier route (Log Analytics rows need TimeGenerated without time, ECS needs @timestamp) can claim it.
    if (!top[TopTime] || !top[TopOperationName]) {
        return std::nullopt;
    }
    std::array<std::optional<dom::element>, PropCount> props{};
    if (top[TopProperties]) {
        const dom::element p = *top[TopProperties];
        if (p.type() == dom::element_type::STRING) {
            return std::nullopt; // properties as JSON text: rare, left to the general path
        }
        if (p.type() == dom::element_type::OBJECT) {
            for (const auto f : dom::object(p)) {
                const int slot = propSlot(f.key);
                if (slot < 0) {
                    continue;
                }
                auto& s = props[static_cast<std::size_t>(slot)];
                if (s) {
                    return std::nullopt;
                }
                s = f.value;
            }
        }
    }
    const auto text_ = [&](int slot) {
        const auto& v = top[static_cast<std::size_t>(slot)];
        return v ? asText(*v) : std::string{};
    };
    const auto propText = [&](int slot) {
        const auto& v = props[static_cast<std::size_t>(slot)];
        return v ? asText(*v) : std::string{};
    };
    RawFields f;
    f.category = text_(TopCategory);
    f.resourceId = text_(TopResourceId);
    f.time = text_(TopTime);
    f.operation = text_(TopOperationName);
    f.operationVersion = text_(TopOperationVersion);
    f.resultType = text_(TopResultType);
    f.resultSignature = text_(TopResultSignature);
    f.resultDescription = text_(TopResultDescription);
    f.callerIp = text_(TopCallerIp);
    f.correlationId = text_(TopCorrelationId);
    if (top[TopDurationMs]) {
        f.durationMs = asInteger(*top[TopDurationMs]);
    }
    if (props[PropStatus]) {
        f.httpStatus = asInteger(*props[PropStatus]);
    }
    f.requestUri = propText(PropRequestUri);
    f.objectUri = propText(PropId);
    f.clientInfo = propText(PropClientInfo);
    f.tlsVersion = propText(PropTls);
    if (props[PropRbac]) {
        f.isRbacAuthorized = asBoolean(*props[PropRbac]);
    }
    if (props[PropPolicy]) {
        f.isAccessPolicyMatch = asBoolean(*props[PropPolicy]);
    }
    f.trustedService = propText(PropTrusted);
    if (top[TopIdentity]) {
        // Claims are matched in nlohmann's (sorted) key order; the identity object is small, so convert it.
        f.identity = IdentityClaims::fromJson(toNlohmann(*top[TopIdentity]));
    }
    return build(std::move(f));
}

} // namespace kvw::core
