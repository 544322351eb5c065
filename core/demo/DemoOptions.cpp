#include "core/demo/DemoOptions.h"

#include <array>
#include <charconv>
#include <utility>

namespace kvw::core {
namespace {

constexpr std::array<std::pair<DemoFormat, const char*>, 6> kFormats{{
    {DemoFormat::Bundle, "bundle"},
    {DemoFormat::JsonLines, "jsonl"},
    {DemoFormat::EventHubRecords, "records"},
    {DemoFormat::AzureDiagnosticsCsv, "azurediagnostics-csv"},
    {DemoFormat::AzkvAuditLogsJson, "azkvauditlogs-json"},
    {DemoFormat::EcsNdjson, "ecs"},
}};

bool parseInt(std::string_view s, int& out)
{
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && p == end;
}

} // namespace

const char* toString(DemoFormat format)
{
    for (const auto& [f, name] : kFormats) {
        if (f == format) {
            return name;
        }
    }
    return "bundle";
}

std::optional<DemoFormat> demoFormatFromString(std::string_view text)
{
    for (const auto& [f, name] : kFormats) {
        if (text == name) {
            return f;
        }
    }
    return std::nullopt;
}

Status DemoOptions::validate() const
{
    auto usage = [](std::string message) { return Error{Error::Code::Usage, {}, 0, std::move(message)}; };
    if (events < MinEvents || events > MaxEvents) {
        return usage("--events must be between " + std::to_string(MinEvents) + " and " + std::to_string(MaxEvents));
    }
    if (days < MinDays || days > MaxDays) {
        return usage("--days must be between " + std::to_string(MinDays) + " and " + std::to_string(MaxDays) +
                     " (incidents need a week of baseline)");
    }
    if (start.ticks() % Timestamp::TicksPerDay != 0) {
        return usage("the start must be midnight UTC");
    }
    return {};
}

std::optional<Timestamp> DemoOptions::parseStartDate(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    int y = 0;
    int m = 0;
    int d = 0;
    if (!parseInt(text.substr(0, 4), y) || !parseInt(text.substr(5, 2), m) || !parseInt(text.substr(8, 2), d)) {
        return std::nullopt;
    }
    static constexpr std::array<int, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1971 || y > 2200 || m < 1 || m > 12 || d < 1 || d > kDays[static_cast<std::size_t>(m - 1)]) {
        return std::nullopt;
    }
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) {
        return std::nullopt;
    }
    return Timestamp::fromCivil(y, m, d);
}

} // namespace kvw::core
