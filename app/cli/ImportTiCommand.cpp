#include "app/cli/ImportTiCommand.h"

#include "app/cli/CommandSupport.h"
#include "app/cli/ImportAlertsCommand.h"

#include <ostream>

namespace kvw::cli {

std::string ImportTiCommand::usage() const
{
    return "usage: kvworkbook-cli import-ti --case CASE.kvwb [--date-order mdy|dmy] [--quiet] FILE...\n"
           "\n"
           "Reads threat-intelligence lists into the case, creating it if needed: STIX 2.1 bundles or indicators\n"
           "(ipv4-addr / ipv6-addr patterns, valid_from / valid_until, confidence), TorDNSEL exit lists\n"
           "(ExitAddress lines), IP-per-line lists with # comments, and CSV files with an ip or indicator column.\n"
           "Private, loopback and link-local addresses are left out: they never match. Re-reading a file replaces\n"
           "the lists it gave before. Other records in the inputs (audit events, alerts) are stored as by ingest.\n"
           "Exit status: 0 when the inputs were read (even with listed errors), 1 when nothing could be read,\n"
           "2 on a usage error.\n";
}

int ImportTiCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    return ImportAlertsCommand::importAuxiliary(*this, args, io, ImportAlertsCommand::Focus::ThreatIntel);
}

} // namespace kvw::cli
