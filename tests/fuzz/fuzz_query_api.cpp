// Log Analytics query API results (LogAnalyticsQueryReader): "tables"/"Tables" and the older TableName/Columns/Rows
// spelling, every table recognised by its columns, alert and metric rows parsed as the case importer would.
#include "FuzzConsumer.h"
#include "FuzzJson.h"
#include "core/ingest/LogAnalyticsQueryReader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto doc = kvw::fuzz::parseJson(data, size);
    if (doc.is_discarded() || !kvw::core::LogAnalyticsQueryReader::looksLikeQueryResult(doc)) {
        return 0;
    }
    kvw::fuzz::FuzzConsumer consumer;
    kvw::core::LogAnalyticsQueryReader::read(doc, consumer);
    return 0;
}
