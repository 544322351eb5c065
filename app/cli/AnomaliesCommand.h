#pragma once

#include "app/cli/Command.h"

namespace kvw::cli {

// anomalies: baseline series (series_decompose_anomalies) per vault, caller IP or identity.
class AnomaliesCommand final : public Command
{
public:
    std::string name() const override { return "anomalies"; }
    std::string summary() const override { return "activity baselines and anomaly scores per vault, IP or identity"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;
};

} // namespace kvw::cli
