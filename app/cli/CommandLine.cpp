#include "app/cli/CommandLine.h"

#include "core/common/BuildInfo.h"

#include <iomanip>
#include <ostream>

namespace kvw::cli {
namespace {

void printHelp(std::ostream& out, const std::vector<std::unique_ptr<Command>>& commands)
{
    out << "KV Workbook " << KVW_VERSION << " - offline investigation of Azure Key Vault and Managed HSM audit logs\n\n"
        << "usage: kvworkbook-cli COMMAND [options]     (kvworkbook-cli COMMAND --help for details)\n\n"
        << "Commands:\n";
    for (const auto& c : commands) {
        out << "  " << std::left << std::setw(14) << c->name() << c->summary() << "\n";
    }
    out << "\n  --version     print the version\n";
}

} // namespace

int CommandLine::run(const std::vector<std::string>& args, CommandIo& io)
{
    auto commands = allCommands();
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        if (args.size() > 1 && args[0] == "help") {
            for (const auto& c : commands) {
                if (c->name() == args[1]) {
                    io.out << c->usage();
                    return 0;
                }
            }
        }
        printHelp(args.empty() ? io.err : io.out, commands);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version" || args[0] == "version") {
        io.out << core::BuildInfo::versionText("kvworkbook-cli");
        return 0;
    }
    for (const auto& c : commands) {
        if (c->name() == args[0]) {
            return c->run(std::vector<std::string>(args.begin() + 1, args.end()), io);
        }
    }
    io.err << "kvworkbook-cli: unknown command '" << args[0] << "'\n\n";
    printHelp(io.err, commands);
    return 2;
}

} // namespace kvw::cli
