#pragma once

#include "core/common/Result.h"
#include "core/demo/DemoIncident.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kvw::core {

class DemoWorld;

// Microsoft Defender for Cloud alerts in the continuous-export shape of the shared sample
// (samples/sentinel/issue_19_sample_1.json): one JSON object per file under defender-alerts/, one alert per
// incident that has a Defender alert type, plus one SIMULATED_ sample alert for a vault outside the bundle.
class DemoAlertsWriter
{
public:
    DemoAlertsWriter(const DemoWorld& world, std::uint64_t seed) : m_world(world), m_seed(seed) {}

    // Returns the relative paths written.
    Result<std::vector<std::string>> write(const std::filesystem::path& root,
                                           const std::vector<DemoIncident>& incidents, Timestamp periodStart) const;

private:
    const DemoWorld& m_world;
    std::uint64_t m_seed;
};

} // namespace kvw::core
