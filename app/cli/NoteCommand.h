#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// kvworkbook-cli note: free-text notes on events, entities, findings and alerts.
class NoteCommand final : public Command
{
public:
    std::string name() const override { return "note"; }
    std::string summary() const override { return "add or list free-text notes on events, entities, findings"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
