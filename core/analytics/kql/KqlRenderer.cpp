#include "core/analytics/kql/KqlRenderer.h"

#include "core/model/AzureResourceId.h"

namespace kvw::core {
namespace {

std::string datetime(Timestamp t) { return "datetime(" + t.toIso() + ")"; }

} // namespace

std::string KqlRenderer::quote(std::string_view text)
{
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += ' ';
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string KqlRenderer::dynamicList(std::string_view commaSeparated)
{
    std::string out = "dynamic([";
    std::string cur;
    bool first = true;
    auto flush = [&] {
        const auto b = cur.find_first_not_of(' ');
        const auto e = cur.find_last_not_of(' ');
        if (b != std::string::npos) {
            out += (first ? "" : ", ") + quote(cur.substr(b, e - b + 1));
            first = false;
        }
        cur.clear();
    };
    for (const char c : commaSeparated) {
        if (c == ',') {
            flush();
        } else {
            cur += c;
        }
    }
    flush();
    return out + "])";
}

std::string KqlRenderer::base(const EventFilter& filter, KqlTable table)
{
    std::string q;
    if (table == KqlTable::AzureDiagnostics) {
        q = "AzureDiagnostics\n"
            "| where ResourceProvider =~ \"MICROSOFT.KEYVAULT\" and Category == \"AuditEvent\"\n"
            "| where ResourceType in~ (\"VAULTS\", \"MANAGEDHSMS\")\n"
            "| extend CallerObjectId = iff(isempty(identity_claim_oid_g), "
            "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g, identity_claim_oid_g),\n"
            "    CallerUpn = iff(isempty(identity_claim_upn_s), "
            "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s, identity_claim_upn_s)\n";
    } else {
        q = "AZKVAuditLogs\n"
            "| extend ResourceId = _ResourceId, Resource = toupper(tostring(split(_ResourceId, \"/\")[-1])),\n"
            "    ResourceType = iff(tolower(_ResourceId) has \"/managedhsms/\", \"MANAGEDHSMS\", \"VAULTS\"),\n"
            "    CallerIPAddress = CallerIpAddress, requestUri_s = RequestUri, clientInfo_s = ClientInfo,\n"
            "    httpStatusCode_d = toreal(HttpStatusCode), id_s = Id,\n"
            "    identity_claim_appid_g = tostring(Identity.claim.appid),\n"
            "    CallerObjectId = coalesce(tostring(Identity.claim.oid), "
            "tostring(Identity.claim[\"http://schemas.microsoft.com/identity/claims/objectidentifier\"])),\n"
            "    CallerUpn = coalesce(tostring(Identity.claim.upn), "
            "tostring(Identity.claim[\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn\"]))\n";
    }
    q += "| extend CallerIdentity = case(isnotempty(CallerObjectId), CallerObjectId, "
         "isnotempty(identity_claim_appid_g), identity_claim_appid_g, CallerUpn),\n"
         "    Succeeded = iff(isnotempty(httpStatusCode_d), toint(httpStatusCode_d) < 400, ResultType =~ \"Success\")";
    if (filter.from && filter.to) {
        q += "\n| where TimeGenerated >= " + datetime(*filter.from) + " and TimeGenerated < " + datetime(*filter.to);
    } else if (filter.from) {
        q += "\n| where TimeGenerated >= " + datetime(*filter.from);
    } else if (filter.to) {
        q += "\n| where TimeGenerated < " + datetime(*filter.to);
    }
    if (!filter.vaults.empty()) {
        std::string cond;
        for (const auto& v : filter.vaults) {
            cond += (cond.empty() ? "" : " or ") + std::string("tolower(ResourceId) endswith ") + quote("/" + toLower(v));
        }
        q += "\n| where " + cond;
    }
    if (!filter.subscriptions.empty()) {
        std::string cond;
        for (const auto& s : filter.subscriptions) {
            cond += (cond.empty() ? "" : " or ") + std::string("tolower(ResourceId) contains ") +
                    quote("/subscriptions/" + toLower(s) + "/");
        }
        q += "\n| where " + cond;
    }
    if (filter.resourceType == ResourceType::Vault) {
        q += "\n| where ResourceType =~ \"VAULTS\"";
    } else if (filter.resourceType == ResourceType::ManagedHsm) {
        q += "\n| where ResourceType =~ \"MANAGEDHSMS\"";
    }
    if (filter.identities == EventFilter::Identities::Users) {
        q += "\n| where isnotempty(CallerUpn)";
    } else if (filter.identities == EventFilter::Identities::Services) {
        q += "\n| where isempty(CallerUpn)";
    }
    if (!filter.operations.empty()) {
        std::string ops;
        for (const auto& o : filter.operations) {
            ops += (ops.empty() ? "" : ", ") + quote(o);
        }
        q += "\n| where OperationName in~ (" + ops + ")";
    }
    if (!filter.callerIp.empty()) {
        q += "\n| where CallerIPAddress == " + quote(filter.callerIp);
    }
    if (!filter.identity.empty()) {
        q += "\n| where CallerObjectId =~ " + quote(filter.identity) + " or identity_claim_appid_g =~ " +
             quote(filter.identity) + " or CallerUpn =~ " + quote(filter.identity);
    }
    if (filter.failedOnly) {
        q += "\n| where toint(httpStatusCode_d) >= 400";
    }
    if (!filter.text.empty()) {
        q += "\n| where * contains " + quote(filter.text);
    }
    return q;
}

std::string KqlRenderer::expand(std::string_view text, const std::map<std::string, std::string>& parameters,
                                const EventFilter& filter, KqlTable table, const AllowList& allowList)
{
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto open = text.find("{{", pos);
        if (open == std::string_view::npos) {
            out += text.substr(pos);
            break;
        }
        const auto close = text.find("}}", open);
        if (close == std::string_view::npos) {
            out += text.substr(pos);
            break;
        }
        out += text.substr(pos, open - pos);
        const std::string key(text.substr(open + 2, close - open - 2));
        if (key == "BASE") {
            out += base(filter, table);
        } else if (key == "ALLOWED_APPS") {
            std::string apps;
            for (const auto& a : allowList.appIds) {
                apps += (apps.empty() ? "" : ",") + a;
            }
            out += dynamicList(apps);
        } else {
            const auto colon = key.find(':');
            const std::string name = key.substr(0, colon);
            const auto it = parameters.find(name);
            const std::string value = it == parameters.end() ? std::string() : it->second;
            if (colon != std::string::npos && key.substr(colon + 1) == "list") {
                out += dynamicList(value);
            } else if (colon != std::string::npos && key.substr(colon + 1) == "str") {
                out += quote(value);
            } else {
                // Numbers and timespans (1d, 10m) are KQL literals as written; anything else is quoted.
                const bool literal = !value.empty() && value.find_first_not_of("0123456789.dhms") == std::string::npos;
                out += literal ? value : quote(value);
            }
        }
        pos = close + 2;
    }
    return out;
}

std::string KqlRenderer::renderRule(const RuleDefinition& rule, const std::map<std::string, std::string>& parameters,
                                    const EventFilter& filter, KqlTable table, const AllowList& allowList)
{
    std::string head = "// " + rule.title + " (" + rule.id + ", " + toString(rule.source) + ")\n// " +
                       rule.reference + "\n";
    if (table == KqlTable::AzkvAuditLogs && !rule.kqlAppliesToAzkv) {
        head += "// This rule reads AzureDiagnostics-only columns; shown over AzureDiagnostics.\n";
        table = KqlTable::AzureDiagnostics;
    }
    std::string params;
    for (const auto& [k, v] : parameters) {
        params += (params.empty() ? "" : ", ") + k + "=" + v;
    }
    // A comment line must stay one line whatever an override contains.
    for (char& c : params) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    if (!params.empty()) {
        head += "// parameters: " + params + "\n";
    }
    return head + expand(rule.kql, parameters, filter, table, allowList) + "\n";
}

} // namespace kvw::core
