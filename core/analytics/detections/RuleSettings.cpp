#include "core/analytics/detections/RuleSettings.h"

#include "core/analytics/detections/RuleCatalogue.h"
#include "core/common/Timestamp.h"

#include <algorithm>
#include <cstdlib>

namespace kvw::core {
namespace {

Error usage(std::string message) { return Error{Error::Code::Usage, "", 0, std::move(message)}; }

// A value must have the shape of the default it replaces, so a typo fails here and not inside a rule.
bool sameShape(const std::string& def, const std::string& value)
{
    if (value.empty()) {
        return false;
    }
    const auto isNumber = [](const std::string& s) {
        char* end = nullptr;
        std::strtod(s.c_str(), &end);
        return end && *end == '\0' && !s.empty();
    };
    if (isNumber(def)) {
        return isNumber(value);
    }
    if (parseDurationTicks(def)) {
        const auto d = parseDurationTicks(value);
        return d && *d > 0;
    }
    if (def == "true" || def == "false") {
        return value == "true" || value == "false";
    }
    return true;
}

} // namespace

Status RuleSettings::set(const std::string& assignment)
{
    const auto eq = assignment.find('=');
    if (eq == std::string::npos) {
        return usage("'" + assignment + "' is not RULE.PARAM=VALUE");
    }
    const std::string key = assignment.substr(0, eq);
    const auto dot = key.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == key.size()) {
        return usage("'" + assignment + "' is not RULE.PARAM=VALUE");
    }
    return set(key.substr(0, dot), key.substr(dot + 1), assignment.substr(eq + 1));
}

Status RuleSettings::set(const std::string& ruleId, const std::string& parameter, const std::string& value)
{
    const RuleDefinition* rule = RuleCatalogue::find(ruleId);
    if (!rule) {
        return usage("unknown rule '" + ruleId + "' (see the rules command)");
    }
    const auto it = std::find_if(rule->parameters.begin(), rule->parameters.end(),
                                 [&](const RuleParameter& p) { return p.name == parameter; });
    if (it == rule->parameters.end()) {
        std::string names;
        for (const auto& p : rule->parameters) {
            names += (names.empty() ? "" : ", ") + p.name;
        }
        return usage("rule " + ruleId + " has no parameter '" + parameter + "' (it has: " + names + ")");
    }
    if (!sameShape(it->defaultValue, value)) {
        return usage("bad value '" + value + "' for " + ruleId + "." + parameter + " (default " + it->defaultValue +
                     ")");
    }
    m_overrides[ruleId][parameter] = value;
    return {};
}

std::map<std::string, std::string> RuleSettings::resolved(const RuleDefinition& rule) const
{
    std::map<std::string, std::string> out;
    for (const auto& p : rule.parameters) {
        out[p.name] = p.defaultValue;
    }
    if (const auto it = m_overrides.find(rule.id); it != m_overrides.end()) {
        for (const auto& [k, v] : it->second) {
            out[k] = v;
        }
    }
    return out;
}

} // namespace kvw::core
