#pragma once

#include "core/common/Timestamp.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace kvw::core {

// One injected incident as written to incidents.json. Static facts come from the plan; counts, times and the
// resources touched are filled in from the records actually written, so the manifest cannot drift from the data.
struct DemoIncident
{
    std::string id;   // INC-1 ...
    std::string kind; // mass_secret_dump, sensitive_operations, ...
    std::string title;
    std::string description;
    std::string actorLabel;
    std::string actorKind; // user, service_principal, managed_identity
    std::string actorIp;
    std::string actorObjectId;
    std::string actorUpn;
    std::string actorAppId;
    std::string defenderAlertType; // empty: no Defender alert in the bundle
    std::vector<std::string> expectedDetections;
    nlohmann::json details = nlohmann::json::object();

    // Observed from the records.
    Timestamp start;
    Timestamp end;
    std::uint64_t eventCount = 0;
    std::map<std::string, std::uint64_t> operations;
    std::set<std::string> vaults;      // lower-case vault / HSM names
    std::set<std::string> resourceIds; // as logged
    std::map<int, std::uint64_t> statuses;
    std::set<std::string> clientInfos; // user agents seen (authenticated records)
    std::set<std::string> appIds;      // appid claims seen (users: the client application)

    nlohmann::json toJson() const;
};

} // namespace kvw::core
