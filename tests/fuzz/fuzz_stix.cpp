// STIX 2.1 threat intel: bundles, indicators and their patterns, address observables (StixIndicatorParser).
#include "FuzzJson.h"
#include "core/analytics/intel/StixIndicatorParser.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // The pattern grammar alone, on the raw bytes.
    (void)kvw::core::StixIndicatorParser::patternAddresses(
        std::string_view(reinterpret_cast<const char*>(data), size));
    const auto doc = kvw::fuzz::parseJson(data, size);
    if (doc.is_discarded()) {
        return 0;
    }
    kvw::core::ThreatIntelList list;
    (void)kvw::core::StixIndicatorParser::parse(doc, list);
    for (const auto& indicator : list.indicators) {
        // Only parsed, public addresses are kept.
        if (indicator.ip.empty()) {
            std::abort();
        }
    }
    return 0;
}
