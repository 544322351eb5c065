#include "core/ingest/FormatSniffer.h"

#include "core/ingest/IngestPipeline.h"

namespace kvw::core {

// Wired to CsvTableReader once it lands; until then CSV inputs are reported, not silently dropped.
Status FormatSniffer::readCsv(InputStream& /*in*/, const std::string& path, RecordConsumer& /*consumer*/,
                              const IngestOptions& /*options*/)
{
    return Error{Error::Code::Format, path, 0, "CSV reading is not available in this build"};
}

} // namespace kvw::core
