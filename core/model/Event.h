#pragma once

#include "core/common/Timestamp.h"

#include <cstdint>
#include <optional>
#include <string>

namespace kvw::core {

enum class ResourceType : std::uint8_t { Unknown = 0, Vault = 1, ManagedHsm = 2 };

// formats.md §10.6, with read_secret split out because reading a secret value is what attackers want.
enum class OperationClass : std::uint8_t {
    Other = 0,
    ReadSecret,
    Read,
    List,
    Write,
    Delete,
    Purge,
    Recover,
    Backup,
    Restore,
    Policy,
    Crypto,
    Notification,
    Auth,
};

enum class ObjectType : std::uint8_t { Unknown = 0, Vault, Secret, Key, Certificate, Hsm };

enum class IdentityKind : std::uint8_t { Unknown = 0, User, ServicePrincipal, ManagedIdentity };

// Which export a record came from; kept as provenance.
enum class SourceFormat : std::uint8_t {
    Unknown = 0,
    RawJsonLines,
    RawRecords,
    RawArray,
    AzureDiagnosticsCsv,
    AzkvAuditLogsCsv,
    LogAnalyticsJson,
    EcsNdjson,
};

const char* toString(ResourceType v);
const char* toString(OperationClass v);
const char* toString(ObjectType v);
const char* toString(IdentityKind v);
const char* toString(SourceFormat v);
std::optional<OperationClass> operationClassFromString(const std::string& s);
std::optional<ResourceType> resourceTypeFromString(const std::string& s);
std::optional<IdentityKind> identityKindFromString(const std::string& s);

// One normalised audit record. Optional values are those a record may simply not carry.
struct Event
{
    Timestamp time;
    std::string resourceId;       // as logged (upper-case ARM id)
    std::string subscription;     // lower-case GUID
    std::string resourceGroup;    // lower-case
    ResourceType resourceType = ResourceType::Unknown;
    std::string vault;            // lower-case vault or HSM name
    std::string operation;        // verbatim
    std::string operationVersion;
    OperationClass operationClass = OperationClass::Other;
    ObjectType objectType = ObjectType::Unknown;
    std::string objectName;
    std::string objectVersion;
    std::optional<int> httpStatus;
    std::string resultType;
    std::string resultSignature;
    std::string resultDescription;
    std::optional<std::int64_t> durationMs;
    std::string callerIp;
    std::string identityObjectId;
    std::string identityUpn;
    std::string identityAppId;
    IdentityKind identityKind = IdentityKind::Unknown;
    std::string clientInfo;
    std::string requestUri;
    std::string objectUri;        // properties.id
    std::string correlationId;
    std::string tlsVersion;
    std::optional<bool> isRbacAuthorized;
    std::optional<bool> isAccessPolicyMatch;
    std::string trustedService;

    // A request failed when its HTTP status is 400 or above; resultType says "Success" even for 403s.
    bool failed() const { return httpStatus.has_value() && *httpStatus >= 400; }
};

} // namespace kvw::core
