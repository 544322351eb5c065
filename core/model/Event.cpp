#include "core/model/Event.h"

#include <array>
#include <string_view>
#include <utility>

namespace kvw::core {
namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, const char*>, N>& table, const std::string& s)
{
    for (const auto& [value, name] : table) {
        if (s == name) {
            return value;
        }
    }
    return std::nullopt;
}

template <typename E, std::size_t N>
const char* name(const std::array<std::pair<E, const char*>, N>& table, E v)
{
    for (const auto& [value, text] : table) {
        if (value == v) {
            return text;
        }
    }
    return "unknown";
}

constexpr std::array<std::pair<OperationClass, const char*>, 14> kClasses{{
    {OperationClass::Other, "other"},
    {OperationClass::ReadSecret, "read_secret"},
    {OperationClass::Read, "read"},
    {OperationClass::List, "list"},
    {OperationClass::Write, "write"},
    {OperationClass::Delete, "delete"},
    {OperationClass::Purge, "purge"},
    {OperationClass::Recover, "recover"},
    {OperationClass::Backup, "backup"},
    {OperationClass::Restore, "restore"},
    {OperationClass::Policy, "policy"},
    {OperationClass::Crypto, "crypto"},
    {OperationClass::Notification, "notification"},
    {OperationClass::Auth, "auth"},
}};

constexpr std::array<std::pair<ResourceType, const char*>, 3> kResourceTypes{{
    {ResourceType::Unknown, "unknown"},
    {ResourceType::Vault, "vault"},
    {ResourceType::ManagedHsm, "managedhsm"},
}};

constexpr std::array<std::pair<ObjectType, const char*>, 6> kObjectTypes{{
    {ObjectType::Unknown, ""},
    {ObjectType::Vault, "vault"},
    {ObjectType::Secret, "secret"},
    {ObjectType::Key, "key"},
    {ObjectType::Certificate, "certificate"},
    {ObjectType::Hsm, "hsm"},
}};

constexpr std::array<std::pair<IdentityKind, const char*>, 4> kIdentityKinds{{
    {IdentityKind::Unknown, "unknown"},
    {IdentityKind::User, "user"},
    {IdentityKind::ServicePrincipal, "service_principal"},
    {IdentityKind::ManagedIdentity, "managed_identity"},
}};

constexpr std::array<std::pair<SourceFormat, const char*>, 8> kFormats{{
    {SourceFormat::Unknown, "unknown"},
    {SourceFormat::RawJsonLines, "auditevent-jsonlines"},
    {SourceFormat::RawRecords, "auditevent-records"},
    {SourceFormat::RawArray, "auditevent-array"},
    {SourceFormat::AzureDiagnosticsCsv, "azurediagnostics-csv"},
    {SourceFormat::AzkvAuditLogsCsv, "azkvauditlogs-csv"},
    {SourceFormat::LogAnalyticsJson, "loganalytics-json"},
    {SourceFormat::EcsNdjson, "ecs-ndjson"},
}};

} // namespace

const char* toString(ResourceType v) { return name(kResourceTypes, v); }
const char* toString(OperationClass v) { return name(kClasses, v); }
const char* toString(ObjectType v) { return name(kObjectTypes, v); }
const char* toString(IdentityKind v) { return name(kIdentityKinds, v); }
const char* toString(SourceFormat v) { return name(kFormats, v); }
std::optional<OperationClass> operationClassFromString(const std::string& s) { return lookup(kClasses, s); }
std::optional<ResourceType> resourceTypeFromString(const std::string& s) { return lookup(kResourceTypes, s); }
std::optional<IdentityKind> identityKindFromString(const std::string& s) { return lookup(kIdentityKinds, s); }

} // namespace kvw::core
