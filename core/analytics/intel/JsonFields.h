#pragma once

#include "core/common/Timestamp.h"

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kvw::core {

// Case-insensitive field access over the records the importers meet: the same field arrives PascalCase
// (continuous export, Log Analytics), camelCase (ARM REST, storage metrics) or snake_case (STIX).
class JsonFields
{
public:
    // The first of `names` present and not null (exact match first, then ignoring case), or nullptr.
    static const nlohmann::json* find(const nlohmann::json& object, std::initializer_list<std::string_view> names);
    // The field as text: strings as they are, numbers and booleans printed, anything else "".
    static std::string text(const nlohmann::json& object, std::initializer_list<std::string_view> names);
    static std::string text(const nlohmann::json& value);
    // A datetime field (ISO-8601 or the portal forms parseTimestamp reads).
    static std::optional<Timestamp> time(const nlohmann::json& object, std::initializer_list<std::string_view> names);
    // A number, also from numeric text ("12.5"); nullopt when absent or not a number.
    static std::optional<double> number(const nlohmann::json& object, std::initializer_list<std::string_view> names);
    // A dynamic column may hold JSON text; returns the parsed value, or the value itself.
    static nlohmann::json parsedDynamic(const nlohmann::json* value);
    static bool iequals(std::string_view a, std::string_view b);
    static bool istartsWith(std::string_view s, std::string_view prefix);
};

} // namespace kvw::core
