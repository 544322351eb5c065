#pragma once

#include "core/analytics/intel/ThreatIntelList.h"
#include "core/common/Result.h"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kvw::core {

// STIX 2.1 threat intel: bundles, indicator objects with ipv4-addr / ipv6-addr (or network-traffic *_ref) patterns,
// and bare ipv4-addr / ipv6-addr observables. Other indicator types (domains, URLs, hashes) are counted as invalid.
class StixIndicatorParser
{
public:
    // Adds what `object` holds to `list`; an error names the field that is missing or malformed.
    static Status parse(const nlohmann::json& object, ThreatIntelList& list);
    // The addresses a STIX pattern compares: "[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value ISSUBSET
    // '203.0.113.0/24']" gives both values.
    static std::vector<std::string> patternAddresses(std::string_view pattern);
};

} // namespace kvw::core
