#pragma once

#include "core/analytics/detections/AllowList.h"
#include "core/analytics/detections/Finding.h"
#include "core/analytics/detections/RuleDefinition.h"
#include "core/query/EventFilter.h"
#include "core/query/SqlWhere.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

class CaseFile;
class Database;
class EventRollup;

// Where a counting rule reads its aggregate from: table events under the filter's scope (without time), or the
// run's EventRollup (the scope was applied when it was built). Both have the columns the rules test; count and
// last time are spelled differently.
struct CountSource
{
    std::string table;     // "events" or the rollup's temporary table
    SqlWhere scope;        // the filter's scope without time for events; empty for the rollup
    std::string count;     // count(*) or sum(n)
    std::string lastTime;  // max(time) or max(last_time)
};

// What one rule's finding is made of before the engine fills in entities and evidence from the events.
struct FindingSeed
{
    Timestamp start;
    Timestamp end;                  // inclusive
    SqlWhere evidence;              // the rule's conditions for exactly this finding's events
    SqlWhere excluded;              // allow-listed events around the finding (empty = not applicable)
    std::string explanation;
    std::string severity;           // empty = the rule's
    nlohmann::json baseline = nlohmann::json::object();
    std::vector<std::string> extraIdentities;
    std::vector<std::string> extraObjects;
    // True when evidence and excluded are conditions on the detection rollup's columns only, none about an event's
    // own time, and leave out their time window, which is [start, end] for both. emit then counts the window's
    // whole hours from the run's rollup and reads events only at its edges and for the first ids: a mass-retrieval
    // finding holds up to a hundred thousand events.
    bool rollupColumnsOnly = false;
};

// The state one rule runs with: the database, the filter, its parameters in force and the allow-list.
// Throws DatabaseError from SQL; the engine catches it at its boundary.
class DetectionContext
{
public:
    DetectionContext(const CaseFile& caseFile, const EventFilter& filter, const RuleDefinition& rule,
                     std::map<std::string, std::string> parameters, const AllowList& allowList,
                     std::size_t maxEventIds, const EventRollup* rollup = nullptr);

    const CaseFile& caseFile() const { return m_case; }
    const Database& db() const;
    const RuleDefinition& rule() const { return m_rule; }
    const EventFilter& filter() const { return m_filter; }
    // Whether the run may read rollups at all (DetectionOptions::rollup; false for the reference path).
    bool rollupsAllowed() const { return m_rollup != nullptr; }

    // The filter's scope over table `events` (unaliased), with and without its time range.
    SqlWhere scope() const;
    SqlWhere scopeWithoutTime() const;
    bool inTimeRange(Timestamp t) const;
    // First and last event time in the scope without its time range (the bundle's own history); nullopt if empty.
    std::optional<std::pair<std::int64_t, std::int64_t>> historyBounds() const;
    // The scope (without its time range unless withTimeRange), aggregated: the run's rollup when there is one, the
    // period the rule bins by (0 = no binning) is a whole number of its hours and so are the filter's time bounds
    // when they apply; table events otherwise. Same counts either way.
    CountSource countSource(std::int64_t period = 0, bool withTimeRange = false) const;
    // Always table events (rules that need columns the rollup does not keep, or an index).
    CountSource eventSource(bool withTimeRange = false) const;

    std::string param(const std::string& name) const;
    std::int64_t intParam(const std::string& name) const;
    double realParam(const std::string& name) const;
    std::int64_t durationParam(const std::string& name) const; // ticks
    std::vector<std::string> listParam(const std::string& name) const;
    const std::map<std::string, std::string>& parameters() const { return m_params; }

    // "NOT (allow-listed)" conditions. appsForVaultGetOnly: the Sentinel form (only VaultGet of the app ids).
    enum class AppMode { None, VaultGetOnly, AllOperations };
    SqlWhere notAllowed(AppMode apps, bool trustedServices, const std::string& alias = "") const;
    SqlWhere allowed(AppMode apps, bool trustedServices) const;
    nlohmann::json allowListJson(AppMode apps, bool trustedServices) const;

    // Completes a seed into a Finding (entities, exact count, capped ids, exclusions) and keeps it.
    void emit(FindingSeed seed);
    std::vector<Finding>& findings() { return m_findings; }

    // Helpers for rule SQL.
    static void append(SqlWhere& to, const SqlWhere& from);
    static std::string placeholders(std::size_t n);
    static std::vector<SqlWhere::Value> lowerValues(const std::vector<std::string>& values);
    // "operation IN (...)" in the casings exports use (the originals compare with in~).
    // Without statistics SQLite takes any index as selective, so by default the operation index is kept out of the
    // plan (SecretGet is most of a case); indexed = true for short lists of rare operations (deletes, purges...).
    static void addOperations(SqlWhere& where, const std::vector<std::string>& ops, const std::string& alias = "",
                              bool indexed = false);
    static SqlWhere window(Timestamp start, Timestamp endInclusive);
    // The condition text for a successful request: status below 400, or no status and ResultType Success.
    static std::string successSql(const std::string& alias = "");
    // Denied: 403, or a 401 that is not the SDK's normal Authentication challenge.
    static std::string deniedSql(const std::string& alias = "");

private:
    const CaseFile& m_case;
    EventFilter m_filter;
    const RuleDefinition& m_rule;
    std::map<std::string, std::string> m_params;
    const AllowList& m_allow;
    std::size_t m_maxIds;
    const EventRollup* m_rollup;
    std::vector<Finding> m_findings;
    mutable std::optional<std::optional<std::pair<std::int64_t, std::int64_t>>> m_bounds;
};

} // namespace kvw::core
