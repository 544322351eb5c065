#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

class SummaryCommand final : public Command
{
public:
    std::string name() const override { return "summary"; }
    std::string summary() const override { return "what a case holds: counts, time span, vaults, operations, errors"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
