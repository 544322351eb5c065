#include "core/common/Timestamp.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace kvw::core {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil
{
    std::int64_t year;
    unsigned month;
    unsigned day;
};

Civil civilFromDays(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), m, d};
}

bool validDate(int y, int m, int d)
{
    static constexpr std::array<int, 12> days{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days[static_cast<std::size_t>(m - 1)]) {
        return false;
    }
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

class Cursor
{
public:
    explicit Cursor(std::string_view s) : m_s(s) {}
    bool atEnd() const { return m_pos >= m_s.size(); }
    char peek() const { return atEnd() ? '\0' : m_s[m_pos]; }
    bool eat(char c)
    {
        if (peek() == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    void skipSpaces()
    {
        while (!atEnd() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t')) {
            ++m_pos;
        }
    }
    // Reads 1..maxDigits digits; returns -1 when there is none.
    int number(int maxDigits, int* count = nullptr)
    {
        int value = 0;
        int n = 0;
        while (n < maxDigits && !atEnd() && std::isdigit(static_cast<unsigned char>(m_s[m_pos]))) {
            value = value * 10 + (m_s[m_pos] - '0');
            ++m_pos;
            ++n;
        }
        if (count) {
            *count = n;
        }
        return n == 0 ? -1 : value;
    }
    // Fractional seconds after the dot: any number of digits, kept to 100 ns.
    std::int64_t fraction()
    {
        std::int64_t ticks = 0;
        int n = 0;
        while (!atEnd() && std::isdigit(static_cast<unsigned char>(m_s[m_pos]))) {
            if (n < 7) {
                ticks = ticks * 10 + (m_s[m_pos] - '0');
            }
            ++n;
            ++m_pos;
        }
        for (; n < 7; ++n) {
            ticks *= 10;
        }
        return ticks;
    }
    bool eatWordCaseless(std::string_view w)
    {
        if (m_s.size() - m_pos < w.size()) {
            return false;
        }
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (std::toupper(static_cast<unsigned char>(m_s[m_pos + i])) != w[i]) {
                return false;
            }
        }
        m_pos += w.size();
        return true;
    }

private:
    std::string_view m_s;
    std::size_t m_pos = 0;
};

// "hh:mm[:ss[.fffffff]]" with an optional AM/PM; returns false when malformed.
bool parseClock(Cursor& c, int& hour, int& minute, int& second, std::int64_t& fraction)
{
    hour = c.number(2);
    if (hour < 0 || !c.eat(':')) {
        return false;
    }
    minute = c.number(2);
    if (minute < 0) {
        return false;
    }
    second = 0;
    fraction = 0;
    if (c.eat(':')) {
        second = c.number(2);
        if (second < 0) {
            return false;
        }
        if (c.eat('.') || c.eat(',')) {
            fraction = c.fraction();
        }
    }
    c.skipSpaces();
    if (c.eatWordCaseless("AM")) {
        if (hour < 1 || hour > 12) {
            return false;
        }
        hour = hour == 12 ? 0 : hour;
    } else if (c.eatWordCaseless("PM")) {
        if (hour < 1 || hour > 12) {
            return false;
        }
        hour = hour == 12 ? 12 : hour + 12;
    }
    return hour < 24 && minute < 60 && second < 61;
}

// "Z", "+hh:mm", "-hhmm" or nothing (UTC); returns the offset in minutes, or false when malformed.
bool parseOffset(Cursor& c, int& offsetMinutes)
{
    offsetMinutes = 0;
    c.skipSpaces();
    if (c.eat('Z') || c.eat('z') || c.atEnd()) {
        return true;
    }
    if (c.eatWordCaseless("UTC")) {
        return true;
    }
    int sign = 0;
    if (c.eat('+')) {
        sign = 1;
    } else if (c.eat('-')) {
        sign = -1;
    } else {
        return false;
    }
    const int h = c.number(2);
    c.eat(':');
    const int m = c.number(2);
    if (h < 0 || h > 14 || m < 0 || m > 59) {
        return false;
    }
    offsetMinutes = sign * (h * 60 + m);
    return true;
}

} // namespace

Timestamp Timestamp::fromCivil(int year, int month, int day, int hour, int minute, int second,
                               std::int64_t fractionTicks)
{
    const std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second;
    return Timestamp(secs * TicksPerSecond + fractionTicks);
}

std::string Timestamp::toIso() const
{
    const std::int64_t days = floorDiv(m_ticks, TicksPerDay);
    const std::int64_t rem = m_ticks - days * TicksPerDay;
    const Civil c = civilFromDays(days);
    const std::int64_t secOfDay = rem / TicksPerSecond;
    const std::int64_t frac = rem % TicksPerSecond;
    std::array<char, 48> buf{};
    if (frac % TicksPerMillisecond == 0) {
        std::snprintf(buf.data(), buf.size(), "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                      static_cast<long long>(c.year), c.month, c.day, static_cast<long long>(secOfDay / 3600),
                      static_cast<long long>(secOfDay / 60 % 60), static_cast<long long>(secOfDay % 60),
                      static_cast<long long>(frac / TicksPerMillisecond));
    } else {
        std::snprintf(buf.data(), buf.size(), "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%07lldZ",
                      static_cast<long long>(c.year), c.month, c.day, static_cast<long long>(secOfDay / 3600),
                      static_cast<long long>(secOfDay / 60 % 60), static_cast<long long>(secOfDay % 60),
                      static_cast<long long>(frac));
    }
    return buf.data();
}

std::string Timestamp::toDisplay() const
{
    const std::int64_t days = floorDiv(m_ticks, TicksPerDay);
    const std::int64_t secOfDay = (m_ticks - days * TicksPerDay) / TicksPerSecond;
    const Civil c = civilFromDays(days);
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%04lld-%02u-%02u %02lld:%02lld:%02lld", static_cast<long long>(c.year),
                  c.month, c.day, static_cast<long long>(secOfDay / 3600), static_cast<long long>(secOfDay / 60 % 60),
                  static_cast<long long>(secOfDay % 60));
    return buf.data();
}

