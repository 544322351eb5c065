#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// import-ti: reads threat-intel lists (STIX 2.1 bundles, TorDNSEL exit lists, IP-per-line lists, IP CSVs) into a
// case and lists the lists stored.
class ImportTiCommand final : public Command
{
public:
    std::string name() const override { return "import-ti"; }
    std::string summary() const override { return "add threat-intel lists (STIX, Tor exit lists, IP lists) to a case"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
