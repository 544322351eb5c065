#pragma once

#include "app/cli/ArgParser.h"
#include "app/cli/Command.h"
#include "core/common/Error.h"
#include "core/query/EventFilter.h"

#include <optional>
#include <string>

namespace kvw::cli {

// Pieces every command shares: usage errors, the filter options, error printing.
class CommandSupport
{
public:
    static constexpr int Ok = 0;
    static constexpr int Failed = 1;
    static constexpr int UsageError = 2;

    // Declares --vault (repeatable), --from, --to, --subscription (repeatable), --resource-type, --identities.
    static void addFilterOptions(ArgParser& parser);
    static core::Result<core::EventFilter> filterFrom(const ArgParser& parser);

    static int usageError(const Command& cmd, CommandIo& io, const std::string& message);
    static void printError(CommandIo& io, const core::Error& error);
    // --help anywhere prints the usage and succeeds.
    static bool wantsHelp(const std::vector<std::string>& args);
};

} // namespace kvw::cli
