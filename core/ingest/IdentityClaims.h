#pragma once

#include "core/model/Event.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace kvw::core {

// The caller's token claims, coalesced across the short JWT names (oid, upn) and the long URI names
// (…/claims/objectidentifier, …/claims/upn) that ARM-relayed records use (formats.md §2.2).
struct IdentityClaims
{
    std::string objectId;
    std::string upn;
    std::string appId;
    std::string idType;     // idtyp: "app" or "user"
    std::string managedIdentityResource;  // xms_mirid
    std::string name;       // …/claims/name or unique_name

    // From a claim object ({"oid":…}) or an identity object ({"claim":{…}}), or either as JSON text.
    static IdentityClaims fromJson(const nlohmann::json& identity);
    // Feeds one claim by its key in any style: "oid", "http://schemas…/objectidentifier",
    // AzureDiagnostics' "identity_claim_oid_g" / "identity_claim_http_schemas_…_objectidentifier_g".
    void set(std::string_view key, std::string_view value);

    IdentityKind kind() const;
    void applyTo(Event& e) const;
};

} // namespace kvw::core
