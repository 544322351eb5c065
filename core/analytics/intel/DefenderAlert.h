#pragma once

#include "core/common/Result.h"
#include "core/common/Timestamp.h"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

// One thing an alert points at, in the form events are matched on: ip (address), account (AAD object id or UPN,
// lower-case), application (app id, lower-case), azure-resource (resource id, lower-case), object (secret/key/
// certificate name from a Key Vault URI, lower-case), host.
struct AlertEntity
{
    std::string kind;
    std::string value;
    bool operator==(const AlertEntity&) const = default;
};

// A Defender for Cloud / Sentinel SecurityAlert in one model, whichever export it came from (detections.md
// "Alert records an analyst may bring").
struct DefenderAlert
{
    std::string systemAlertId;
    std::string alertType;
    std::string displayName;
    std::string severity;
    std::optional<Timestamp> start;
    std::optional<Timestamp> end;
    std::optional<Timestamp> timeGenerated;
    std::string resourceId;
    std::string subscription; // lower-case, from the resource id
    std::string vault;        // lower-case vault/HSM name, from the resource id
    std::string compromisedEntity;
    std::string description;
    std::string link;
    std::string status;
    std::string tactics;
    std::string productName;
    bool isSample = false; // SIMULATED_ alert types, "[SAMPLE ALERT]" titles
    std::string entitiesJson = "[]";
    std::string extendedJson = "{}";
    std::string raw;
    std::vector<AlertEntity> entities;

    // Key Vault alert types: KV_… and the portal's SIMULATED_KV_… samples.
    bool isKeyVaultAlert() const;

    // Continuous-export / REST (PascalCase, or ARM `properties.alertType`) and Log Analytics SecurityAlert rows
    // (Entities/ExtendedProperties as JSON text or already parsed). An error names the missing or bad field.
    static Result<DefenderAlert> fromJson(const nlohmann::json& record);
};

} // namespace kvw::core
