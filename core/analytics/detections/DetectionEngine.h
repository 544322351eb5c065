#pragma once

#include "core/analytics/detections/AllowList.h"
#include "core/analytics/detections/Finding.h"
#include "core/analytics/detections/RuleSettings.h"
#include "core/common/Result.h"
#include "core/query/EventFilter.h"

#include <string>
#include <vector>

namespace kvw::core {

class CaseFile;

struct DetectionOptions
{
    std::vector<std::string> ruleIds; // empty = the whole catalogue
    RuleSettings settings;
    AllowList allowList = AllowList::defaults();
    std::size_t maxEventIds = 200;    // evidence ids stored per finding; the count stays exact
    bool rollup = true;               // false: every rule aggregates table events itself (the reference path)
};

// Runs the catalogue over a case under the one EventFilter: SQL aggregation with bound values, then C++ over the
// (small) aggregated rows. Rules that need history (first-seen, baselines) read it from the whole case in the
// filter's other scope, and report only findings that start inside the filter's time range.
class DetectionEngine
{
public:
    explicit DetectionEngine(const CaseFile& caseFile);

    Result<std::vector<Finding>> run(const EventFilter& filter, const DetectionOptions& options) const;

    // Replaces the previous run's findings.
    static Status save(const CaseFile& caseFile, const std::vector<Finding>& findings);
    static Result<std::vector<Finding>> load(const CaseFile& caseFile);

private:
    const CaseFile& m_case;
};

} // namespace kvw::core
