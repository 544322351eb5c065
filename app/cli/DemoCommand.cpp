#include "app/cli/DemoCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/demo/DemoBundleGenerator.h"
#include "core/demo/DemoTime.h"

#include <charconv>
#include <cstdio>
#include <ostream>

namespace kvw::cli {
namespace {

bool parseUnsigned(const std::string& s, std::uint64_t& out)
{
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return !s.empty() && ec == std::errc() && p == end;
}

} // namespace

std::string DemoCommand::usage() const
{
    return "usage: kvworkbook-cli demo OUTDIR [--events N] [--seed S] [--start YYYY-MM-DD] [--days D]\n"
           "                               [--format F] [--force]\n"
           "\n"
           "Writes a deterministic demo of Azure Key Vault / Managed HSM audit logs into OUTDIR: seven vaults in two\n"
           "subscriptions and one Managed HSM, D days (default 14 from 2026-11-01) of diurnal application traffic,\n"
           "admins in office hours, Azure Resource Graph and Policy Insights scans, SDK 401 challenges, 404/429/5xx,\n"
           "and eight injected incidents in the last six days, described in OUTDIR/incidents.json.\n"
           "\n"
           "  --events N   approximate number of audit records (default 60000; 10000000 is the benchmark corpus)\n"
           "  --seed S     seed of the generator (default 1); the same options give byte-identical files\n"
           "  --format F   bundle (default): storage-account JSON Lines tree for every vault and the HSM, Defender\n"
           "                 alerts, Tor exit list, threat-intel CSV, AzureMetrics CSV\n"
           "               jsonl | records | azurediagnostics-csv | azkvauditlogs-json | ecs: the same audit records\n"
           "                 in one export format only (storage JSON Lines, Event Hub {\"records\":[...]}, portal CSV "
           "of\n"
           "                 AzureDiagnostics, Log Analytics API JSON of AZKVAuditLogs, Elastic NDJSON)\n"
           "  --force      write into a folder that is not empty\n";
}

int DemoCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("events").option("seed").option("start").option("days").option("format").flag("force");
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (p.positional().size() != 1) {
        return CommandSupport::usageError(*this, io, "exactly one OUTDIR is required");
    }
    core::DemoOptions options;
    if (auto v = p.value("events")) {
        if (!parseUnsigned(*v, options.events)) {
            return CommandSupport::usageError(*this, io, "--events needs a whole number");
        }
    }
    if (auto v = p.value("seed")) {
        if (!parseUnsigned(*v, options.seed)) {
            return CommandSupport::usageError(*this, io, "--seed needs a whole number");
        }
    }
    if (auto v = p.value("start")) {
        auto start = core::DemoOptions::parseStartDate(*v);
        if (!start) {
            return CommandSupport::usageError(*this, io, "--start needs a date YYYY-MM-DD");
        }
        options.start = *start;
    }
    if (auto v = p.value("days")) {
        std::uint64_t days = 0;
        if (!parseUnsigned(*v, days) || days > 100000) {
            return CommandSupport::usageError(*this, io, "--days needs a whole number");
        }
        options.days = static_cast<int>(days);
    }
    if (auto v = p.value("format")) {
        auto format = core::demoFormatFromString(*v);
        if (!format) {
            return CommandSupport::usageError(*this, io, "unknown --format " + *v);
        }
        options.format = *format;
    }
    options.force = p.has("force");
    if (core::Status s = options.validate(); !s) {
        return CommandSupport::usageError(*this, io, s.error().message);
    }

    auto result = core::DemoBundleGenerator(options).write(p.positional().front());
    if (!result) {
        CommandSupport::printError(io, result.error());
        return result.error().code == core::Error::Code::Usage ? CommandSupport::UsageError : CommandSupport::Failed;
    }
    const core::DemoSummary& s = *result;
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.1f s", s.seconds);
    io.out << "Wrote " << s.records << " audit records (" << core::toString(s.format) << ", " << s.files
           << " files) to " << s.outDir << " in " << rate << "\n";
    for (const auto& artefact : s.artefacts) {
        io.out << "  " << artefact << "\n";
    }
    io.out << "Records per vault:\n";
    for (const auto& [vault, n] : s.recordsPerResource) {
        io.out << "  " << vault << ": " << n << "\n";
    }
    io.out << "Injected incidents (details in " << core::DemoBundleGenerator::ManifestName << "):\n";
    for (const auto& inc : s.incidents) {
        std::string vaults;
        for (const auto& v : inc.vaults) {
            vaults += (vaults.empty() ? "" : ",") + v;
        }
        const std::string who = !inc.actorUpn.empty() ? inc.actorUpn : inc.actorLabel;
        io.out << "  " << inc.id << "  " << inc.kind << "  " << core::DemoTime::isoSeconds(inc.start) << " .. "
               << core::DemoTime::isoSeconds(inc.end) << "  " << vaults << "  ip " << inc.actorIp << "  " << who << "  "
               << inc.eventCount << " events\n";
    }
    return CommandSupport::Ok;
}

} // namespace kvw::cli
