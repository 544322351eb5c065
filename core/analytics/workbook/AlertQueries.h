#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/common/Result.h"
#include "core/query/EventFilter.h"

#include <optional>

namespace kvw::core {

class CaseFile;

// The "Azure Defender for Key Vault alerts" tab (sentinel-content.md §1.3) over the case's alerts table. Vaults are
// compared case-insensitively (the workbook's case-sensitive comparison dropped alerts); the severity "All" means no
// severity filter; sample alerts are kept and flagged.
class AlertQueries
{
public:
    explicit AlertQueries(const CaseFile& caseFile) : m_case(caseFile) {}

    // Alerts under the filter's time range, vaults and subscriptions, bucketed on `axis` (or on the alerts' own
    // span when there is none).
    Result<AlertsOverview> overview(const EventFilter& filter, std::optional<TimeAxis> axis) const;
    // Alerts whose entities (or vault, for a vault) name the entity, newest first.
    Result<std::vector<AlertRow>> forEntity(const EventFilter& filter, EntityKind kind,
                                            const std::vector<std::string>& values) const;

    // Severity order of the tiles: High, Medium, Low, then anything else alphabetically.
    static int severityRank(const std::string& severity);

private:
    Result<std::vector<AlertRow>> load(const EventFilter& filter, const std::string& extraSql,
                                       const std::vector<std::string>& extraValues) const;

    const CaseFile& m_case;
};

} // namespace kvw::core
