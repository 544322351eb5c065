#include "core/demo/DemoOperation.h"

#include <array>

namespace kvw::core {
namespace {

using K = DemoObjectKind;
using P = DemoPlane;

constexpr std::array<DemoOperation, static_cast<std::size_t>(DemoOp::Count)> kOps{{
    {"Authentication", K::None, P::Auth, 401, 0, 3, false},
    {"VaultGet", K::None, P::Arm, 200, 8, 45, false},
    {"VaultPatch", K::None, P::Arm, 200, 60, 320, false},
    {"VaultDelete", K::None, P::Arm, 200, 250, 900, false},
    {"SecretGet", K::Secret, P::Data, 200, 4, 38, false},
    {"SecretList", K::Secret, P::Data, 200, 18, 120, true},
    {"SecretListVersions", K::Secret, P::Data, 200, 15, 90, true},
    {"SecretSet", K::Secret, P::Data, 200, 40, 210, false},
    {"SecretUpdate", K::Secret, P::Data, 200, 35, 160, false},
    {"SecretDelete", K::Secret, P::Data, 200, 45, 180, false},
    {"SecretPurge", K::Secret, P::Data, 204, 60, 240, false},
    {"SecretBackup", K::Secret, P::Data, 200, 30, 140, false},
    {"KeyGet", K::Key, P::Data, 200, 4, 35, false},
    {"KeyList", K::Key, P::Data, 200, 18, 110, true},
    {"KeyListVersions", K::Key, P::Data, 200, 15, 90, true},
    {"KeyCreate", K::Key, P::Data, 200, 120, 900, false},
    {"KeyRotate", K::Key, P::Data, 200, 150, 950, false},
    {"KeyUpdate", K::Key, P::Data, 200, 40, 170, false},
    {"KeyBackup", K::Key, P::Data, 200, 35, 150, false},
    {"KeyDelete", K::Key, P::Data, 200, 50, 190, false},
    {"KeyPurge", K::Key, P::Data, 204, 60, 240, false},
    {"KeySign", K::Key, P::Data, 200, 6, 60, false},
    {"KeyVerify", K::Key, P::Data, 200, 4, 40, false},
    {"KeyWrap", K::Key, P::Data, 200, 5, 45, false},
    {"KeyUnwrap", K::Key, P::Data, 200, 6, 60, false},
    {"KeyEncrypt", K::Key, P::Data, 200, 5, 45, false},
    {"KeyDecrypt", K::Key, P::Data, 200, 6, 60, false},
    {"CertificateGet", K::Certificate, P::Data, 200, 5, 40, false},
    {"CertificateList", K::Certificate, P::Data, 200, 18, 120, true},
    {"CertificateListVersions", K::Certificate, P::Data, 200, 15, 90, true},
    {"CertificateCreate", K::Certificate, P::Data, 202, 300, 950, false},
    {"CertificateImport", K::Certificate, P::Data, 200, 120, 400, false},
    {"CertificatePolicyGet", K::Certificate, P::Data, 200, 5, 40, false},
    {"SecurityDomainBackup", K::None, P::Data, 202, 1800, 5200, false},
    {"SecurityDomainBackupStatusGet", K::None, P::Data, 200, 4, 30, false},
    {"RoleAssignmentCreate", K::None, P::Data, 201, 40, 220, false},
    {"RoleAssignmentDelete", K::None, P::Data, 200, 40, 200, false},
    {"RoleAssignmentList", K::None, P::Data, 200, 10, 80, true},
}};

} // namespace

const DemoOperation& DemoOperation::of(DemoOp op)
{
    return kOps[static_cast<std::size_t>(op)];
}

} // namespace kvw::core
