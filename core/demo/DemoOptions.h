#pragma once

#include "core/common/Result.h"
#include "core/common/Timestamp.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kvw::core {

// What the demo generator writes. Bundle is the analyst bundle (storage tree + side files); the others hold the
// same audit records in one export format each, so that ingesting any of them gives identical counts.
enum class DemoFormat {
    Bundle,
    JsonLines,
    EventHubRecords,
    AzureDiagnosticsCsv,
    AzkvAuditLogsJson,
    EcsNdjson,
};

const char* toString(DemoFormat format);
std::optional<DemoFormat> demoFormatFromString(std::string_view text);

struct DemoOptions
{
    static constexpr std::uint64_t DefaultEvents = 60'000;
    static constexpr std::uint64_t MinEvents = 1'000;
    static constexpr std::uint64_t MaxEvents = 1'000'000'000;
    static constexpr int MinDays = 7;
    static constexpr int MaxDays = 400;

    std::uint64_t events = DefaultEvents; // approximate total of audit records
    std::uint64_t seed = 1;
    Timestamp start = Timestamp::fromCivil(2026, 11, 1);
    int days = 14;
    DemoFormat format = DemoFormat::Bundle;
    bool force = false; // allow a non-empty output folder

    // Checks ranges; start must be midnight UTC.
    Status validate() const;
    // "YYYY-MM-DD" at midnight UTC.
    static std::optional<Timestamp> parseStartDate(std::string_view text);
};

} // namespace kvw::core
