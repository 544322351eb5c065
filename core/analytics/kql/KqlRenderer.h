#pragma once

#include "core/analytics/detections/AllowList.h"
#include "core/analytics/detections/RuleDefinition.h"
#include "core/query/EventFilter.h"

#include <map>
#include <string>
#include <string_view>

namespace kvw::core {

enum class KqlTable { AzureDiagnostics, AzkvAuditLogs };

// Renders the KQL equivalent of a rule or a view, for analysts who want to run it in Log Analytics / Sentinel.
// Strings only: nothing here is executed. Every value from the case or the filter is quoted as a KQL string literal.
class KqlRenderer
{
public:
    // The table, the Key Vault scope and the filter, ending with the common derived columns (CallerObjectId, CallerUpn,
    // CallerIdentity, Succeeded; for AZKVAuditLogs also the AzureDiagnostics column names the templates use).
    static std::string base(const EventFilter& filter, KqlTable table);

    // A rule's KQL with its parameters in force. AZKVAuditLogs falls back to AzureDiagnostics (with a comment) for
    // rules that read AzureDiagnostics-only columns.
    static std::string renderRule(const RuleDefinition& rule, const std::map<std::string, std::string>& parameters,
                                  const EventFilter& filter, KqlTable table,
                                  const AllowList& allowList = AllowList::defaults());

    // Substitutes {{BASE}}, {{ALLOWED_APPS}}, {{name}} and {{name:list}} in a template.
    static std::string expand(std::string_view text, const std::map<std::string, std::string>& parameters,
                              const EventFilter& filter, KqlTable table, const AllowList& allowList);

    static std::string quote(std::string_view text);
    // dynamic(["a", "b"]) from "a,b".
    static std::string dynamicList(std::string_view commaSeparated);
};

} // namespace kvw::core
