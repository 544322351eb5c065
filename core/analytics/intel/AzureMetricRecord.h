#pragma once

#include "core/common/Result.h"
#include "core/common/Timestamp.h"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace kvw::core {

// One platform-metric sample: an AzureMetrics row (formats.md §11.2) or a storage/Event Hub metric record (§11.3).
struct AzureMetricRecord
{
    Timestamp time;
    std::string resourceId; // lower-case, so the upper-case ResourceId and lower-case _ResourceId agree
    std::string vault;      // lower-case vault/HSM name
    std::string metric;
    std::optional<double> total;
    std::optional<double> count;
    std::optional<double> minimum;
    std::optional<double> maximum;
    std::optional<double> average;
    std::string unit;

    // An error names the missing or malformed field.
    static Result<AzureMetricRecord> fromJson(const nlohmann::json& record);
};

} // namespace kvw::core
