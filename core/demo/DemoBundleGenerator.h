#pragma once

#include "core/common/Result.h"
#include "core/demo/DemoIncident.h"
#include "core/demo/DemoOptions.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kvw::core {

struct DemoSummary
{
    std::string outDir;
    DemoFormat format = DemoFormat::Bundle;
    std::uint64_t records = 0;
    std::uint64_t files = 0;
    double seconds = 0.0;
    std::map<std::string, std::uint64_t> recordsPerResource; // lower-case vault / HSM name
    std::vector<DemoIncident> incidents;
    std::vector<std::string> artefacts; // relative paths of what was written
};

// Writes the demo bundle or a single-format corpus (see DemoFormat) with injected incidents and incidents.json.
// Deterministic: the same options give byte-identical files. Streams hour by hour, so memory does not grow with
// --events (10 million records is the benchmark corpus).
class DemoBundleGenerator
{
public:
    static constexpr const char* ManifestName = "incidents.json";

    explicit DemoBundleGenerator(DemoOptions options) : m_options(std::move(options)) {}

    Result<DemoSummary> write(const std::filesystem::path& outDir) const;

private:
    DemoOptions m_options;
};

} // namespace kvw::core
