#include "app/cli/AnomaliesCommand.h"
#include "app/cli/Command.h"
#include "app/cli/ChartCommand.h"
#include "app/cli/ExportCommand.h"
#include "app/cli/NoteCommand.h"
#include "app/cli/ReportCommand.h"
#include "app/cli/TagCommand.h"
#include "app/cli/DemoCommand.h"
#include "app/cli/DetectCommand.h"
#include "app/cli/EntityCommand.h"
#include "app/cli/EventsCommand.h"
#include "app/cli/ImportAlertsCommand.h"
#include "app/cli/ImportTiCommand.h"
#include "app/cli/IngestCommand.h"
#include "app/cli/KqlCommand.h"
#include "app/cli/RulesCommand.h"
#include "app/cli/SummaryCommand.h"

namespace kvw::cli {

std::vector<std::unique_ptr<Command>> allCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<IngestCommand>());
    commands.push_back(std::make_unique<SummaryCommand>());
    commands.push_back(std::make_unique<EventsCommand>());
    commands.push_back(std::make_unique<DemoCommand>());
    commands.push_back(std::make_unique<DetectCommand>());
    commands.push_back(std::make_unique<RulesCommand>());
    commands.push_back(std::make_unique<AnomaliesCommand>());
    commands.push_back(std::make_unique<KqlCommand>());
    commands.push_back(std::make_unique<TagCommand>());
    commands.push_back(std::make_unique<NoteCommand>());
    commands.push_back(std::make_unique<ExportCommand>());
    commands.push_back(std::make_unique<ChartCommand>());
    commands.push_back(std::make_unique<ReportCommand>());
    commands.push_back(std::make_unique<ImportAlertsCommand>());
    commands.push_back(std::make_unique<ImportTiCommand>());
    commands.push_back(std::make_unique<EntityCommand>());
    return commands;
}

} // namespace kvw::cli
