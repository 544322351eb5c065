#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// kvworkbook-cli export: a workbook table or the filtered event list as CSV or JSON.
class ExportCommand final : public Command
{
public:
    std::string name() const override { return "export"; }
    std::string summary() const override { return "export a table or the filtered event list as CSV or JSON"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
