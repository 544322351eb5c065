#include "app/cli/IngestCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/ingest/IngestPipeline.h"
#include "core/ingest/AuxiliaryImporterFactory.h"
#include "core/store/CaseFile.h"

#include <chrono>
#include <iomanip>
#include <ostream>

namespace kvw::cli {
namespace {

// One progress line on stderr every second or so.
class StderrProgress final : public core::ProgressSink
{
public:
    explicit StderrProgress(std::ostream& err, bool quiet) : m_err(err), m_quiet(quiet) {}
    void fileStarted(const std::string& /*path*/) override {}
    void progress(const core::IngestStats& s) override
    {
        const auto now = std::chrono::steady_clock::now();
        if (m_quiet || now - m_last < std::chrono::seconds(1)) {
            return;
        }
        m_last = now;
        m_err << "  " << s.files << " files, " << s.records << " records, " << s.inserted << " new, " << s.rejected
              << " rejected\n";
    }

private:
    std::ostream& m_err;
    bool m_quiet;
    std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
};

} // namespace

std::string IngestCommand::usage() const
{
    return "usage: kvworkbook-cli ingest --case CASE.kvwb [--date-order mdy|dmy] [--quiet] PATH...\n"
           "\n"
           "Reads every PATH (file, folder, .zip, .tar, .tar.gz, .gz) into the case file, creating it if needed.\n"
           "Formats are recognised from content: AuditEvent JSON Lines / {\"records\"} / arrays, Log Analytics\n"
           "AzureDiagnostics and AZKVAuditLogs exports (CSV, JSON), Elastic NDJSON, Defender alerts, threat intel,\n"
           "metrics. Re-reading a bundle adds nothing; bad records are listed and the rest still loads.\n"
           "  --date-order  day/month order of slash dates in portal CSV exports (default mdy, en-US)\n"
           "Exit status: 0 when the bundle was read (even with listed errors), 1 when nothing could be read,\n"
           "2 on a usage error.\n";
}

int IngestCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").option("date-order").flag("quiet");
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    const auto casePath = p.value("case");
    if (!casePath) {
        return CommandSupport::usageError(*this, io, "--case is required");
    }
    if (p.positional().empty()) {
        return CommandSupport::usageError(*this, io, "give at least one file, folder or archive to read");
    }
    core::IngestOptions options;
    if (const auto order = p.value("date-order")) {
        if (*order == "dmy") {
            options.dateOrder = core::DateOrder::DayFirst;
        } else if (*order != "mdy") {
            return CommandSupport::usageError(*this, io, "--date-order takes mdy or dmy");
        }
    }
    auto caseFile = core::CaseFile::open(*casePath);
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    core::IngestPipeline pipeline(*caseFile, options);
    StderrProgress progress(io.err, p.has("quiet"));
    pipeline.setProgressSink(&progress);
    auto aux = core::AuxiliaryImporterFactory::create(*caseFile);
    pipeline.setAuxiliaryImporter(aux.get());
    const core::IngestReport report = pipeline.run(p.positional());

    const auto& t = report.totals;
    io.out << "Read " << t.files << " files into " << *casePath << " in " << std::fixed << std::setprecision(2)
           << t.seconds << " s\n"
           << "  records     " << t.records << "\n"
           << "  new events  " << t.inserted << "\n"
           << "  duplicates  " << t.duplicates << "\n"
           << "  skipped     " << t.skipped << " (other services or categories)\n"
           << "  rejected    " << t.rejected << "\n";
    std::int64_t unchanged = 0;
    for (const auto& f : report.files) {
        unchanged += f.unchanged ? 1 : 0;
    }
    if (unchanged > 0) {
        io.out << "  unchanged   " << unchanged << " files already in the case\n";
    }
    if (t.errors > 0) {
        io.out << "Errors (" << t.errors << "):\n";
        std::size_t shown = 0;
        for (const auto& e : report.errors) {
            if (++shown > 50) {
                io.out << "  ... " << (t.errors - 50) << " more: kvworkbook-cli summary --case " << *casePath << "\n";
                break;
            }
            io.out << "  " << e.toString() << "\n";
        }
    }
    if (report.cancelled) {
        io.out << "Cancelled: what was read is stored; run the same command again to finish.\n";
    }
    return report.nothingRead() ? CommandSupport::Failed : CommandSupport::Ok;
}

} // namespace kvw::cli
