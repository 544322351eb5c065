#pragma once

#include "core/common/Error.h"
#include "core/common/Result.h"
#include "core/common/Timestamp.h"
#include "core/query/EventFilter.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

class CaseFile;

struct IngestedFile
{
    std::string path;
    std::string format;
    std::string status;
    std::int64_t records = 0;
    std::int64_t inserted = 0;
    std::int64_t duplicates = 0;
    std::int64_t rejected = 0;
    std::int64_t skipped = 0;
};

// What a case holds under a filter: counts, time span, per vault and per operation, failures, and the ingest
// history with its errors.
struct CaseSummary
{
    std::int64_t events = 0;
    std::optional<Timestamp> first;
    std::optional<Timestamp> last;
    std::map<std::string, std::int64_t> byVault;
    std::map<std::string, std::int64_t> byOperation;
    std::int64_t failed = 0;
    std::vector<IngestedFile> files;
    std::vector<Error> errors;
    std::int64_t errorCount = 0;
    std::int64_t alerts = 0;
    std::int64_t threatIndicators = 0;

    static Result<CaseSummary> compute(const CaseFile& caseFile, const EventFilter& filter,
                                       std::size_t maxErrors = 1000);
};

} // namespace kvw::core
