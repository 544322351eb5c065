#include "app/cli/CommandLine.h"

#include <iostream>

int main(int argc, char** argv)
{
    std::ios::sync_with_stdio(false);
    std::vector<std::string> args(argv + 1, argv + argc);
    kvw::cli::CommandIo io{std::cout, std::cerr};
    const int rc = kvw::cli::CommandLine::run(args, io);
    std::cout.flush();
    return rc;
}
