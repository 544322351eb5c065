#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// kvworkbook-cli report: the incident report (self-contained HTML or PDF) for a case under a scope.
class ReportCommand final : public Command
{
public:
    std::string name() const override { return "report"; }
    std::string summary() const override { return "write the incident report as HTML or PDF"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
