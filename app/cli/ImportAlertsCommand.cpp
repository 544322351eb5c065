#include "app/cli/ImportAlertsCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/common/Timestamp.h"
#include "core/ingest/AuxiliaryImporterFactory.h"
#include "core/ingest/IngestPipeline.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <ostream>

namespace kvw::cli {
namespace {

constexpr std::size_t kMaxListed = 50;

// Log and alert text is attacker-controlled: control characters (terminal escapes) are shown as '?'.
std::string printable(std::string s)
{
    for (char& c : s) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            c = '?';
        }
    }
    return s;
}

struct TableCounts
{
    std::int64_t events = 0;
    std::int64_t alerts = 0;
    std::int64_t alertEntities = 0;
    std::int64_t lists = 0;
    std::int64_t indicators = 0;
    std::int64_t metrics = 0;
    std::int64_t lastAlertId = 0;
    std::int64_t lastListId = 0;
};

std::int64_t scalar(const core::CaseFile& c, const char* sql)
{
    auto st = c.db().prepare(sql);
    return st.step() && !st.isNull(0) ? st.int64(0) : 0;
}

TableCounts countTables(const core::CaseFile& c)
{
    TableCounts t;
    t.events = scalar(c, "SELECT COUNT(*) FROM events");
    t.alerts = scalar(c, "SELECT COUNT(*) FROM alerts");
    t.alertEntities = scalar(c, "SELECT COUNT(*) FROM alert_entities");
    t.lists = scalar(c, "SELECT COUNT(*) FROM ti_lists");
    t.indicators = scalar(c, "SELECT COUNT(*) FROM ti_indicators");
    t.metrics = scalar(c, "SELECT COUNT(*) FROM metrics");
    t.lastAlertId = scalar(c, "SELECT MAX(id) FROM alerts");
    t.lastListId = scalar(c, "SELECT MAX(id) FROM ti_lists");
    return t;
}

void listNewAlerts(const core::CaseFile& c, std::int64_t afterId, std::ostream& out)
{
    auto st = c.db().prepare("SELECT alert_type, severity, start_time, vault, is_sample, display_name FROM alerts "
                             "WHERE id > ? ORDER BY start_time, id LIMIT ?");
    st.bind(1, afterId).bind(2, static_cast<std::int64_t>(kMaxListed));
    bool header = false;
    while (st.step()) {
        if (!header) {
            out << "New alerts:\n";
            header = true;
        }
        const std::string start = st.isNull(2) ? std::string("-") : core::Timestamp::fromTicks(st.int64(2)).toIso();
        out << "  " << start << "  " << printable(st.text(1)) << "  " << printable(st.text(0)) << "  "
            << (st.text(3).empty() ? std::string("(no vault)") : printable(st.text(3)))
            << (st.int64(4) ? "  [sample]" : "") << "  " << printable(st.text(5)) << "\n";
    }
}

void listNewLists(const core::CaseFile& c, std::int64_t afterId, std::ostream& out)
{
    auto st = c.db().prepare("SELECT l.name, l.kind, l.list_date, (SELECT COUNT(*) FROM ti_indicators i WHERE "
                             "i.list_id = l.id) FROM ti_lists l WHERE l.id > ? ORDER BY l.id LIMIT ?");
    st.bind(1, afterId).bind(2, static_cast<std::int64_t>(kMaxListed));
    bool header = false;
    while (st.step()) {
        if (!header) {
            out << "Lists stored:\n";
            header = true;
        }
        out << "  " << printable(st.text(0)) << "  [" << st.text(1) << (st.text(2).empty() ? "" : ", " + st.text(2))
            << "]  " << st.int64(3) << " indicators\n";
    }
}

} // namespace

