#include "app/cli/ExportCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/report/TableExport.h"
#include "core/store/CaseFile.h"

#include <fstream>
#include <ostream>

namespace kvw::cli {

std::string ExportCommand::usage() const
{
    return "usage: kvworkbook-cli export --case CASE.kvwb --table TABLE --out FILE.csv|FILE.json\n"
           "                             [--vault V]... [--from T] [--to T] [--operation OP]... [--ip IP]\n"
           "                             [--identity ID] [--failed] [--text S] [--limit N]\n"
           "\n"
           "TABLE is events, findings, alerts, by-vault, by-ip, by-identity or by-operation. The format follows the\n"
           "file name: CSV is RFC 4180 UTF-8 with CRLF line ends, and cells a spreadsheet would evaluate (starting\n"
           "with = + - @, tab or CR) are prefixed with '; JSON is an array of objects. Every table carries the\n"
           "analyst's tags and notes. --out - writes to standard output.\n";
}

int ExportCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").option("table").option("out").option("format").option("operation", true).option("ip")
        .option("identity").option("text").option("limit").flag("failed");
    CommandSupport::addFilterOptions(p);
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (!p.value("case") || !p.value("table") || !p.value("out") || !p.positional().empty()) {
        return CommandSupport::usageError(*this, io, "--case, --table and --out are required");
    }
    const auto table = core::TableExport::tableFromString(*p.value("table"));
    if (!table) {
        return CommandSupport::usageError(*this, io, "unknown table " + *p.value("table"));
    }
    const std::string out = *p.value("out");
    std::string format = p.value("format").value_or("");
    if (format.empty() && out == "-") {
        format = "csv";
    } else if (format.empty()) {
        const auto dot = out.rfind('.');
        format = dot == std::string::npos ? std::string{} : out.substr(dot + 1);
    }
    if (format != "csv" && format != "json") {
        return CommandSupport::usageError(*this, io, "the output must end in .csv or .json (or give --format)");
    }
    auto filter = CommandSupport::filterFrom(p);
    if (!filter) {
        return CommandSupport::usageError(*this, io, filter.error().message);
    }
    filter->operations = p.values("operation");
    filter->callerIp = p.value("ip").value_or("");
    filter->identity = p.value("identity").value_or("");
    filter->text = p.value("text").value_or("");
    filter->failedOnly = p.has("failed");
    std::int64_t limit = 0;
    if (const auto l = p.value("limit")) {
        try {
            limit = std::stoll(*l);
        } catch (const std::exception&) {
            limit = -1;
        }
        if (limit < 0) {
            return CommandSupport::usageError(*this, io, "--limit takes a number >= 0");
        }
    }
    auto caseFile = core::CaseFile::openReadOnly(*p.value("case"));
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    std::ofstream file;
    if (out != "-") {
        file.open(out, std::ios::binary | std::ios::trunc);
        if (!file) {
            CommandSupport::printError(io, core::Error{core::Error::Code::Io, out, 0, "cannot write the file"});
            return CommandSupport::Failed;
        }
    }
    std::ostream& sink = out == "-" ? io.out : file;
    const auto fmt = format == "csv" ? core::TableExport::Format::Csv : core::TableExport::Format::Json;
    std::int64_t rows = 0;
    if (*table == core::TableExport::Table::Events) {
        auto n = core::TableExport::exportEvents(*caseFile, *filter, fmt, sink, limit);
        if (!n) {
            CommandSupport::printError(io, n.error());
            return CommandSupport::Failed;
        }
        rows = *n;
    } else {
        auto t = core::TableExport::build(*caseFile, *table, *filter, limit);
        if (!t) {
            CommandSupport::printError(io, t.error());
            return CommandSupport::Failed;
        }
        if (fmt == core::TableExport::Format::Csv) {
            core::TableExport::writeCsv(*t, sink);
        } else {
            core::TableExport::writeJson(*t, sink);
        }
        rows = static_cast<std::int64_t>(t->rows.size());
    }
    sink.flush();
    if (!sink) {
        CommandSupport::printError(io, core::Error{core::Error::Code::Io, out, 0, "write failed"});
        return CommandSupport::Failed;
    }
    if (out != "-") {
        io.out << "wrote " << rows << " row(s) of " << core::TableExport::toString(*table) << " to " << out << "\n";
    }
    return CommandSupport::Ok;
}

} // namespace kvw::cli
