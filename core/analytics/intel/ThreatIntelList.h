#pragma once

#include "core/common/Timestamp.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace kvw::core {

struct ThreatIndicator
{
    std::string ip; // canonical address or network (CIDR)
    std::string description;
    std::optional<Timestamp> validFrom;
    std::optional<Timestamp> validUntil;
    std::optional<int> confidence;
};

// One threat-intelligence list as read from a file: a Tor exit list, an IP list, a STIX bundle, a CSV.
struct ThreatIntelList
{
    std::string name;
    std::string kind;              // tor | ip-list | stix | csv
    std::optional<Timestamp> date; // the newest date the content states (Published/ExitAddress, modified, …)
    std::vector<ThreatIndicator> indicators;
    std::int64_t nonPublic = 0; // private/loopback/link-local addresses left out (never matched, §4.5)
    std::int64_t invalid = 0;   // entries that are not IP addresses (domains, URLs, garbage)

    // Adds an address when it parses and is public; repeated addresses are kept once.
    bool add(std::string_view address, ThreatIndicator details = {});
    void noteDate(std::optional<Timestamp> t);

private:
    std::unordered_set<std::string> m_seen;
};

} // namespace kvw::core
