#pragma once

#include "core/analytics/detections/DetectionContext.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kvw::core {

// Rules that are "these operations, grouped per vault and identity over a period, above a count":
// Sentinel sensitive operations (+NRT), the workbook's mass retrieval, Sigma vault modified/deleted, the Managed HSM
// checks.
class OperationRules
{
public:
    struct Spec
    {
        std::vector<std::string> operations;
        std::string extraSql;            // fixed SQL without values
        bool successOnly = true;
        DetectionContext::AppMode apps = DetectionContext::AppMode::None;
        bool trustedServices = false;
        std::int64_t period = 0;         // ticks; findings never span two periods
        std::int64_t minCountExclusive = 0;
        bool groupByClient = false;
        bool requireIdentity = false;
        std::string what;                // "sensitive operations", for the explanation
        bool rareOperations = true;      // lets the aggregate use the operation index
    };
    static void runGrouped(DetectionContext& ctx, const Spec& spec);

    static void sensitiveOperations(DetectionContext& ctx);
    static void workbookMassRetrieval(DetectionContext& ctx);
    static void sigmaVaultModified(DetectionContext& ctx);
    static void hsmSecurityDomainDownload(DetectionContext& ctx);
    static void hsmFullBackupRestore(DetectionContext& ctx);
    static void hsmRoleChanges(DetectionContext& ctx);
    static void hsmKeyPurgeRelease(DetectionContext& ctx);
    static void hsmKeyReadVolume(DetectionContext& ctx);
};

} // namespace kvw::core
