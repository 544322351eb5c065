#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/common/Result.h"
#include "core/query/EventFilter.h"

namespace kvw::core {

class CaseFile;

// The detection engine's findings as the Detections tab and entity pages show them. The detail JSON is read
// leniently (vaults, entities, evidence event ids, summary) so the view keeps working as rules add fields.
class FindingQueries
{
public:
    explicit FindingQueries(const CaseFile& caseFile) : m_case(caseFile) {}

    // Findings overlapping the filter's time range whose vaults intersect the filter's (or name none);
    // most severe first, then newest.
    Result<std::vector<FindingRow>> list(const EventFilter& filter) const;
    // Findings whose detail names any of the values (quoted, case-insensitive).
    Result<std::vector<FindingRow>> mentioning(const EventFilter& filter, const std::vector<std::string>& values) const;

    static FindingRow parse(FindingRow row);
    static int severityRank(const std::string& severity);

private:
    const CaseFile& m_case;
};

} // namespace kvw::core
