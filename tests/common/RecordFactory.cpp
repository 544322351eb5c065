#include "RecordFactory.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace kvw::test {

std::string RecordFactory::raw(const RawRecordSpec& s)
{
    nlohmann::ordered_json claim;
    if (s.longClaims) {
        claim["http://schemas.microsoft.com/identity/claims/objectidentifier"] = s.oid;
        if (!s.upn.empty()) {
            claim["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"] = s.upn;
        }
        claim["appid"] = s.appid;
    } else {
        claim["oid"] = s.oid;
        if (!s.upn.empty()) {
            claim["upn"] = s.upn;
        }
        claim["appid"] = s.appid;
    }
    std::string lowerVault = s.vault;
    for (char& c : lowerVault) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const std::string host = "https://" + lowerVault + ".vault.azure.net";
    nlohmann::ordered_json r;
    r["time"] = s.time;
    r["category"] = "AuditEvent";
    r["operationName"] = s.operation;
    r["resultType"] = "Success";
    r["correlationId"] = s.correlationId;
    r["callerIpAddress"] = s.ip;
    r["identity"] = {{"claim", claim}};
    r["properties"] = {{"id", host + "/secrets/" + s.secret + "/0123456789abcdef0123456789abcdef"},
                       {"clientInfo", "azsdk-net-Security.KeyVault.Secrets/4.5.0"},
                       {"httpStatusCode", s.status},
                       {"requestUri", host + "/secrets/" + s.secret + "/?api-version=7.4"},
                       {"isRbacAuthorized", true},
                       {"tlsVersion", "TLS1_3"}};
    r["resourceId"] = "/SUBSCRIPTIONS/" + s.subscription + "/RESOURCEGROUPS/" + s.resourceGroup +
                      "/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/" + s.vault;
    r["operationVersion"] = "7.4";
    r["resultSignature"] = s.status == 200 ? "OK" : s.status == 403 ? "Forbidden" : "Not Found";
    if (s.durationAsNumber) {
        r["durationMs"] = 12;
    } else {
        r["durationMs"] = "12";
    }
    return r.dump();
}

} // namespace kvw::test
