#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// rules: the detection catalogue with sources, MITRE mapping and parameter defaults.
class RulesCommand final : public Command
{
public:
    std::string name() const override { return "rules"; }
    std::string summary() const override { return "list the detection rules and their parameters"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
