#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kvw::core {

// Lenient readers for log values, which arrive as strings or numbers depending on the export.
class JsonValue
{
public:
    static std::string text(const nlohmann::json& obj, std::string_view key);
    static std::optional<std::int64_t> integer(const nlohmann::json& obj, std::string_view key);
    static std::optional<bool> boolean(const nlohmann::json& obj, std::string_view key);
    // Text form of any value: strings as they are, other values as compact JSON.
    static std::string asText(const nlohmann::json& value);
    static std::optional<std::int64_t> parseInteger(std::string_view s);
    static std::optional<bool> parseBoolean(std::string_view s);
};

} // namespace kvw::core
