#pragma once

#include "core/model/Event.h"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace kvw::core {

class Database;
class Statement;
class TextInterner;

// Keeps the case's rollups (tables event_hours, latency_hours and operation_minutes, schema v3, event_5min and
// latency_5min, v4, and uri_hours, v5; from v6 on, views over the narrow *_rows tables written here, whose scope
// texts are ids into event_texts) in step with its events: the writer adds every event it stored, and flush()
// folds the batch's groups into the tables inside the writer's own transaction, so the rollups hold exactly the
// committed events. A batch touches a few hundred groups (a file is one vault-hour), so this costs a few hash
// lookups per event and one upsert per group.
class HourlyRollup
{
public:
    static constexpr std::int64_t HourTicks = Timestamp::TicksPerHour;
    static constexpr std::int64_t MinuteTicks = Timestamp::TicksPerMinute;
    static constexpr std::int64_t FiveMinuteTicks = 5 * Timestamp::TicksPerMinute;

    // Resource ids go to event_texts through `texts` (the writer's, in the same transaction).
    HourlyRollup(const Database& db, TextInterner& texts);
    ~HourlyRollup();
    HourlyRollup(const HourlyRollup&) = delete;
    HourlyRollup& operator=(const HourlyRollup&) = delete;

    // An event that was just stored.
    void add(const Event& event);
    // Upserts what add() collected since the last flush or clear. Throws DatabaseError.
    void flush();
    // Forgets what add() collected (the batch it belongs to was rolled back).
    void clear();

    // The start of the hour holding `ticks` (also before 1970).
    static std::int64_t hourOf(std::int64_t ticks) { return Timestamp::floorDiv(ticks, HourTicks) * HourTicks; }
    static std::int64_t minuteOf(std::int64_t ticks) { return Timestamp::floorDiv(ticks, MinuteTicks) * MinuteTicks; }
    static std::int64_t fiveMinutesOf(std::int64_t ticks)
    {
        return Timestamp::floorDiv(ticks, FiveMinuteTicks) * FiveMinuteTicks;
    }

private:
    // A row of event_hours or event_5min (time = the hour or the five minutes).
    struct Group
    {
        const Event* sample; // an event of the group, valid until flush(): the batch owns it
        std::int64_t time;
        std::int64_t n;
        std::int64_t first;
        std::int64_t last;
    };
    // A row of latency_hours, latency_5min, operation_minutes or uri_hours.
    struct Count
    {
        const Event* sample;
        std::int64_t time;
        std::int64_t n;
    };
    using Groups = std::unordered_map<std::string, Group>;
    using Counts = std::unordered_map<std::string, Count>;
    struct Statements;

    // Counts `e` in the group of `map` keyed by `time` and m_key.
    void addGroup(Groups& map, std::int64_t time, const Event& e);
    void addCount(Counts& map, std::int64_t time, const std::string& key, const Event& e);
    // Folds the five-minute groups into the hourly ones (each event is hashed once, into its five minutes).
    void sumHours();
    void flushGroups(Statement& st, const Groups& groups) const;
    void flushLatency(Statement& st, const Counts& counts) const;
    void flushUris(Statement& st, const Counts& counts) const;

    Groups m_hours;
    Groups m_fives;
    Counts m_latencyHours;
    Counts m_latencyFives;
    Counts m_minutes;
    Counts m_uris;
    std::string m_key;     // the columns of a row but its time
    std::string m_scratch; // time + key
    TextInterner& m_texts;
    std::unique_ptr<Statements> m_st;
};

} // namespace kvw::core
