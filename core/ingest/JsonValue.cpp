#include "core/ingest/JsonValue.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace kvw::core {

std::string JsonValue::asText(const nlohmann::json& v)
{
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_null()) {
        return {};
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
            return std::to_string(static_cast<std::int64_t>(d));
        }
    }
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string JsonValue::text(const nlohmann::json& obj, std::string_view key)
{
    if (!obj.is_object()) {
        return {};
    }
    const auto it = obj.find(key);
    return it == obj.end() ? std::string{} : asText(*it);
}

std::optional<std::int64_t> JsonValue::parseInteger(std::string_view s)
{
    while (!s.empty() && s.front() == ' ') {
        s.remove_prefix(1);
    }
    while (!s.empty() && s.back() == ' ') {
        s.remove_suffix(1);
    }
    if (s.empty()) {
        return std::nullopt;
    }
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && ptr == s.data() + s.size()) {
        return v;
    }
    // "200.0" as AzureDiagnostics doubles sometimes print.
    double d = 0;
    const auto [p2, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec2 == std::errc() && p2 == s.data() + s.size() && std::isfinite(d) && std::fabs(d) < 9e15) {
        return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
}

std::optional<bool> JsonValue::parseBoolean(std::string_view s)
{
    if (s == "true" || s == "True" || s == "TRUE" || s == "1") {
        return true;
    }
    if (s == "false" || s == "False" || s == "FALSE" || s == "0") {
        return false;
    }
    return std::nullopt;
}

std::optional<std::int64_t> JsonValue::integer(const nlohmann::json& obj, std::string_view key)
{
    if (!obj.is_object()) {
        return std::nullopt;
    }
    const auto it = obj.find(key);
    if (it == obj.end()) {
        return std::nullopt;
    }
    if (it->is_number_integer()) {
        return it->get<std::int64_t>();
    }
    if (it->is_number_float()) {
        const double d = it->get<double>();
        return std::isfinite(d) && std::fabs(d) < 9e15 ? std::optional<std::int64_t>(static_cast<std::int64_t>(d))
                                                      : std::nullopt;
    }
    if (it->is_string()) {
        return parseInteger(it->get_ref<const std::string&>());
    }
    return std::nullopt;
}

std::optional<bool> JsonValue::boolean(const nlohmann::json& obj, std::string_view key)
{
    if (!obj.is_object()) {
        return std::nullopt;
    }
    const auto it = obj.find(key);
    if (it == obj.end()) {
        return std::nullopt;
    }
    if (it->is_boolean()) {
        return it->get<bool>();
    }
    if (it->is_string()) {
        return parseBoolean(it->get_ref<const std::string&>());
    }
    return std::nullopt;
}

} // namespace kvw::core
