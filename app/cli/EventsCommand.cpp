#include "app/cli/EventsCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/query/EventQuery.h"
#include "core/report/CsvWriter.h"
#include "core/report/EventJson.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <ostream>

namespace kvw::cli {

std::string EventsCommand::usage() const
{
    return "usage: kvworkbook-cli events --case CASE.kvwb [--vault V]... [--from T] [--to T] [--operation OP]...\n"
           "                             [--ip IP] [--identity ID] [--failed] [--limit N] [--format csv|json]\n"
           "\n"
           "Lists events in time order. --identity matches an object id, app id or UPN; --failed keeps requests\n"
           "with HTTP status 400 or above. CSV cells that a spreadsheet would evaluate are neutralised.\n"
           "Default: --limit 1000 (0 = no limit), --format csv.\n";
}

int EventsCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").option("operation", true).option("ip").option("identity").option("limit").option("format")
        .option("text").flag("failed");
    CommandSupport::addFilterOptions(p);
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (!p.value("case") || !p.positional().empty()) {
        return CommandSupport::usageError(*this, io, "--case CASE.kvwb is required (and nothing else positional)");
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
    std::int64_t limit = 1000;
    if (const auto l = p.value("limit")) {
        try {
            limit = std::stoll(*l);
        } catch (const std::exception&) {
            return CommandSupport::usageError(*this, io, "--limit takes a number");
        }
        if (limit < 0) {
            return CommandSupport::usageError(*this, io, "--limit takes a number >= 0");
        }
    }
    const std::string format = p.value("format").value_or("csv");
    if (format != "csv" && format != "json") {
        return CommandSupport::usageError(*this, io, "--format takes csv or json");
    }
    auto caseFile = core::CaseFile::openReadOnly(*p.value("case"));
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    const core::EventQuery query(*caseFile);
    core::CsvWriter csv(io.out);
    if (format == "csv") {
        csv.row(core::EventJson::csvHeader());
    } else {
        io.out << "[";
    }
    // Pages keep memory flat however many events match.
    constexpr std::int64_t kPage = 5000;
    std::int64_t written = 0;
    for (std::int64_t offset = 0;; offset += kPage) {
        const std::int64_t want = limit == 0 ? kPage : std::min(kPage, limit - written);
        if (want <= 0) {
            break;
        }
        auto rows = query.page(*filter, core::EventQuery::Sort::Time, false, offset, want);
        if (!rows) {
            CommandSupport::printError(io, rows.error());
            return CommandSupport::Failed;
        }
        for (const auto& r : *rows) {
            if (format == "csv") {
                csv.row(core::EventJson::csvCells(r));
            } else {
                io.out << (written == 0 ? "\n" : ",\n")
                       << core::EventJson::toJson(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            }
            ++written;
        }
        if (static_cast<std::int64_t>(rows->size()) < want) {
            break;
        }
    }
    if (format == "json") {
        io.out << "\n]\n";
    }
    return CommandSupport::Ok;
}

} // namespace kvw::cli
