#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// detect: runs the detection catalogue over a case and stores the findings (replacing the previous run's).
class DetectCommand final : public Command
{
public:
    std::string name() const override { return "detect"; }
    std::string summary() const override { return "run the detection rules over a case and store the findings"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
