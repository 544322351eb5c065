#pragma once

#include "core/common/Result.h"
#include "core/ingest/InputStream.h"
#include "core/ingest/RecordConsumer.h"

#include <string>

namespace kvw::core {

// Splits a JSON input into records without holding the document: JSON Lines (one record, or one {"records":[…]}
// document, per line), a pretty-printed {"records":[…]} document, a plain array, or many concatenated documents.
// Each record is parsed alone, so a malformed one is reported with its line and the rest still loads.
class JsonRecordReader
{
public:
    struct Limits
    {
        std::size_t maxLineBytes = 100U << 20;       // JSON Lines
        std::size_t maxRecordBytes = 100U << 20;     // one record inside a document
        std::size_t maxDocumentBytes = 1024U << 20;  // a whole non-record document (query API tables)
    };

    static Status read(InputStream& in, const std::string& path, RecordConsumer& consumer, const Limits& limits);
    static Status read(InputStream& in, const std::string& path, RecordConsumer& consumer)
    {
        return read(in, path, consumer, Limits{});
    }
};

} // namespace kvw::core
