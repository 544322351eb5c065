#pragma once

#include "core/analytics/detections/RuleDefinition.h"
#include "core/common/Result.h"

#include <map>
#include <string>

namespace kvw::core {

// Analyst overrides of rule parameters ("RULE.PARAM=VALUE"), checked against the catalogue.
class RuleSettings
{
public:
    // Parses and validates one "RULE.PARAM=VALUE"; the rule id may itself contain dots (the last one splits).
    Status set(const std::string& assignment);
    Status set(const std::string& ruleId, const std::string& parameter, const std::string& value);

    // The parameters in force for a rule: its defaults with the overrides applied.
    std::map<std::string, std::string> resolved(const RuleDefinition& rule) const;
    bool empty() const { return m_overrides.empty(); }

private:
    std::map<std::string, std::map<std::string, std::string>> m_overrides;
};

} // namespace kvw::core
