#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// entity: the profile of one caller IP, identity, vault, application or object within the global filter.
class EntityCommand final : public Command
{
public:
    std::string name() const override { return "entity"; }
    std::string summary() const override
    {
        return "profile of an IP, identity, vault, app or object: activity, related alerts, findings, threat intel";
    }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
