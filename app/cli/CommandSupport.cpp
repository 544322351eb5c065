#include "app/cli/CommandSupport.h"

#include <ostream>

namespace kvw::cli {

void CommandSupport::addFilterOptions(ArgParser& parser)
{
    parser.option("vault", true)
        .option("from")
        .option("to")
        .option("subscription", true)
        .option("resource-type")
        .option("identities");
}

core::Result<core::EventFilter> CommandSupport::filterFrom(const ArgParser& parser)
{
    auto filter = core::EventFilter::fromStrings(parser.value("from"), parser.value("to"), parser.values("vault"));
    if (!filter) {
        return filter;
    }
    filter->subscriptions = parser.values("subscription");
    if (const auto rt = parser.value("resource-type")) {
        if (*rt == "vault" || *rt == "vaults") {
            filter->resourceType = core::ResourceType::Vault;
        } else if (*rt == "managedhsm" || *rt == "hsm" || *rt == "managedhsms") {
            filter->resourceType = core::ResourceType::ManagedHsm;
        } else {
            return core::Error{core::Error::Code::Usage, "", 0, "--resource-type takes vault or managedhsm"};
        }
    }
    if (const auto id = parser.value("identities")) {
        if (*id == "users") {
            filter->identities = core::EventFilter::Identities::Users;
        } else if (*id == "services") {
            filter->identities = core::EventFilter::Identities::Services;
        } else if (*id != "all") {
            return core::Error{core::Error::Code::Usage, "", 0, "--identities takes all, users or services"};
        }
    }
    return filter;
}

int CommandSupport::usageError(const Command& cmd, CommandIo& io, const std::string& message)
{
    io.err << "kvworkbook-cli " << cmd.name() << ": " << message << "\n\n" << cmd.usage();
    return UsageError;
}

void CommandSupport::printError(CommandIo& io, const core::Error& error)
{
    io.err << "error: " << error.toString() << "\n";
}

bool CommandSupport::wantsHelp(const std::vector<std::string>& args)
{
    for (const auto& a : args) {
        if (a == "--help" || a == "-h") {
            return true;
        }
    }
    return false;
}

} // namespace kvw::cli
