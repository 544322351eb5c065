#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// import-alerts: reads Defender alert exports (continuous export JSON, ARM REST JSON, SecurityAlert CSV/JSON)
// into a case through the ingest pipeline and lists the alerts that are new.
class ImportAlertsCommand final : public Command
{
public:
    std::string name() const override { return "import-alerts"; }
    std::string summary() const override { return "add Defender / SecurityAlert alert exports to a case"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;

    enum class Focus { Alerts, ThreatIntel };
    // Shared with import-ti: runs the pipeline over the inputs and reports what each auxiliary table gained.
    static int importAuxiliary(const Command& cmd, const std::vector<std::string>& args, CommandIo& io, Focus focus);
};

} // namespace kvw::cli
