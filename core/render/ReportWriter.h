#pragma once

#include "core/common/Result.h"
#include "core/report/ReportData.h"

#include <optional>
#include <string>

namespace kvw::core {

// Writes a built report to a file, HTML or PDF by the path's extension: the one place the CLI's `report` verb and
// the GUI's File → Export report share, so both produce the same document.
class ReportWriter
{
public:
    enum class Format { Html, Pdf };

    // .html / .htm or .pdf (any case); nullopt for anything else.
    static std::optional<Format> formatFor(const std::string& path);
    static Status write(const ReportData& data, const std::string& path);
};

} // namespace kvw::core
