#pragma once

#include "core/common/Result.h"
#include "core/query/EventFilter.h"
#include "core/report/DataTable.h"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace kvw::core {

class CaseFile;

// The workbook's tables under a filter, and their CSV (RFC 4180, neutralised cells) and JSON forms. Every table
// carries the analyst's tags and notes of its rows.
class TableExport
{
public:
    enum class Table { Events, Findings, Alerts, ByVault, ByIp, ByIdentity, ByOperation };
    enum class Format { Csv, Json };

    static const std::vector<std::string>& tableNames();
    static std::optional<Table> tableFromString(const std::string& name);
    static const char* toString(Table table);

    // limit 0 = all rows. Events are better streamed with exportEvents().
    static Result<DataTable> build(const CaseFile& caseFile, Table table, const EventFilter& filter,
                                   std::int64_t limit = 0);

    static void writeCsv(const DataTable& table, std::ostream& out);
    // An array of objects keyed by column name; numeric columns as numbers.
    static void writeJson(const DataTable& table, std::ostream& out);

    // The event list under the filter, page by page: EventJson columns plus tags and notes. Returns rows written.
    static Result<std::int64_t> exportEvents(const CaseFile& caseFile, const EventFilter& filter, Format format,
                                             std::ostream& out, std::int64_t limit = 0);

    // Time and vault scope for findings and alerts, which are not events: overlapping the range, in the vaults.
    static bool inScope(const EventFilter& filter, std::int64_t start, std::int64_t end,
                        const std::vector<std::string>& vaults);
};

} // namespace kvw::core
