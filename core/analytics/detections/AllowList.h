#pragma once

#include <string>
#include <vector>

namespace kvw::core {

// Identities and addresses the rules leave out, always visibly: each finding records what was excluded.
struct AllowList
{
    // Azure Resource Graph (indexing) and Microsoft Policy Insights Provider Data Plane (policy checks).
    static constexpr const char* ResourceGraphAppId = "509e4652-da8d-478d-a730-e9d4a1996ca4";
    static constexpr const char* PolicyInsightsAppId = "8cae6e77-e04e-42ce-b5cb-50d82bce26b1";

    std::vector<std::string> appIds;      // first-party readers; the Sentinel rules drop only their VaultGet calls
    std::vector<std::string> identities;  // analyst-defined: object id, app id or UPN; dropped by every rule
    std::vector<std::string> ips;         // analyst-defined caller IPs; dropped by every rule
    bool trustedServices = true;          // calls marked as a trusted Azure service; dropped by the behaviour rules

    static AllowList defaults();
};

} // namespace kvw::core
