#pragma once

#include "core/analytics/intel/ThreatIntelList.h"
#include "core/common/Result.h"
#include "core/ingest/InputStream.h"

#include <string>
#include <string_view>

namespace kvw::core {

// Threat-intel lists that are plain text rather than JSON: the TorDNSEL exit list ("ExitNode FP" / "Published" /
// "ExitAddress IP DATE TIME" blocks), IP-per-line lists with # comments (Tor bulk exit list, block lists), and CSV
// files with an ip/indicator column.
class TextThreatListReader
{
public:
    enum class Kind { None, Tor, IpPerLine, Csv };

    // Decides from the first bytes of a file; never claims a Log Analytics CSV export.
    static Kind detect(std::string_view head);
    // Reads the whole list; `name` is what the list is called in the case (the file name).
    static Result<ThreatIntelList> read(InputStream& in, const std::string& name, const std::string& path);
    // The first date-time written in free text ("# Generated 2024-05-01 10:00:00 UTC").
    static std::optional<Timestamp> dateInText(std::string_view text);
};

} // namespace kvw::core
