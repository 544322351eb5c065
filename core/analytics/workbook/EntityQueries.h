#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/common/Result.h"
#include "core/query/EventFilter.h"

namespace kvw::core {

class CaseFile;

// The entity page: one vault / caller IP / identity / application / operation / object under the global filter,
// with its activity, the vaults and operations it touched, a timeline, related Defender alerts, detection findings
// and threat-intel matches.
class EntityQueries
{
public:
    explicit EntityQueries(const CaseFile& caseFile) : m_case(caseFile) {}

    Result<EntitySummary> summary(const EventFilter& filter, EntityKind kind, const std::string& value) const;

    // The filter that lists the entity's events through EventQuery. Objects are matched by text (EventFilter has no
    // object field), so that list may include events that mention the name elsewhere.
    static EventFilter eventFilter(const EventFilter& filter, EntityKind kind, const std::string& value);

private:
    const CaseFile& m_case;
};

} // namespace kvw::core
