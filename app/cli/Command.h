#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace kvw::cli {

// Where a command writes: injected so tests run commands in process and read the output back.
struct CommandIo
{
    std::ostream& out;
    std::ostream& err;
};

// One CLI verb. run() returns the process exit code: 0 success (also when some records were rejected and listed),
// 1 when nothing could be done, 2 on a usage error.
class Command
{
public:
    virtual ~Command() = default;
    virtual std::string name() const = 0;
    virtual std::string summary() const = 0;
    virtual std::string usage() const = 0;
    virtual int run(const std::vector<std::string>& args, CommandIo& io) = 0;
};

std::vector<std::unique_ptr<Command>> allCommands();

} // namespace kvw::cli
