#include "core/analytics/intel/DefenderAlert.h"

#include "core/analytics/intel/JsonFields.h"
#include "core/model/AzureResourceId.h"

#include <algorithm>
#include <cctype>

namespace kvw::core {
namespace {

using nlohmann::json;

std::string trimmed(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

// "1.2.3.4", "[1.2.3.4, 5.6.7.8]", "1.2.3.4;5.6.7.8": Defender writes lists of addresses in one property. The
// sample alert's "00.00.00.00" is no valid dotted quad but is still what the alert says, so the test is loose.
std::vector<std::string> addressTokens(std::string_view value)
{
    std::vector<std::string> out;
    std::string token;
    auto flush = [&] {
        const bool hasDigit =
            std::any_of(token.begin(), token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (hasDigit && (token.find('.') != std::string::npos || token.find(':') != std::string::npos)) {
            out.push_back(toLower(token));
        }
        token.clear();
    };
    for (const char c : value) {
        if (std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':') {
            token += c;
        } else {
            flush();
        }
    }
    flush();
    return out;
}

void addEntity(std::vector<AlertEntity>& entities, std::string kind, std::string value)
{
    value = trimmed(value);
    if (value.empty()) {
        return;
    }
    AlertEntity e{std::move(kind), std::move(value)};
    if (std::find(entities.begin(), entities.end(), e) == entities.end()) {
        entities.push_back(std::move(e));
    }
}

void entitiesFromList(const json& list, std::vector<AlertEntity>& out)
{
    if (!list.is_array()) {
        return;
    }
    for (const auto& e : list) {
        if (!e.is_object()) {
            continue;
        }
        const std::string type = toLower(JsonFields::text(e, {"Type", "type"}));
        if (type == "ip") {
            for (const auto& a : addressTokens(JsonFields::text(e, {"Address"}))) {
                addEntity(out, "ip", a);
            }
        } else if (type == "account") {
            addEntity(out, "account", toLower(JsonFields::text(e, {"AadUserId"})));
            const std::string upn = JsonFields::text(e, {"UserPrincipalName", "Upn"});
            if (!upn.empty()) {
                addEntity(out, "account", toLower(upn));
            } else {
                const std::string name = JsonFields::text(e, {"Name"});
                const std::string suffix = JsonFields::text(e, {"UPNSuffix"});
                if (!name.empty() && !suffix.empty()) {
                    addEntity(out, "account", toLower(name + "@" + suffix));
                } else if (name.find('@') != std::string::npos) {
                    addEntity(out, "account", toLower(name));
                }
            }
        } else if (type == "azure-resource") {
            addEntity(out, "azure-resource", toLower(JsonFields::text(e, {"ResourceId"})));
        } else if (type == "host") {
            addEntity(out, "host", toLower(JsonFields::text(e, {"HostName", "NetBiosName"})));
        } else if (type == "cloud-application") {
            addEntity(out, "application", toLower(JsonFields::text(e, {"AppId", "ApplicationId"})));
        }
    }
}

// ExtendedProperties name the actors in prose keys ("Attacker IP Address", "Client IP Address", "Attacker Object
// ID", "Application ID", "Target").
void entitiesFromProperties(const json& props, std::vector<AlertEntity>& out)
{
    if (!props.is_object()) {
        return;
    }
    for (auto it = props.begin(); it != props.end(); ++it) {
        const std::string key = toLower(it.key());
        const std::string value = JsonFields::text(*it);
        if (value.empty()) {
            continue;
        }
        if (key.find("ip address") != std::string::npos || key == "client ip" || key == "ip" || key == "callerip" ||
            key == "calleripaddress" || key == "attacker ip") {
            for (const auto& a : addressTokens(value)) {
                addEntity(out, "ip", a);
            }
        } else if (key.find("object id") != std::string::npos || key == "objid" || key == "aaduserid") {
            addEntity(out, "account", toLower(value));
        } else if (key.find("principal name") != std::string::npos || key == "upn" || key == "user name") {
            if (value.find('@') != std::string::npos) {
                addEntity(out, "account", toLower(value));
            }
        } else if (key == "application id" || key == "app id" || key == "appid") {
            addEntity(out, "application", toLower(value));
        } else if (key == "effectiveazureresourceid") {
            addEntity(out, "azure-resource", toLower(value));
        } else if (key == "target") {
            const KeyVaultUri uri = KeyVaultUri::parse(value);
            if (!uri.objectName.empty()) {
                addEntity(out, "object", toLower(uri.objectName));
            }
        }
    }
}

std::string resourceIdentifier(const json& source)
{
    if (const auto* ids = JsonFields::find(source, {"ResourceIdentifiers"}); ids && ids->is_array()) {
        for (const auto& r : *ids) {
            if (JsonFields::iequals(JsonFields::text(r, {"Type"}), "AzureResource")) {
                return JsonFields::text(r, {"AzureResourceId"});
            }
        }
    }
    return {};
}

} // namespace

bool DefenderAlert::isKeyVaultAlert() const
{
    return JsonFields::istartsWith(alertType, "KV_") || JsonFields::istartsWith(alertType, "SIMULATED_KV_");
}

Result<DefenderAlert> DefenderAlert::fromJson(const json& record)
{
    if (!record.is_object()) {
        return Error{Error::Code::Format, "", 0, "SecurityAlert record is not a JSON object"};
    }
    // ARM REST form: {"id", "name", "properties": {"alertType", …}}.
    const json* props = JsonFields::find(record, {"properties"});
    const bool arm = props && props->is_object() && JsonFields::find(*props, {"alertType"});
    const json& src = arm ? *props : record;

    DefenderAlert a;
    a.systemAlertId = trimmed(JsonFields::text(src, {"SystemAlertId", "VendorOriginalId"}));
    if (a.systemAlertId.empty() && arm) {
        a.systemAlertId = trimmed(JsonFields::text(record, {"name"}));
    }
    if (a.systemAlertId.empty()) {
        return Error{Error::Code::Format, "", 0, "SecurityAlert record has no SystemAlertId"};
    }
    a.alertType = JsonFields::text(src, {"AlertType"});
    a.displayName = JsonFields::text(src, {"AlertDisplayName", "DisplayName", "AlertName"});
    a.severity = JsonFields::text(src, {"Severity", "AlertSeverity", "ReportedSeverity"});
    struct TimeField
    {
        std::optional<Timestamp>* target;
        std::initializer_list<std::string_view> names;
        const char* label;
    };
    for (const TimeField& f : {TimeField{&a.start, {"StartTimeUtc", "StartTime"}, "StartTime"},
                               TimeField{&a.end, {"EndTimeUtc", "EndTime"}, "EndTime"},
                               TimeField{&a.timeGenerated, {"TimeGenerated", "TimeGeneratedUtc"}, "TimeGenerated"}}) {
        if (const auto* v = JsonFields::find(src, f.names)) {
            *f.target = v->is_string() ? parseTimestamp(v->get_ref<const std::string&>()) : std::nullopt;
            if (!*f.target) {
                return Error{Error::Code::Format, "", 0,
                             std::string("SecurityAlert field ") + f.label +
                                 " is not a date-time: " + JsonFields::text(*v).substr(0, 60)};
            }
        }
    }
    if (!a.start) {
        a.start = a.timeGenerated;
    }
    if (!a.end) {
        a.end = a.start;
    }

    const json entities = JsonFields::parsedDynamic(JsonFields::find(src, {"Entities"}));
    const json extended = JsonFields::parsedDynamic(JsonFields::find(src, {"ExtendedProperties"}));
    if (!entities.is_null() && !entities.is_array()) {
        return Error{Error::Code::Format, "", 0, "SecurityAlert field Entities is not a JSON array"};
    }
    if (!extended.is_null() && !extended.is_object()) {
        return Error{Error::Code::Format, "", 0, "SecurityAlert field ExtendedProperties is not a JSON object"};
    }

    a.resourceId = JsonFields::text(src, {"AzureResourceId", "ResourceId", "_ResourceId"});
    if (a.resourceId.empty()) {
        a.resourceId = resourceIdentifier(src);
    }
    if (a.resourceId.empty() && extended.is_object()) {
        a.resourceId = JsonFields::text(extended, {"EffectiveAzureResourceId"});
    }
    const AzureResourceId rid = AzureResourceId::parse(a.resourceId);
    a.subscription = rid.subscription;
    if (rid.type != ResourceType::Unknown) {
        a.vault = rid.name;
    }
    a.compromisedEntity = JsonFields::text(src, {"CompromisedEntity"});
    a.description = JsonFields::text(src, {"Description"});
    a.link = JsonFields::text(src, {"AlertUri", "AlertLink"});
    a.status = JsonFields::text(src, {"Status"});
    a.tactics = JsonFields::text(src, {"Tactics", "Intent"});
    a.productName = JsonFields::text(src, {"ProductName"});
    a.isSample =
        JsonFields::istartsWith(a.alertType, "SIMULATED_") || JsonFields::istartsWith(a.displayName, "[SAMPLE ALERT]");
    if (!entities.is_null()) {
        a.entitiesJson = entities.dump(-1, ' ', false, json::error_handler_t::replace);
    }
    if (!extended.is_null()) {
        a.extendedJson = extended.dump(-1, ' ', false, json::error_handler_t::replace);
    }
    a.raw = record.dump(-1, ' ', false, json::error_handler_t::replace);

    entitiesFromList(entities, a.entities);
    entitiesFromProperties(extended, a.entities);
    if (!a.resourceId.empty()) {
        addEntity(a.entities, "azure-resource", toLower(a.resourceId));
    }
    return a;
}

} // namespace kvw::core
