#include "core/demo/DemoTime.h"

#include <cstdio>

namespace kvw::core {
namespace {

void put2(std::string& out, int v)
{
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

void putDigits(std::string& out, int v, int digits)
{
    char buf[8];
    for (int i = digits - 1; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    out.append(buf, static_cast<std::size_t>(digits));
}

void putInt(std::string& out, int v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n > 0) {
        out.push_back(buf[--n]);
    }
}

void appendDateTime(std::string& out, const DemoTime::Civil& c)
{
    putDigits(out, c.year, 4);
    out.push_back('-');
    put2(out, c.month);
    out.push_back('-');
    put2(out, c.day);
    out.push_back('T');
    put2(out, c.hour);
    out.push_back(':');
    put2(out, c.minute);
    out.push_back(':');
    put2(out, c.second);
}

} // namespace

DemoTime::Civil DemoTime::civil(Timestamp t)
{
    const std::int64_t ticks = t.ticks();
    std::int64_t days = Timestamp::floorDiv(ticks, Timestamp::TicksPerDay);
    const std::int64_t inDay = ticks - days * Timestamp::TicksPerDay;
    Civil c;
    const std::int64_t secs = inDay / Timestamp::TicksPerSecond;
    c.ticks = static_cast<int>(inDay % Timestamp::TicksPerSecond);
    c.hour = static_cast<int>(secs / 3600);
    c.minute = static_cast<int>((secs / 60) % 60);
    c.second = static_cast<int>(secs % 60);
    // Howard Hinnant's civil_from_days.
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    c.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (c.month <= 2 ? 1 : 0));
    return c;
}

void DemoTime::appendIso7(std::string& out, Timestamp t)
{
    const Civil c = civil(t);
    appendDateTime(out, c);
    out.push_back('.');
    putDigits(out, c.ticks, 7);
    out.push_back('Z');
}

void DemoTime::appendIsoMs(std::string& out, Timestamp t)
{
    const Civil c = civil(t);
    appendDateTime(out, c);
    out.push_back('.');
    putDigits(out, c.ticks / 10000, 3);
    out.push_back('Z');
}

void DemoTime::appendEnUs(std::string& out, Timestamp t)
{
    const Civil c = civil(t);
    putInt(out, c.month);
    out.push_back('/');
    putInt(out, c.day);
    out.push_back('/');
    putInt(out, c.year);
    out += ", ";
    putInt(out, c.hour % 12 == 0 ? 12 : c.hour % 12);
    out.push_back(':');
    put2(out, c.minute);
    out.push_back(':');
    put2(out, c.second);
    out.push_back('.');
    putDigits(out, c.ticks / 10000, 3);
    out += c.hour < 12 ? " AM" : " PM";
}

std::string DemoTime::iso7(Timestamp t)
{
    std::string s;
    appendIso7(s, t);
    return s;
}

std::string DemoTime::isoSeconds(Timestamp t)
{
    std::string s;
    appendDateTime(s, civil(t));
    s.push_back('Z');
    return s;
}

std::string DemoTime::date(Timestamp t)
{
    return isoSeconds(t).substr(0, 10);
}

int DemoTime::weekday(Timestamp t)
{
    const std::int64_t days = Timestamp::floorDiv(t.ticks(), Timestamp::TicksPerDay);
    return static_cast<int>((((days + 4) % 7) + 7) % 7);
}

std::int64_t DemoTime::dayIndex(Timestamp t, Timestamp start)
{
    return Timestamp::floorDiv(t.ticks() - start.ticks(), Timestamp::TicksPerDay);
}

} // namespace kvw::core
