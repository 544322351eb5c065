#pragma once

#include "core/common/Result.h"
#include "core/report/ReportData.h"

#include <string>

namespace kvw::core {

// The incident report as a PDF: A4 portrait, selectable text laid out by QTextDocument from the report's HTML,
// charts drawn at print resolution, and a footer with the case and "Page n of N" on every page.
class PdfReport
{
public:
    static Status write(const ReportData& data, const std::string& path);
};

} // namespace kvw::core
