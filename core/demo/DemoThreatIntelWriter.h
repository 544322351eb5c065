#pragma once

#include "core/common/Result.h"
#include "core/common/Timestamp.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kvw::core {

class DemoWorld;

// The bundle's threat-intelligence side files: a Tor exit list in the TorDNSEL "exit-addresses" format
// (ExitNode / Published / LastStatus / ExitAddress) and an indicator CSV with an `indicator` column.
class DemoThreatIntelWriter
{
public:
    static constexpr const char* TorPath = "threat-intel/tor-exit-addresses.txt";
    static constexpr const char* IndicatorsPath = "threat-intel/indicators.csv";

    DemoThreatIntelWriter(const DemoWorld& world, std::uint64_t seed) : m_world(world), m_seed(seed) {}

    Result<std::vector<std::string>> write(const std::filesystem::path& root, Timestamp periodStart, int days) const;

private:
    const DemoWorld& m_world;
    std::uint64_t m_seed;
};

} // namespace kvw::core
