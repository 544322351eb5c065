#pragma once

#include "core/report/ChartImageProvider.h"
#include "core/report/ReportData.h"

#include <string>

namespace kvw::core {

// The incident report as one self-contained HTML document: inlined CSS, charts as data: URIs, every log value
// escaped. The TextDocument flavour is the subset Qt's QTextDocument lays out for the PDF; its charts are named
// resources (chartResourceName) that the PDF renderer supplies.
class HtmlReport
{
public:
    enum class Flavour { Browser, TextDocument };

    struct Options
    {
        Flavour flavour = Flavour::Browser;
        const ChartImageProvider* charts = nullptr;
        int chartWidth = 960;     // pixels at which charts are drawn (Browser) or laid out (TextDocument)
        int chartHeight = 360;
    };

    static std::string render(const ReportData& data, const Options& options);
    static std::string chartResourceName(std::size_t index);
};

} // namespace kvw::core
