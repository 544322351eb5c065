#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// kql: prints the KQL equivalent of a rule or a workbook view under the current filter (never executed).
class KqlCommand final : public Command
{
public:
    std::string name() const override { return "kql"; }
    std::string summary() const override { return "print the KQL of a rule or a workbook view"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
