#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

class EventsCommand final : public Command
{
public:
    std::string name() const override { return "events"; }
    std::string summary() const override { return "list events under a filter as CSV or JSON"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
