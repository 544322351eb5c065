#include "core/model/OperationClassifier.h"

#include <array>

namespace kvw::core {
namespace {

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool endsWith(std::string_view s, std::string_view p)
{
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

bool isCrypto(std::string_view op)
{
    static constexpr std::array<std::string_view, 9> suffixes{"Sign", "Verify", "Encrypt", "Decrypt", "Wrap",
                                                              "Unwrap", "Release", "WrapKey", "UnwrapKey"};
    for (const auto s : suffixes) {
        if (endsWith(op, s)) {
            return true;
        }
    }
    return false;
}

} // namespace

OperationClass OperationClassifier::classify(std::string_view op)
{
    if (op == "Authentication") {
        return OperationClass::Auth;
    }
    if (op == "SecretGet") {
        return OperationClass::ReadSecret;
    }
    if (op == "VaultAccessPolicyChangedEventGridNotification") {
        return OperationClass::Policy;
    }
    if (endsWith(op, "EventGridNotification")) {
        return OperationClass::Notification;
    }
    if (op == "VaultPut" || op == "VaultPatch" || endsWith(op, "PolicySet") || endsWith(op, "PolicyUpdate") ||
        (startsWith(op, "RoleAssignment") || startsWith(op, "RoleDefinition")) &&
            (contains(op, "Create") || contains(op, "Set") || contains(op, "Put") || contains(op, "Write") ||
             contains(op, "Delete") || contains(op, "Update"))) {
        return OperationClass::Policy;
    }
    if (endsWith(op, "Purge")) {
        return OperationClass::Purge;
    }
    if (endsWith(op, "Recover")) {
        return OperationClass::Recover;
    }
    if (endsWith(op, "Backup") || op == "BackupCreate" || (startsWith(op, "Backup") && !contains(op, "Get"))) {
        return OperationClass::Backup;
    }
    if (endsWith(op, "Restore") || (startsWith(op, "Restore") && !contains(op, "Get")) ||
        op == "SecurityDomainUpload") {
        return OperationClass::Restore;
    }
    if (endsWith(op, "Delete")) {
        return OperationClass::Delete;
    }
    if (startsWith(op, "Key") && isCrypto(op)) {
        return OperationClass::Crypto;
    }
    if (contains(op, "List")) {
        return OperationClass::List;
    }
    if (contains(op, "Get")) {
        return OperationClass::Read;
    }
    static constexpr std::array<std::string_view, 11> writes{"Set", "Create", "Import", "Update", "Put", "Patch",
                                                             "Enroll", "Renew", "Merge", "Rotate", "RotateIfDue"};
    for (const auto w : writes) {
        if (endsWith(op, w) || (w == "Rotate" && contains(op, "Rotate"))) {
            return OperationClass::Write;
        }
    }
    if (isCrypto(op)) {
        return OperationClass::Crypto;
    }
    return OperationClass::Other;
}

ObjectType OperationClassifier::objectTypeOf(std::string_view op, ResourceType resourceType)
{
    if (startsWith(op, "Secret")) {
        return ObjectType::Secret;
    }
    if (startsWith(op, "Key")) {
        return ObjectType::Key;
    }
    if (startsWith(op, "Certificate")) {
        return ObjectType::Certificate;
    }
    if (startsWith(op, "Vault")) {
        return ObjectType::Vault;
    }
    if (resourceType == ResourceType::ManagedHsm) {
        return ObjectType::Hsm;
    }
    return ObjectType::Unknown;
}

} // namespace kvw::core
