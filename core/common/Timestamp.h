#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kvw::core {

// A UTC instant in 100-ns ticks since 1970-01-01, the precision Azure writes (7 fractional digits).
class Timestamp
{
public:
    static constexpr std::int64_t TicksPerSecond = 10'000'000;
    static constexpr std::int64_t TicksPerMillisecond = 10'000;
    static constexpr std::int64_t TicksPerMinute = 60 * TicksPerSecond;
    static constexpr std::int64_t TicksPerHour = 60 * TicksPerMinute;
    static constexpr std::int64_t TicksPerDay = 24 * TicksPerHour;

    constexpr Timestamp() = default;
    static constexpr Timestamp fromTicks(std::int64_t ticks) { return Timestamp(ticks); }
    static constexpr Timestamp fromSeconds(std::int64_t seconds) { return Timestamp(seconds * TicksPerSecond); }
    static Timestamp fromCivil(int year, int month, int day, int hour = 0, int minute = 0, int second = 0,
                               std::int64_t fractionTicks = 0);

    constexpr std::int64_t ticks() const { return m_ticks; }
    constexpr std::int64_t seconds() const { return floorDiv(m_ticks, TicksPerSecond); }

    // ISO-8601 UTC with a Z; 3 fractional digits when the value is whole milliseconds, else 7.
    std::string toIso() const;
    // "2024-04-04 06:43:32" for tables and reports.
    std::string toDisplay() const;

    constexpr auto operator<=>(const Timestamp&) const = default;
    constexpr Timestamp operator+(std::int64_t ticks) const { return Timestamp(m_ticks + ticks); }
    constexpr Timestamp operator-(std::int64_t ticks) const { return Timestamp(m_ticks - ticks); }

    static constexpr std::int64_t floorDiv(std::int64_t a, std::int64_t b)
    {
        const std::int64_t q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }

private:
    constexpr explicit Timestamp(std::int64_t ticks) : m_ticks(ticks) {}
    std::int64_t m_ticks = 0;
};

// Which of day and month comes first in slash dates (portal CSV exports follow the exporting user's locale).
enum class DateOrder { MonthFirst, DayFirst };

// Parses every timestamp form the exports use: ISO-8601 (any precision, Z or offset, 'T' or space),
// en-US portal form "6/9/2023, 10:45:31.952 AM", and "2020/10/16 0:00:01.403". Returns nullopt when it is none.
std::optional<Timestamp> parseTimestamp(std::string_view text, DateOrder order = DateOrder::MonthFirst);

// Durations such as "1h", "15m", "30s", "1d", "7d", "2w".
std::optional<std::int64_t> parseDurationTicks(std::string_view text);

} // namespace kvw::core
