#pragma once

#include "core/common/Result.h"
#include "core/common/Timestamp.h"
#include "core/ingest/CsvReader.h"
#include "core/ingest/InputStream.h"
#include "core/ingest/RecordConsumer.h"

#include <string>

namespace kvw::core {

// Reads a Log Analytics portal CSV export (formats.md §9.1): AzureDiagnostics and AZKVAuditLogs rows become events,
// SecurityAlert and AzureMetrics rows go to RecordConsumer::otherRecord. A bad row is rejected with its line and
// reading goes on; only an unreadable header, an I/O error or cancellation ends the file.
class CsvTableReader
{
public:
    // `order` is the day/month order used when the file itself does not show it: before mapping, the reader looks
    // at up to the first 1000 rows for a datetime whose first number is above 12 (day-first) or whose second is
    // (month-first), and that evidence wins, since the other order could not read those rows at all.
    static Status read(InputStream& in, const std::string& displayPath, RecordConsumer& consumer,
                       DateOrder order = DateOrder::MonthFirst,
                       std::size_t maxRowBytes = CsvReader::DefaultMaxRowBytes);
};

} // namespace kvw::core
