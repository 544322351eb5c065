#pragma once

#include "core/common/Result.h"
#include "core/query/EventFilter.h"
#include "core/query/EventRow.h"

#include <vector>

namespace kvw::core {

class CaseFile;

// Pages of events under a filter, sorted in SQL, never loaded whole.
class EventQuery
{
public:
    enum class Sort { Time, Vault, Operation, Status, CallerIp, Identity, Duration, ObjectName };

    explicit EventQuery(const CaseFile& caseFile) : m_case(caseFile) {}

    Result<std::int64_t> count(const EventFilter& filter) const;
    Result<std::vector<EventRow>> page(const EventFilter& filter, Sort sort, bool descending, std::int64_t offset,
                                       std::int64_t limit) const;
    Result<EventRow> byId(std::int64_t id) const;
    // Events whose ids are given (a finding's evidence), in time order.
    Result<std::vector<EventRow>> byIds(const std::vector<std::int64_t>& ids) const;

    static const char* sortColumn(Sort sort);

private:
    const CaseFile& m_case;
};

} // namespace kvw::core
