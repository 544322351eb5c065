// Plain-text threat-intel lists (TextThreatListReader): TorDNSEL exit lists, IP-per-line lists, CSV lists.
#include "MemoryStream.h"
#include "core/analytics/intel/TextThreatListReader.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto kind = kvw::core::TextThreatListReader::detect(text);
    (void)kvw::core::TextThreatListReader::dateInText(text);
    auto in = kvw::fuzz::memoryStream(data, size);
    const auto list = kvw::core::TextThreatListReader::read(in, "fuzz.txt", "fuzz.txt");
    // The reader judges the same head with the same detection, so it never reads what detect refuses.
    if (size <= 64 * 1024 && kind == kvw::core::TextThreatListReader::Kind::None && list) {
        std::abort();
    }
    return 0;
}
