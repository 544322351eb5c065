#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// kvworkbook-cli chart: one of the workbook's charts as PNG (at a scale) or SVG.
class ChartCommand final : public Command
{
public:
    std::string name() const override { return "chart"; }
    std::string summary() const override { return "export a workbook chart as PNG or SVG"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
