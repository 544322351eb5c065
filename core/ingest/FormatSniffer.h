#pragma once

#include "core/common/Result.h"
#include "core/ingest/InputStream.h"
#include "core/ingest/RecordConsumer.h"

#include <functional>
#include <string>
#include <string_view>

namespace kvw::core {

class AuxiliaryImporter;
struct IngestOptions;

// Recognises an input by its content, never its name, and runs the matching reader.
class FormatSniffer
{
public:
    enum class Kind { Empty, Json, Csv, TextList, Binary, Unknown };

    static Kind sniff(std::string_view head, const AuxiliaryImporter* aux);

    static Status dispatch(InputStream& in, const std::string& path, RecordConsumer& consumer,
                           const IngestOptions& options, AuxiliaryImporter* aux, std::int64_t fileId,
                           const std::function<void(const std::string&)>& setFormatName);

private:
    static Status readCsv(InputStream& in, const std::string& path, RecordConsumer& consumer,
                          const IngestOptions& options);
};

} // namespace kvw::core
