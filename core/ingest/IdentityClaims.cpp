#include "core/ingest/IdentityClaims.h"

#include "core/model/AzureResourceId.h"

#include <nlohmann/json.hpp>

namespace kvw::core {
namespace {

bool endsWith(std::string_view s, std::string_view p)
{
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Strips the AzureDiagnostics column decoration: "identity_claim_" prefix and a "_s"/"_g"/"_d"/"_b" suffix.
std::string_view bareClaimName(std::string_view key)
{
    if (key.rfind("identity_claim_", 0) == 0) {
        key.remove_prefix(15);
        if (key.size() > 2 && key[key.size() - 2] == '_') {
            key.remove_suffix(2);
        }
    }
    return key;
}

void collect(IdentityClaims& claims, const nlohmann::json& obj, int depth)
{
    if (depth > 4 || !obj.is_object()) {
        return;
    }
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (it->is_string()) {
            claims.set(it.key(), it->get_ref<const std::string&>());
        } else if (it->is_object()) {
            // {"claim":{…}} and the HSM sample's nested "http_schemas_microsoft_com_identity": {"claims.objectidentifier": …}
            IdentityClaims nested;
            collect(nested, *it, depth + 1);
            const std::string prefix = it.key();
            for (auto jt = it->begin(); jt != it->end(); ++jt) {
                if (jt->is_string()) {
                    claims.set(prefix + "." + jt.key(), jt->get_ref<const std::string&>());
                }
            }
            if (claims.objectId.empty()) {
                claims.objectId = nested.objectId;
            }
            if (claims.upn.empty()) {
                claims.upn = nested.upn;
            }
            if (claims.appId.empty()) {
                claims.appId = nested.appId;
            }
            if (claims.idType.empty()) {
                claims.idType = nested.idType;
            }
            if (claims.managedIdentityResource.empty()) {
                claims.managedIdentityResource = nested.managedIdentityResource;
            }
            if (claims.name.empty()) {
                claims.name = nested.name;
            }
        }
    }
}

} // namespace

void IdentityClaims::set(std::string_view rawKey, std::string_view value)
{
    if (value.empty()) {
        return;
    }
    const std::string key = toLower(bareClaimName(rawKey));
    auto assign = [&](std::string& field) {
        if (field.empty()) {
            field = std::string(value);
        }
    };
    if (key == "oid" || endsWith(key, "objectidentifier")) {
        assign(objectId);
    } else if (key == "upn" || endsWith(key, "claims/upn") || endsWith(key, "claims_upn")) {
        assign(upn);
    } else if (key == "appid" || endsWith(key, "/appid") || endsWith(key, "_appid")) {
        assign(appId);
    } else if (key == "idtyp") {
        assign(idType);
    } else if (key == "xms_mirid") {
        assign(managedIdentityResource);
    } else if (key == "unique_name" || endsWith(key, "claims/name") || endsWith(key, "claims_name")) {
        assign(name);
    }
}

IdentityClaims IdentityClaims::fromJson(const nlohmann::json& identity)
{
    IdentityClaims claims;
    if (identity.is_string()) {
        const auto parsed = nlohmann::json::parse(identity.get_ref<const std::string&>(), nullptr, false);
        if (!parsed.is_discarded()) {
            collect(claims, parsed, 0);
        }
        return claims;
    }
    collect(claims, identity, 0);
    return claims;
}

IdentityKind IdentityClaims::kind() const
{
    if (!managedIdentityResource.empty()) {
        return IdentityKind::ManagedIdentity;
    }
    if (!upn.empty() || idType == "user") {
        return IdentityKind::User;
    }
    if (idType == "app" || !appId.empty() || !objectId.empty()) {
        return IdentityKind::ServicePrincipal;
    }
    return IdentityKind::Unknown;
}

void IdentityClaims::applyTo(Event& e) const
{
    e.identityObjectId = toLower(objectId);
    e.identityUpn = upn;
    e.identityAppId = toLower(appId);
    e.identityKind = kind();
}

} // namespace kvw::core
