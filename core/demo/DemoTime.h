#pragma once

#include "core/common/Timestamp.h"

#include <cstdint>
#include <string>

namespace kvw::core {

// Fast, fixed-shape time texts for the generator (Timestamp::toIso() drops to 3 digits on whole milliseconds;
// raw Azure records always carry 7).
class DemoTime
{
public:
    struct Civil
    {
        int year = 1970;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int ticks = 0; // 100-ns ticks within the second
    };

    static Civil civil(Timestamp t);
    static void appendIso7(std::string& out, Timestamp t);  // 2026-11-03T14:05:09.1234567Z
    static void appendIsoMs(std::string& out, Timestamp t); // 2026-11-03T14:05:09.123Z
    static void appendEnUs(std::string& out, Timestamp t);  // 11/3/2026, 2:05:09.123 PM (ms truncated)
    static std::string iso7(Timestamp t);
    static std::string isoSeconds(Timestamp t); // 2026-11-03T14:05:09Z
    static std::string date(Timestamp t);       // 2026-11-03
    static int weekday(Timestamp t);            // 0 = Sunday
    static std::int64_t dayIndex(Timestamp t, Timestamp start);
};

} // namespace kvw::core
