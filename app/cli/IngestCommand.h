#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

class IngestCommand final : public Command
{
public:
    std::string name() const override { return "ingest"; }
    std::string summary() const override { return "read a bundle (files, folders, archives) into a case file"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
