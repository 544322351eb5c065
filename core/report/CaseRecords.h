#pragma once

#include "core/common/Result.h"
#include "core/query/EventFilter.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kvw::core {

class CaseFile;

// A stored detection finding with its detail_json unpacked (written by the detections engine).
struct FindingRecord
{
    std::int64_t id = 0;
    std::string ruleId;
    std::string title;
    std::string severity;
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::vector<std::string> vaults;
    std::vector<std::string> ips;
    std::vector<std::string> identities;
    std::vector<std::string> apps;
    std::vector<std::string> objects;
    std::int64_t eventCount = 0;
    std::vector<std::int64_t> eventIds;
    std::vector<std::pair<std::string, std::string>> parameters;  // thresholds the rule ran with
    std::string source;
    std::string tactic;
    std::string technique;
    std::string explanation;
};

// A Defender alert with its entities ("ip: 1.2.3.4").
struct AlertRecord
{
    std::int64_t id = 0;
    std::string systemAlertId;
    std::string alertType;
    std::string displayName;
    std::string severity;
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::int64_t timeGenerated = 0;
    std::string vault;
    std::string compromisedEntity;
    std::string description;
    std::string status;
    std::string tactics;
    std::string productName;
    std::vector<std::pair<std::string, std::string>> entities;  // kind, value
};

// Findings and alerts under the report/export scope. Severity order: High, Medium, Low, Informational.
class CaseRecords
{
public:
    static Result<std::vector<FindingRecord>> findings(const CaseFile& caseFile, const EventFilter& filter);
    static Result<std::vector<AlertRecord>> alerts(const CaseFile& caseFile, const EventFilter& filter);
    // 0 for high ... 3 for informational, 4 for anything else; for sorting.
    static int severityRank(const std::string& severity);
    static std::string join(const std::vector<std::string>& values, const std::string& separator = ", ");
};

} // namespace kvw::core
