#pragma once

#include "core/common/Timestamp.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kvw::core {

struct FindingEntities
{
    std::vector<std::string> ips;
    std::vector<std::string> identities; // object id, app id or UPN (every form the events carried)
    std::vector<std::string> apps;       // application (client) ids
    std::vector<std::string> objects;    // secret / key / certificate names
};

// One result of one rule: the window, what it involved, its evidence and the reasoning, all self-describing.
struct Finding
{
    std::string ruleId;
    std::string title;
    std::string source;
    std::string severity;
    std::string tactic;
    std::string technique;
    Timestamp start;
    Timestamp end;
    std::vector<std::string> vaults;
    FindingEntities entities;
    std::int64_t eventCount = 0;          // exact
    std::vector<std::int64_t> eventIds;   // the first ones in time order, capped
    std::map<std::string, std::string> parameters;
    std::string explanation;
    nlohmann::json baseline = nlohmann::json::object(); // baseline window and thresholds, for anomaly rules
    nlohmann::json excluded = nlohmann::json::object(); // what the allow-lists removed around this finding

    // The findings.detail_json document.
    nlohmann::json detailJson() const;
    // The CLI / report form (ISO-8601 times, no event ids).
    nlohmann::json toJson() const;
    static Finding fromRow(std::string ruleId, std::string title, std::string severity, std::int64_t start,
                           std::int64_t end, const nlohmann::json& detail);
};

} // namespace kvw::core
