#include "app/cli/EventsCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/query/EventQuery.h"
#include "core/report/CsvWriter.h"
#include "core/report/EventJson.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <optional>
#include <ostream>

namespace kvw::cli {

std::string EventsCommand::usage() const
{
    return "usage: kvworkbook-cli events --case CASE.kvwb [--vault V]... [--from T] [--to T] [--operation OP]...\n"
           "                             [--ip IP] [--identity ID] [--failed] [--tagged] [--where COND]...\n"
           "                             [--limit N] [--format csv|json]\n"
           "\n"
           "Lists events in time order. --identity matches an object id, app id or UPN; --failed keeps requests\n"
           "with HTTP status 400 or above; --tagged keeps events the analyst tagged. --where is a column filter as in\n"
           "the Events grid: COLUMN=VALUE (equals), COLUMN~TEXT (contains), status/duration>=N or <=N; columns:\n"
           "vault, operation, status, result, ip, identity, upn, appid, object, duration, client, uri.\n"
           "CSV cells that a spreadsheet would evaluate are neutralised.\n"
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
        .option("text").option("where", true).flag("failed").flag("tagged");
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
    filter->taggedOnly = p.has("tagged");
    for (const auto& w : p.values("where")) {
        auto c = core::ColumnCriterion::parse(w);
        if (!c) {
            return CommandSupport::usageError(*this, io, "--where: " + c.error().message);
        }
        filter->columns.push_back(std::move(*c));
    }
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
    // Pages keep memory flat however many events match; each next page is a keyset seek after the last row.
    constexpr std::int64_t kPage = 5000;
    std::int64_t written = 0;
    std::optional<core::EventSortKey> last;
    for (;;) {
        const std::int64_t want = limit == 0 ? kPage : std::min(kPage, limit - written);
        if (want <= 0) {
            break;
        }
        auto rows = last ? query.seek(*filter, core::EventQuery::Sort::Time, false, core::EventQuery::Seek::After, *last, want)
                         : query.edge(*filter, core::EventQuery::Sort::Time, false, false, 0, want);
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
        last = core::EventQuery::keyOf(rows->back(), core::EventQuery::Sort::Time);
    }
    if (format == "json") {
        io.out << "\n]\n";
    }
    return CommandSupport::Ok;
}

} // namespace kvw::cli
