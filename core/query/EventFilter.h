#pragma once

#include "core/common/Result.h"
#include "core/common/Timestamp.h"
#include "core/model/Event.h"
#include "core/query/ColumnCriterion.h"
#include "core/query/SqlWhere.h"

#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

// The one filter every view, CLI command and report honours: the workbook's global scope (time, vaults,
// subscriptions, resource type, identity kind) plus the event-level narrowing the event grid and CLI offer.
struct EventFilter
{
    enum class Identities { All, Users, Services };

    std::optional<Timestamp> from;      // inclusive
    std::optional<Timestamp> to;        // exclusive
    std::vector<std::string> vaults;    // lower-case names; empty = all
    std::vector<std::string> subscriptions;
    std::optional<ResourceType> resourceType;
    Identities identities = Identities::All;

    // Event-level narrowing.
    std::vector<std::string> operations;
    std::string callerIp;
    std::string identity;               // object id, app id or UPN
    bool failedOnly = false;            // HTTP status >= 400
    std::string text;                   // substring over the main text columns
    std::vector<ColumnCriterion> columns;   // the grid's per-column filters, all of them must hold
    bool taggedOnly = false;            // events the analyst tagged (annotations of kind 'event' with a tag)

    bool operator==(const EventFilter&) const = default;

    // Conditions over table `events` (optionally aliased) as bound SQL.
    SqlWhere where(const std::string& alias = "") const;
    // The same scope without the time range (for baselines that need history before the window).
    EventFilter withoutTime() const;
    // A one-line human description, for reports and status bars.
    std::string describe() const;

    // Builds a filter from CLI-style values; errors name the bad value.
    static Result<EventFilter> fromStrings(const std::optional<std::string>& from, const std::optional<std::string>& to,
                                           const std::vector<std::string>& vaults);
};

} // namespace kvw::core
