#include "core/ingest/FormatSniffer.h"

#include "core/ingest/CsvTableReader.h"
#include "core/ingest/IngestPipeline.h"

namespace kvw::core {

Status FormatSniffer::readCsv(InputStream& in, const std::string& path, RecordConsumer& consumer,
                              const IngestOptions& options)
{
    return CsvTableReader::read(in, path, consumer, options.dateOrder);
}

} // namespace kvw::core
