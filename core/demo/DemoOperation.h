#pragma once

#include "core/demo/DemoWorld.h"

#include <cstdint>

namespace kvw::core {

// Every operation the generator emits.
enum class DemoOp : std::uint8_t {
    Authentication,
    VaultGet,
    VaultPatch,
    VaultDelete,
    SecretGet,
    SecretList,
    SecretListVersions,
    SecretSet,
    SecretUpdate,
    SecretDelete,
    SecretPurge,
    SecretBackup,
    KeyGet,
    KeyList,
    KeyListVersions,
    KeyCreate,
    KeyRotate,
    KeyUpdate,
    KeyBackup,
    KeyDelete,
    KeyPurge,
    KeySign,
    KeyVerify,
    KeyWrap,
    KeyUnwrap,
    KeyEncrypt,
    KeyDecrypt,
    CertificateGet,
    CertificateList,
    CertificateListVersions,
    CertificateCreate,
    CertificateImport,
    CertificatePolicyGet,
    SecurityDomainBackup,
    SecurityDomainBackupStatusGet,
    RoleAssignmentCreate,
    RoleAssignmentDelete,
    RoleAssignmentList,
    Count
};

enum class DemoPlane : std::uint8_t { Data, Arm, Auth };

// Static facts about one operation: its logged name, the object it addresses, plane, success status and the
// server-time range in milliseconds.
struct DemoOperation
{
    const char* name;
    DemoObjectKind kind;
    DemoPlane plane;
    int successStatus;
    int minMs;
    int maxMs;
    bool isList;

    static const DemoOperation& of(DemoOp op);
};

} // namespace kvw::core
