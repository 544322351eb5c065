#pragma once

#include "core/model/Event.h"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace kvw::core {

class Database;

// Keeps the case's rollups (tables event_hours, latency_hours and operation_minutes, schema v3) in step with its
// events: the writer adds every event it stored, and flush() folds the batch's groups into the tables inside the
// writer's own transaction, so the rollups hold exactly the committed events. A batch touches a few dozen groups (a
// file is one vault-hour), so this costs one hash lookup per event and one upsert per group.
class HourlyRollup
{
public:
    static constexpr std::int64_t HourTicks = Timestamp::TicksPerHour;
    static constexpr std::int64_t MinuteTicks = Timestamp::TicksPerMinute;

    explicit HourlyRollup(const Database& db);
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

private:
    struct Group
    {
        const Event* sample; // an event of the group, valid until flush(): the batch owns it
        std::int64_t hour;
        std::int64_t n;
        std::int64_t first;
        std::int64_t last;
    };
    // A row of latency_hours (time = the hour) or of operation_minutes (time = the minute).
    struct Count
    {
        const Event* sample;
        std::int64_t time;
        std::int64_t n;
    };
    struct Statements;

    std::unordered_map<std::string, Group> m_groups;
    std::unordered_map<std::string, Count> m_latency;
    std::unordered_map<std::string, Count> m_minutes;
    std::string m_key;
    std::unique_ptr<Statements> m_st;
};

} // namespace kvw::core
