#pragma once

#include "core/analytics/intel/IpAddress.h"
#include "core/common/Result.h"
#include "core/common/Timestamp.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kvw::core {

class CaseFile;

// All threat-intel indicators of a case in memory, for matching caller IPs: exact addresses by hash, networks
// (CIDR entries) by a scan. Private, loopback and link-local addresses never match (sentinel-content.md §4.5).
class ThreatIntelLookup
{
public:
    struct Hit
    {
        std::string list;
        std::string listKind;
        std::string listDate;
        std::string indicator;
        std::string description;
        std::optional<Timestamp> validFrom;
        std::optional<Timestamp> validUntil;
        std::optional<int> confidence;
    };

    static Result<ThreatIntelLookup> load(const CaseFile& caseFile);

    // Indicators listing `address` (any textual form); empty for non-public or unparsable addresses.
    std::vector<Hit> find(const std::string& address) const;
    bool empty() const { return m_exact.empty() && m_networks.empty(); }

private:
    std::unordered_multimap<std::string, Hit> m_exact;
    std::vector<std::pair<IpAddress, Hit>> m_networks;
};

} // namespace kvw::core