std::string ImportAlertsCommand::usage() const
{
    return "usage: kvworkbook-cli import-alerts --case CASE.kvwb [--date-order mdy|dmy] [--quiet] FILE...\n"
           "\n"
           "Reads Defender for Cloud alerts into the case, creating it if needed: continuous-export / Event Hub\n"
           "JSON (one object per alert), ARM REST JSON (properties.alertType), and Log Analytics SecurityAlert\n"
           "exports (CSV or JSON). Alerts are unique by SystemAlertId, so re-reading adds nothing. All alert types\n"
           "are kept; Key Vault ones are KV_*, and SIMULATED_* portal samples are marked as samples. Other records\n"
           "in the inputs (audit events, threat intel, metrics) are stored as by ingest.\n"
           "  --date-order  day/month order of slash dates in portal CSV exports (default mdy, en-US)\n"
           "Exit status: 0 when the inputs were read (even with listed errors), 1 when nothing could be read,\n"
           "2 on a usage error.\n";
}

int ImportAlertsCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    return importAuxiliary(*this, args, io, Focus::Alerts);
}

int ImportAlertsCommand::importAuxiliary(const Command& cmd, const std::vector<std::string>& args, CommandIo& io,
                                         Focus focus)
{
    ArgParser p;
    p.option("case").option("date-order").flag("quiet");
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(cmd, io, *err);
    }
    const auto casePath = p.value("case");
    if (!casePath) {
        return CommandSupport::usageError(cmd, io, "--case is required");
    }
    if (p.positional().empty()) {
        return CommandSupport::usageError(cmd, io, "give at least one file or folder to read");
    }
    core::IngestOptions options;
    if (const auto order = p.value("date-order")) {
        if (*order == "dmy") {
            options.dateOrder = core::DateOrder::DayFirst;
        } else if (*order != "mdy") {
            return CommandSupport::usageError(cmd, io, "--date-order takes mdy or dmy");
        }
    }
    auto caseFile = core::CaseFile::open(*casePath);
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    TableCounts before;
    TableCounts after;
    core::IngestReport report;
    try {
        before = countTables(*caseFile);
        core::IngestPipeline pipeline(*caseFile, options);
        auto aux = core::AuxiliaryImporterFactory::create(*caseFile);
        pipeline.setAuxiliaryImporter(aux.get());
        report = pipeline.run(p.positional());
        after = countTables(*caseFile);
    } catch (const core::DatabaseError& e) {
        CommandSupport::printError(io, core::Error{core::Error::Code::Database, *casePath, 0, e.what()});
        return CommandSupport::Failed;
    }

    auto line = [&](const char* label, std::int64_t b, std::int64_t a) {
        io.out << "  " << label << "+" << (a - b) << " (" << a << " in the case)\n";
    };
    io.out << "Read " << report.totals.files << " files into " << *casePath << "\n";
    line("alerts              ", before.alerts, after.alerts);
    line("alert entities      ", before.alertEntities, after.alertEntities);
    line("threat-intel lists  ", before.lists, after.lists);
    line("indicators          ", before.indicators, after.indicators);
    line("metric samples      ", before.metrics, after.metrics);
    if (after.events != before.events) {
        line("audit events        ", before.events, after.events);
    }
    io.out << "  rejected            " << report.totals.rejected << "\n";
    if (!p.has("quiet")) {
        if (focus == Focus::Alerts) {
            listNewAlerts(*caseFile, before.lastAlertId, io.out);
        } else {
            listNewLists(*caseFile, before.lastListId, io.out);
        }
    }
    if (report.totals.errors > 0) {
        io.out << "Errors (" << report.totals.errors << "):\n";
        std::size_t shown = 0;
        for (const auto& e : report.errors) {
            if (++shown > kMaxListed) {
                io.out << "  ... " << (report.totals.errors - static_cast<std::int64_t>(kMaxListed))
                       << " more: kvworkbook-cli summary --case " << *casePath << "\n";
                break;
            }
            io.out << "  " << e.toString() << "\n";
        }
    }
    // IngestReport::nothingRead() counts records only, and text lists are stored without any; a file that was read
    // without failing is success here.
    const bool anyRead =
        std::any_of(report.files.begin(), report.files.end(), [](const core::FileReport& f) { return !f.failed; });
    return anyRead ? CommandSupport::Ok : CommandSupport::Failed;
}

} // namespace kvw::cli
