#include "app/cli/ReportCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/common/Clock.h"
#include "core/render/ReportWriter.h"
#include "core/report/ReportBuilder.h"
#include "core/store/CaseFile.h"

#include <ostream>

namespace kvw::cli {
namespace {

// The command line as a shell would take it back, for the report's scope section.
std::string commandLine(const std::vector<std::string>& args)
{
    std::string out = "kvworkbook-cli report";
    for (const auto& a : args) {
        const bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                             "0123456789-_./:=+,@") == std::string::npos;
        if (plain) {
            out += " " + a;
            continue;
        }
        out += " '";
        for (const char c : a) {
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        out += "'";
    }
    return out;
}

} // namespace

std::string ReportCommand::usage() const
{
    return "usage: kvworkbook-cli report --case CASE.kvwb [--vault V]... [--from T] [--to T] [--title TEXT]\n"
           "                             --out FILE.html|FILE.pdf\n"
           "\n"
           "Writes one self-contained incident report: scope (files, formats, counts, time span, filter, ingest\n"
           "errors, tool version, this command line, detection thresholds), executive summary, findings with their\n"
           "evidence, Defender alerts, threat-intelligence matches, the workbook's charts and tables for the scope,\n"
           "an entity appendix and the analyst's tags and notes. HTML inlines its styles and images; PDF is A4 with\n"
           "selectable text and page numbers. Every value from the logs is escaped.\n";
}

int ReportCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").option("out").option("title");
    CommandSupport::addFilterOptions(p);
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (!p.value("case") || !p.value("out") || !p.positional().empty()) {
        return CommandSupport::usageError(*this, io, "--case and --out are required");
    }
    const std::string out = *p.value("out");
    if (!core::ReportWriter::formatFor(out)) {
        return CommandSupport::usageError(*this, io, "--out must end in .html or .pdf");
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
    core::ReportBuilder::Options options;
    options.filter = *filter;
    options.commandLine = commandLine(args);
    if (const auto t = p.value("title")) {
        options.title = *t;
    }
    const core::SystemClock clock;
    auto data = core::ReportBuilder(*caseFile, clock).build(options);
    if (!data) {
        CommandSupport::printError(io, data.error());
        return CommandSupport::Failed;
    }
    if (auto st = core::ReportWriter::write(*data, out); !st) {
        CommandSupport::printError(io, st.error());
        return CommandSupport::Failed;
    }
    io.out << "wrote the report (" << data->findings.size() << " finding(s), " << data->alerts.size()
           << " alert(s), " << data->summary.events << " events in scope) to " << out << "\n";
    return CommandSupport::Ok;
}

} // namespace kvw::cli
