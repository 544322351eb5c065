#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/common/Result.h"
#include "core/query/EventFilter.h"

namespace kvw::core {

class CaseFile;

// "Key Vault monitoring" rebuilt from the audit events with the intended semantics of the insights workbooks
// (sentinel-content.md §1.5, §2.1-2.2): requests by operation class and by status class, latency percentiles of
// durationMs, availability (share of non-5xx among requests with a status), throttling (429) and denials (401/403,
// without the 401 challenge of "Authentication"), plus AzureMetrics series when the bundle has them.
class MonitoringQueries
{
public:
    explicit MonitoringQueries(const CaseFile& caseFile) : m_case(caseFile) {}

    Result<MonitoringResult> compute(const EventFilter& filter, const TimeAxis& axis) const;

    // Nearest-rank percentile of sorted values (p in 0..100); nullopt for an empty input.
    static std::optional<double> percentile(const std::vector<std::int64_t>& sorted, double p);

private:
    const CaseFile& m_case;
};

} // namespace kvw::core
