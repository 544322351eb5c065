#pragma once

#include "core/common/Result.h"
#include "core/query/EventFilter.h"
#include "core/report/ChartSpec.h"

#include <string>
#include <vector>

namespace kvw::core {

class CaseFile;

// The workbook's charts as data under a filter, by view name (the names the CLI's `chart --view` takes).
class ChartViews
{
public:
    static const std::vector<std::string>& names();
    static Result<ChartSpec> build(const CaseFile& caseFile, const std::string& view, const EventFilter& filter);

    // A bin width giving at most `maxBins` bins over the span: 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 1 d, 7 d.
    static std::int64_t binFor(std::int64_t spanTicks, std::size_t maxBins = 200);
    // "1 h", "1 d", ... for axis labels.
    static std::string binLabel(std::int64_t binTicks);
};

} // namespace kvw::core
