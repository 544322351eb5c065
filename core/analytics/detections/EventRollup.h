#pragma once

#include "core/query/EventFilter.h"
#include "core/query/SqlWhere.h"

#include <cstdint>
#include <string>

namespace kvw::core {

class CaseFile;

// The events of one detection run's scope counted per hour and per every column the counting rules test
// (vault, identity claims, caller IP, operation, object name, status, result type, trusted service, resource
// type; so distinct objects per key and hour are exact too), in a TEMP
// table of the case's connection. Most rules count or take first/last times per (key, period) and ran one full
// scan of the wide events rows each; over the rollup they read a few rows per key and hour instead, and so does
// the evidence of their findings for its whole hours (DetectionContext::emit, through indexes on identity, vault
// and caller IP). Built with one ordered scan and a hash map, on first use; dropped with this object. Columns keep
// the names of events, plus last_time and n (time is the bucket's first event). When the case keeps hourly rollups
// (schema v3) and the scope is one they answer, the table is summed from event_hours in SQL, which holds the same
// groups split further by a few more columns, instead of from a scan of events.
class EventRollup
{
public:
    static constexpr std::int64_t BucketTicks = 36'000'000'000; // one hour

    // scope: the run's filter; its time range is ignored.
    EventRollup(const CaseFile& caseFile, const EventFilter& scope, std::size_t maxGroups = 2'000'000);
    ~EventRollup();
    EventRollup(const EventRollup&) = delete;
    EventRollup& operator=(const EventRollup&) = delete;

    // Builds the table on the first call. False when the scope holds more groups than maxGroups (nearly one
    // per event: the rollup would not be smaller than events), in which case callers read events.
    // Throws DatabaseError from SQL.
    bool ready() const;
    const std::string& table() const { return m_table; }

private:
    void createTable() const;
    void createIndexes() const;
    bool buildFromEvents() const;
    void buildFromHourly() const;

    const CaseFile& m_case;
    EventFilter m_filter;
    SqlWhere m_scope;
    std::size_t m_maxGroups;
    std::string m_table;
    mutable int m_state = 0; // 0 not built, 1 ready, -1 too many groups
};

} // namespace kvw::core
