#include "core/analytics/intel/JsonFields.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace kvw::core {

bool JsonFields::iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

bool JsonFields::istartsWith(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

const nlohmann::json* JsonFields::find(const nlohmann::json& object, std::initializer_list<std::string_view> names)
{
    if (!object.is_object()) {
        return nullptr;
    }
    for (const auto name : names) {
        if (const auto it = object.find(std::string(name)); it != object.end() && !it->is_null()) {
            return &*it;
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!it->is_null() && iequals(it.key(), name)) {
                return &*it;
            }
        }
    }
    return nullptr;
}

std::string JsonFields::text(const nlohmann::json& value)
{
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_number() || value.is_boolean()) {
        return value.dump();
    }
    return {};
}

std::string JsonFields::text(const nlohmann::json& object, std::initializer_list<std::string_view> names)
{
    const auto* v = find(object, names);
    return v ? text(*v) : std::string{};
}

std::optional<Timestamp> JsonFields::time(const nlohmann::json& object, std::initializer_list<std::string_view> names)
{
    const auto* v = find(object, names);
    if (!v || !v->is_string()) {
        return std::nullopt;
    }
    return parseTimestamp(v->get_ref<const std::string&>());
}

std::optional<double> JsonFields::number(const nlohmann::json& object, std::initializer_list<std::string_view> names)
{
    const auto* v = find(object, names);
    if (!v) {
        return std::nullopt;
    }
    if (v->is_number()) {
        return v->get<double>();
    }
    if (v->is_string()) {
        const auto& s = v->get_ref<const std::string&>();
        double d = 0;
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
        if (ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(d)) {
            return d;
        }
    }
    return std::nullopt;
}

nlohmann::json JsonFields::parsedDynamic(const nlohmann::json* value)
{
    if (!value) {
        return nullptr;
    }
    if (value->is_string()) {
        auto parsed = nlohmann::json::parse(value->get_ref<const std::string&>(), nullptr, false);
        if (!parsed.is_discarded() && (parsed.is_object() || parsed.is_array())) {
            return parsed;
        }
    }
    return *value;
}

} // namespace kvw::core
