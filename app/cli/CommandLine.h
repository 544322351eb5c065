#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// kvworkbook-cli's top level: --version, --help, help VERB, and dispatch to a verb.
class CommandLine
{
public:
    static int run(const std::vector<std::string>& args, CommandIo& io);
};

} // namespace kvw::cli
