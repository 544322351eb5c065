// JSON Lines, {"records"} documents, arrays, concatenated documents, and everything the router dispatches to
// (raw records, Log Analytics rows and query results, ECS, alerts, STIX, metrics).
#include "FuzzConsumer.h"
#include "MemoryStream.h"
#include "core/ingest/JsonRecordReader.h"

#include <memory>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto in = kvw::fuzz::memoryStream(data, size);
    kvw::fuzz::FuzzConsumer consumer;
    kvw::core::JsonRecordReader::Limits limits;
    limits.maxLineBytes = 1 << 16;
    limits.maxRecordBytes = 1 << 16;
    limits.maxDocumentBytes = 1 << 18;
    (void)kvw::core::JsonRecordReader::read(in, "fuzz.json", consumer, limits);
    return 0;
}