std::optional<Timestamp> parseTimestamp(std::string_view text, DateOrder order)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '"')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '"' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    Cursor c(text);
    int firstDigits = 0;
    const int first = c.number(4, &firstDigits);
    if (first < 0) {
        return std::nullopt;
    }
    int year = 0;
    int month = 0;
    int day = 0;
    if (firstDigits == 4 && (c.eat('-') || c.eat('/'))) {
        // ISO-like (2024-04-04) or the Japanese-locale export form (2020/10/16).
        year = first;
        month = c.number(2);
        if (!(c.eat('-') || c.eat('/'))) {
            return std::nullopt;
        }
        day = c.number(2);
    } else if (firstDigits <= 2 && c.eat('/')) {
        const int second = c.number(2);
        if (!c.eat('/')) {
            return std::nullopt;
        }
        int yearDigits = 0;
        year = c.number(4, &yearDigits);
        if (yearDigits != 4) {
            return std::nullopt;
        }
        month = order == DateOrder::MonthFirst ? first : second;
        day = order == DateOrder::MonthFirst ? second : first;
    } else {
        return std::nullopt;
    }
    if (!validDate(year, month, day)) {
        return std::nullopt;
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::int64_t fraction = 0;
    if (!c.atEnd()) {
        c.eat(',');
        if (!(c.eat('T') || c.eat('t'))) {
            c.skipSpaces();
        }
        if (!c.atEnd() && !parseClock(c, hour, minute, second, fraction)) {
            return std::nullopt;
        }
    }
    int offset = 0;
    if (!parseOffset(c, offset)) {
        return std::nullopt;
    }
    c.skipSpaces();
    if (!c.atEnd()) {
        return std::nullopt;
    }
    const Timestamp local = Timestamp::fromCivil(year, month, day, hour, minute, second, fraction);
    const Timestamp utc = local - static_cast<std::int64_t>(offset) * Timestamp::TicksPerMinute;
    // An offset can carry a date at the edge of the accepted years out of them ("1/1/1900 0:02+04:04" is 1899 in
    // UTC); such an instant would not read back once printed, so it is refused like the date itself (found by
    // fuzz_timestamp).
    if (utc < Timestamp::fromCivil(1900, 1, 1) || utc >= Timestamp::fromCivil(2201, 1, 1)) {
        return std::nullopt;
    }
    return utc;
}

std::optional<std::int64_t> parseDurationTicks(std::string_view text)
{
    if (text.size() < 2) {
        return std::nullopt;
    }
    std::int64_t n = 0;
    std::size_t i = 0;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
        n = n * 10 + (text[i] - '0');
        if (n > 1'000'000) {
            return std::nullopt;
        }
    }
    if (i == 0 || i + 1 != text.size() || n == 0) {
        return std::nullopt;
    }
    switch (text[i]) {
    case 's': return n * Timestamp::TicksPerSecond;
    case 'm': return n * Timestamp::TicksPerMinute;
    case 'h': return n * Timestamp::TicksPerHour;
    case 'd': return n * Timestamp::TicksPerDay;
    case 'w': return n * 7 * Timestamp::TicksPerDay;
    default: return std::nullopt;
    }
}

} // namespace kvw::core
