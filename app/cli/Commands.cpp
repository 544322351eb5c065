#include "app/cli/Command.h"
#include "app/cli/EventsCommand.h"
#include "app/cli/IngestCommand.h"
#include "app/cli/SummaryCommand.h"

namespace kvw::cli {

std::vector<std::unique_ptr<Command>> allCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<IngestCommand>());
    commands.push_back(std::make_unique<SummaryCommand>());
    commands.push_back(std::make_unique<EventsCommand>());
    return commands;
}

} // namespace kvw::cli
