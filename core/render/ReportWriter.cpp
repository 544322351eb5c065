#include "core/render/ReportWriter.h"

#include "core/render/PdfReport.h"
#include "core/render/QtChartImageProvider.h"
#include "core/report/HtmlReport.h"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace kvw::core {
namespace {

bool endsWith(std::string s, const std::string& suffix)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

std::optional<ReportWriter::Format> ReportWriter::formatFor(const std::string& path)
{
    if (endsWith(path, ".pdf")) {
        return Format::Pdf;
    }
    if (endsWith(path, ".html") || endsWith(path, ".htm")) {
        return Format::Html;
    }
    return std::nullopt;
}

Status ReportWriter::write(const ReportData& data, const std::string& path)
{
    const auto format = formatFor(path);
    if (!format) {
        return Error{Error::Code::Usage, path, 0, "a report file name must end in .html or .pdf"};
    }
    if (*format == Format::Pdf) {
        return PdfReport::write(data, path);
    }
    const QtChartImageProvider charts(2.0);
    HtmlReport::Options options;
    options.charts = &charts;
    const std::string text = HtmlReport::render(data, options);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
        return Error{Error::Code::Io, path, 0, "cannot write the report"};
    }
    return {};
}

} // namespace kvw::core
