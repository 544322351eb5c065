// Log Analytics portal CSV exports: RFC 4180 parsing, header detection, row mapping for every table.
#include "FuzzConsumer.h"
#include "MemoryStream.h"
#include "core/ingest/CsvTableReader.h"

#include <memory>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto in = kvw::fuzz::memoryStream(data, size);
    kvw::fuzz::FuzzConsumer consumer;
    (void)kvw::core::CsvTableReader::read(in, "fuzz.csv", consumer, kvw::core::DateOrder::MonthFirst, 1 << 16);
    return 0;
}
