#include "app/cli/SummaryCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/query/CaseSummary.h"
#include "core/store/CaseFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>

namespace kvw::cli {

std::string SummaryCommand::usage() const
{
    return "usage: kvworkbook-cli summary --case CASE.kvwb [--vault V]... [--from T] [--to T] [--json]\n"
           "\n"
           "Prints the number of events, the first and last event time, counts by vault and by operation, failed\n"
           "requests (HTTP status 400 or above), the files read with their formats and counts, and ingest errors.\n"
           "--json keys: events, first, last, by_vault, by_operation, failed, files, errors, error_count.\n";
}

int SummaryCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").flag("json");
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
    auto caseFile = core::CaseFile::openReadOnly(*p.value("case"));
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    auto s = core::CaseSummary::compute(*caseFile, *filter);
    if (!s) {
        CommandSupport::printError(io, s.error());
        return CommandSupport::Failed;
    }
    if (p.has("json")) {
        nlohmann::ordered_json j;
        j["events"] = s->events;
        j["first"] = s->first ? nlohmann::ordered_json(s->first->toIso()) : nlohmann::ordered_json(nullptr);
        j["last"] = s->last ? nlohmann::ordered_json(s->last->toIso()) : nlohmann::ordered_json(nullptr);
        j["by_vault"] = nlohmann::ordered_json::object();
        for (const auto& [k, v] : s->byVault) {
            j["by_vault"][k] = v;
        }
        j["by_operation"] = nlohmann::ordered_json::object();
        for (const auto& [k, v] : s->byOperation) {
            j["by_operation"][k] = v;
        }
        j["failed"] = s->failed;
        j["files"] = nlohmann::ordered_json::array();
        for (const auto& f : s->files) {
            j["files"].push_back({{"path", f.path},
                                  {"format", f.format},
                                  {"status", f.status},
                                  {"records", f.records},
                                  {"inserted", f.inserted},
                                  {"duplicates", f.duplicates},
                                  {"rejected", f.rejected},
                                  {"skipped", f.skipped}});
        }
        j["errors"] = nlohmann::ordered_json::array();
        for (const auto& e : s->errors) {
            j["errors"].push_back({{"file", e.file}, {"line", e.line}, {"message", e.message}});
        }
        j["error_count"] = s->errorCount;
        j["alerts"] = s->alerts;
        j["threat_indicators"] = s->threatIndicators;
        io.out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        return CommandSupport::Ok;
    }
    io.out << "Case " << caseFile->path() << "\n"
           << "Scope: " << filter->describe() << "\n"
           << "Events: " << s->events << " (" << s->failed << " failed requests)\n";
    if (s->first) {
        io.out << "From " << s->first->toIso() << " to " << s->last->toIso() << "\n";
    }
    io.out << "Alerts: " << s->alerts << ", threat-intel indicators: " << s->threatIndicators << "\n";
    io.out << "\nBy vault:\n";
    for (const auto& [k, v] : s->byVault) {
        io.out << "  " << (k.empty() ? "(unknown)" : k) << "  " << v << "\n";
    }
    std::vector<std::pair<std::string, std::int64_t>> ops(s->byOperation.begin(), s->byOperation.end());
    std::sort(ops.begin(), ops.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    io.out << "\nBy operation:\n";
    for (const auto& [k, v] : ops) {
        io.out << "  " << k << "  " << v << "\n";
    }
    io.out << "\nFiles (" << s->files.size() << "):\n";
    for (const auto& f : s->files) {
        io.out << "  " << f.path << "  [" << f.format << ", " << f.status << "] " << f.records << " records, "
               << f.rejected << " rejected, " << f.skipped << " skipped\n";
    }
    if (s->errorCount > 0) {
        io.out << "\nErrors (" << s->errorCount << "):\n";
        for (const auto& e : s->errors) {
            io.out << "  " << e.toString() << "\n";
        }
    }
    return CommandSupport::Ok;
}

} // namespace kvw::cli
