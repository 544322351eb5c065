#pragma once

#include <string>
#include <vector>

namespace kvw::core {

class DetectionContext;

enum class RuleSource { Sentinel, Elastic, Sigma, DefenderAnalog, KvWorkbook };

const char* toString(RuleSource source);

struct RuleParameter
{
    std::string name;
    std::string defaultValue; // the original's default, as text ("10", "1d", "SecretGet,KeyGet")
    std::string description;
};

// One detection of the catalogue: what it is, where it comes from, its parameters, its KQL and its implementation.
struct RuleDefinition
{
    using Runner = void (*)(DetectionContext&);

    std::string id;          // stable, used by --rule and RULE.PARAM=VALUE
    std::string title;
    RuleSource source = RuleSource::KvWorkbook;
    std::string severity;    // Informational | Low | Medium | High
    std::string tactic;
    std::string technique;
    std::string description; // the logic in words, including the quirks we fixed
    std::string reference;   // link to the original
    std::vector<RuleParameter> parameters;
    // KQL over AzureDiagnostics with {{BASE}} (table, scope and filter) and {{param}} / {{param:list}} placeholders.
    std::string kql;
    bool kqlAppliesToAzkv = true; // the same KQL runs over AZKVAuditLogs through a column-mapping prelude
    Runner run = nullptr;
};

} // namespace kvw::core
