#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// `demo OUTDIR`: writes the built-in demo bundle (or a single-format benchmark corpus) with injected incidents.
class DemoCommand final : public Command
{
public:
    std::string name() const override { return "demo"; }
    std::string summary() const override
    {
        return "write a realistic demo bundle with injected incidents (also the benchmark corpus)";
    }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
