#include "app/cli/EntityCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/analytics/entities/EntityProfileQuery.h"
#include "core/store/CaseFile.h"

#include <ostream>

namespace kvw::cli {
namespace {

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

std::string orDash(const std::optional<core::Timestamp>& t)
{
    return t ? t->toIso() : std::string("-");
}

void printCounts(std::ostream& out, const char* title, const std::vector<core::EntityCount>& counts)
{
    if (counts.empty()) {
        return;
    }
    out << title << ":\n";
    for (const auto& c : counts) {
        out << "  " << printable(c.value) << "  " << c.count << "\n";
    }
}

void printText(std::ostream& out, const core::EntityProfile& p, const core::EventFilter& filter)
{
    out << "Entity " << core::toString(p.kind) << " " << printable(p.key);
    if (!p.keyUsed.empty()) {
        out << "  (matched as " << p.keyUsed << ")";
    }
    out << "\nScope: " << filter.describe() << "\n"
        << "Events: " << p.events << " (" << p.failed << " failed requests)\n"
        << "First: " << orDash(p.first) << "  Last: " << orDash(p.last) << "\n";
    printCounts(out, "\nVaults", p.vaults);
    printCounts(out, "\nOperations", p.operations);
    printCounts(out, "\nCaller IPs", p.ips);
    printCounts(out, "\nIdentities", p.identities);
    printCounts(out, "\nObjects", p.objects);
    printCounts(out, "\nOther object ids seen", p.objectIds);
    printCounts(out, "\nApp ids seen", p.appIds);
    printCounts(out, "\nUPNs seen", p.upns);
    if (!p.timeline.empty()) {
        out << "\nDaily events (failed):\n";
        for (const auto& d : p.timeline) {
            out << "  " << d.day.toIso().substr(0, 10) << "  " << d.events << " (" << d.failed << ")\n";
        }
    }
    out << "\nRelated Defender alerts (" << p.relatedAlerts.size() << "):\n";
    for (const auto& a : p.relatedAlerts) {
        out << "  " << orDash(a.start) << "  " << a.severity << "  " << a.alertType << (a.isSample ? " [sample]" : "")
            << "  " << printable(a.displayName) << "  [" << printable(a.matchedOn) << "]\n";
        if (!a.link.empty()) {
            out << "    " << printable(a.link) << "\n";
        }
    }
    out << "\nRelated findings (" << p.relatedFindings.size() << "):\n";
    for (const auto& f : p.relatedFindings) {
        out << "  " << f.start.toIso() << " .. " << f.end.toIso() << "  " << f.severity << "  " << f.ruleId << "  "
            << printable(f.title) << "\n";
    }
    out << "\nThreat intel (" << p.threatIntel.size() << "):\n";
    for (const auto& t : p.threatIntel) {
        out << "  " << printable(t.ip) << "  on " << printable(t.list) << " [" << t.listKind
            << (t.listDate.empty() ? "" : ", " + t.listDate) << "]";
        if (t.indicator != t.ip) {
            out << " as " << printable(t.indicator);
        }
        if (!t.description.empty()) {
            out << "  " << printable(t.description);
        }
        if (!t.inWindow) {
            out << "  (indicator not valid during this activity)";
        }
        out << "\n";
    }
}

} // namespace

std::string EntityCommand::usage() const
{
    return "usage: kvworkbook-cli entity --case CASE.kvwb (--ip IP | --identity ID | --vault V | --app APPID |\n"
           "                             --operation OP | --object NAME) [--from T] [--to T] [--vault V]... "
           "[--subscription S]...\n"
           "                             [--resource-type vault|managedhsm] [--identities all|users|services]\n"
           "                             [--limit N] [--json]\n"
           "\n"
           "Profiles one entity within the filter: first and last event, event and failed counts, vaults,\n"
           "operations, caller IPs, identities and objects with counts, daily timeline, the Defender alerts whose\n"
           "entities name it (IP address, AAD user id, resource id; case-insensitive), the detection findings\n"
           "that list it, and the threat-intel lists holding its addresses.\n"
           "--identity takes an object id, app id or UPN (the events' identity key is object id, else app id,\n"
           "else UPN); the output says which one matched and lists the other ids seen with it.\n"
           "--vault names the entity when no other entity option is given; otherwise it narrows the scope.\n"
           "--limit caps each ranked list (default 100).\n"
           "--json keys: kind, key, key_used, first, last, events, failed, vaults, operations, ips, identities,\n"
           "objects, other_ids, timeline, related_alerts, related_findings, threat_intel.\n";
}

int EntityCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").option("ip").option("identity").option("app").option("operation").option("object").option("limit");
    p.flag("json");
    CommandSupport::addFilterOptions(p);
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (!p.value("case") || !p.positional().empty()) {
        return CommandSupport::usageError(*this, io, "--case CASE.kvwb is required (and nothing else positional)");
    }
    std::optional<core::EntityKind> kind;
    std::string key;
    int given = 0;
    const std::pair<const char*, core::EntityKind> kinds[] = {{"ip", core::EntityKind::Ip},
                                                              {"identity", core::EntityKind::Identity},
                                                              {"app", core::EntityKind::Application},
                                                              {"operation", core::EntityKind::Operation},
                                                              {"object", core::EntityKind::Object}};
    for (const auto& [option, k] : kinds) {
        if (const auto v = p.value(option)) {
            ++given;
            kind = k;
            key = *v;
        }
    }
    if (given > 1) {
        return CommandSupport::usageError(*this, io,
                                          "give one of --ip, --identity, --vault, --app, --operation, --object");
    }
    if (!kind) {
        const auto vaults = p.values("vault");
        if (vaults.size() != 1) {
            return CommandSupport::usageError(*this, io,
                                              "give one of --ip, --identity, --vault, --app, --operation, --object");
        }
        kind = core::EntityKind::Vault;
        key = vaults.front();
    }
    auto filter = CommandSupport::filterFrom(p);
    if (!filter) {
        return CommandSupport::usageError(*this, io, filter.error().message);
    }
    core::EntityProfileQuery::Options options;
    if (const auto l = p.value("limit")) {
        try {
            const long long n = std::stoll(*l);
            if (n < 1) {
                throw std::invalid_argument("limit");
            }
            options.limit = static_cast<std::size_t>(n);
        } catch (const std::exception&) {
            return CommandSupport::usageError(*this, io, "--limit takes a number >= 1");
        }
    }
    auto caseFile = core::CaseFile::openReadOnly(*p.value("case"));
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    auto profile = core::EntityProfileQuery::run(*caseFile, *filter, *kind, key, options);
    if (!profile) {
        if (profile.error().code == core::Error::Code::Usage) {
            return CommandSupport::usageError(*this, io, profile.error().message);
        }
        CommandSupport::printError(io, profile.error());
        return CommandSupport::Failed;
    }
    if (p.has("json")) {
        io.out << profile->toJson().dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
        printText(io.out, *profile, *filter);
    }
    return CommandSupport::Ok;
}

} // namespace kvw::cli
