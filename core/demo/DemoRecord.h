#pragma once

#include "core/common/Timestamp.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

struct DemoResource;

// One identity claim as it appears in the raw record; `isArray` marks a raw JSON value such as [].
struct DemoClaim
{
    std::string key;
    std::string value;
    bool isArray = false;
};

// properties.addedAccessPolicy / removedAccessPolicy on a VaultPatch (key names as the AzureDiagnostics columns).
struct DemoAccessPolicy
{
    std::string tenantId;
    std::string objectId;
    std::vector<std::string> keys;
    std::vector<std::string> secrets;
    std::vector<std::string> certificates;
};

// properties.properties on ARM-relayed Vault* records.
struct DemoVaultConfig
{
    std::string skuFamily = "A";
    std::string skuName = "Standard";
    std::string tenantId;
    bool hasNetworkAcls = false;
    std::string bypass = "AzureServices";
    std::string defaultAction = "Allow";
    bool enabledForDeployment = false;
    bool enabledForDiskEncryption = false;
    bool enabledForTemplateDeployment = false;
    bool enableSoftDelete = true;
    int softDeleteRetentionInDays = 90;
    bool enableRbacAuthorization = true;
    std::optional<bool> enablePurgeProtection; // null when never set
};

// properties.keyProperties
struct DemoKeyProperties
{
    std::string type;                    // RSA, RSA-HSM, EC
    int size = 0;                        // 0: not logged
    std::vector<std::string> operations; // empty: not logged
    std::optional<bool> enabled;
    std::string hsmPlatform; // empty: not logged
};

// One audit record, close to the raw AuditEvent (formats.md §2); the writers serialise it per export format.
struct DemoRecord
{
    Timestamp time;
    Timestamp blobHour; // hour of the blob / file the record lands in (arrival, not event time)
    const DemoResource* resource = nullptr;

    std::string operationName;
    std::string operationVersion;
    std::string resultType = "Success"; // Azure writes Success even for 403/404
    std::string resultSignature;
    std::string resultDescription; // empty: key omitted
    std::int64_t durationMs = 0;
    std::string callerIp;
    std::string correlationId;

    bool identityEmpty = false; // unauthenticated Authentication 401: "identity":{}
    std::vector<DemoClaim> claims;

    // properties.*
    std::string id; // empty: key omitted
    std::string clientInfo;
    int httpStatusCode = 200;
    std::string requestUri;
    std::optional<bool> isAccessPolicyMatch;
    std::optional<bool> isRbacAuthorized;
    std::string tlsVersion;  // empty: key omitted (ARM-relayed records)
    bool armRelayed = false; // control plane via management.azure.com: other key order, config
    const DemoVaultConfig* vaultConfig = nullptr;
    std::optional<DemoAccessPolicy> addedAccessPolicy;
    std::optional<DemoAccessPolicy> removedAccessPolicy;
    const DemoKeyProperties* keyProperties = nullptr;
    std::string secretContentType; // properties.secretProperties.type; empty: omitted

    // Generator bookkeeping, never serialised.
    int incident = -1;      // index into the incident list, -1 for background traffic
    int identityIndex = -1; // DemoWorld identity, -1 for anonymous

    bool isHsm() const;
    // The claim value for one of several keys (first match), or empty.
    const std::string& claim(const char* key) const;
    std::string objectId() const; // oid, else the objectidentifier URI claim
    std::string upn() const;      // upn, else the upn URI claim
};

// HTTP reason phrase as Key Vault writes it into resultSignature.
const char* demoReasonPhrase(int httpStatus);

} // namespace kvw::core
