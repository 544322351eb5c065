#include "app/cli/ChartCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/render/ChartImageWriter.h"
#include "core/report/ChartViews.h"
#include "core/store/CaseFile.h"

#include <ostream>

namespace kvw::cli {
namespace {

std::optional<double> number(const std::optional<std::string>& v, double fallback)
{
    if (!v) {
        return fallback;
    }
    try {
        std::size_t used = 0;
        const double d = std::stod(*v, &used);
        return used == v->size() ? std::optional<double>(d) : std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

std::string ChartCommand::usage() const
{
    std::string views;
    for (const auto& v : core::ChartViews::names()) {
        views += (views.empty() ? "" : ", ") + v;
    }
    return "usage: kvworkbook-cli chart --case CASE.kvwb --view VIEW --out FILE.png|FILE.svg [--scale S]\n"
           "                            [--width W] [--height H] [--vault V]... [--from T] [--to T]\n"
           "\n"
           "VIEW is one of: " + views + ".\n"
           "The chart is laid out at W x H (default 960 x 360); a PNG has W*S x H*S pixels (default scale 1;\n"
           "2 for HiDPI slides), an SVG is vector with width W and height H.\n";
}

int ChartCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").option("view").option("out").option("scale").option("width").option("height");
    CommandSupport::addFilterOptions(p);
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (!p.value("case") || !p.value("view") || !p.value("out") || !p.positional().empty()) {
        return CommandSupport::usageError(*this, io, "--case, --view and --out are required");
    }
    const auto scale = number(p.value("scale"), 1.0);
    const auto width = number(p.value("width"), 960);
    const auto height = number(p.value("height"), 360);
    if (!scale || !width || !height || *scale <= 0 || *scale > 8 || *width < 200 || *height < 120 ||
        *width > 8000 || *height > 8000) {
        return CommandSupport::usageError(*this, io,
                                          "--scale takes 0..8, --width 200..8000, --height 120..8000");
    }
    auto filter = CommandSupport::filterFrom(p);
    if (!filter) {
        return CommandSupport::usageError(*this, io, filter.error().message);
    }
    auto caseFile = core::CaseFile::openReadOnly(*p.value("case"));
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    auto chart = core::ChartViews::build(*caseFile, *p.value("view"), *filter);
    if (!chart) {
        if (chart.error().code == core::Error::Code::Usage) {
            return CommandSupport::usageError(*this, io, chart.error().message);
        }
        CommandSupport::printError(io, chart.error());
        return CommandSupport::Failed;
    }
    const QSize size(static_cast<int>(*width), static_cast<int>(*height));
    if (auto st = core::ChartImageWriter::write(*chart, *p.value("out"), size, *scale); !st) {
        if (st.error().code == core::Error::Code::Usage) {
            return CommandSupport::usageError(*this, io, st.error().message);
        }
        CommandSupport::printError(io, st.error());
        return CommandSupport::Failed;
    }
    io.out << "wrote " << *p.value("view") << " to " << *p.value("out") << "\n";
    return CommandSupport::Ok;
}

} // namespace kvw::cli
