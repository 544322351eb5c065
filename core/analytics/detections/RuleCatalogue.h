#pragma once

#include "core/analytics/detections/RuleDefinition.h"

#include <string>
#include <vector>

namespace kvw::core {

// Every rule KV Workbook knows, in display order.
class RuleCatalogue
{
public:
    static const std::vector<RuleDefinition>& all();
    static const RuleDefinition* find(const std::string& id);
};

} // namespace kvw::core
