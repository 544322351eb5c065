#include "core/analytics/intel/StixIndicatorParser.h"

#include "core/analytics/intel/JsonFields.h"
#include "core/model/AzureResourceId.h"

#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>

namespace kvw::core {
namespace {

using nlohmann::json;

Status parseObject(const json& o, ThreatIntelList& list);

Status parseIndicator(const json& o, ThreatIntelList& list)
{
    if (const auto* revoked = JsonFields::find(o, {"revoked"});
        revoked && revoked->is_boolean() && revoked->get<bool>()) {
        return {};
    }
    const json* pattern = JsonFields::find(o, {"pattern"});
    if (!pattern || !pattern->is_string()) {
        return Error{Error::Code::Format, "", 0, "STIX indicator has no pattern"};
    }
    ThreatIndicator details;
    details.description = JsonFields::text(o, {"description"});
    if (details.description.empty()) {
        details.description = JsonFields::text(o, {"name"});
    }
    for (const auto field : {"valid_from", "valid_until"}) {
        if (const auto* v = JsonFields::find(o, {field})) {
            const auto t = v->is_string() ? parseTimestamp(v->get_ref<const std::string&>()) : std::nullopt;
            if (!t) {
                return Error{Error::Code::Format, "", 0,
                             std::string("STIX indicator field ") + field + " is not a timestamp"};
            }
            (std::string_view(field) == "valid_from" ? details.validFrom : details.validUntil) = t;
        }
    }
    if (const auto* c = JsonFields::find(o, {"confidence"})) {
        if (!c->is_number() || c->get<double>() < 0 || c->get<double>() > 100) {
            return Error{Error::Code::Format, "", 0, "STIX indicator field confidence is not a number 0-100"};
        }
        details.confidence = static_cast<int>(c->get<double>());
    }
    const auto addresses = StixIndicatorParser::patternAddresses(pattern->get_ref<const std::string&>());
    if (addresses.empty()) {
        ++list.invalid;
    }
    for (const auto& a : addresses) {
        list.add(a, details);
    }
    return {};
}

Status parseObject(const json& o, ThreatIntelList& list)
{
    if (!o.is_object()) {
        return Error{Error::Code::Format, "", 0, "STIX object is not a JSON object"};
    }
    const std::string type = JsonFields::text(o, {"type"});
    list.noteDate(JsonFields::time(o, {"modified"}));
    list.noteDate(JsonFields::time(o, {"created"}));
    if (type == "bundle") {
        const json* objects = JsonFields::find(o, {"objects"});
        if (!objects || !objects->is_array()) {
            return Error{Error::Code::Format, "", 0, "STIX bundle field objects is not an array"};
        }
        // One bad object does not lose the rest of the bundle; the first error is reported with the count.
        std::optional<Error> first;
        std::size_t bad = 0;
        for (const auto& child : *objects) {
            if (auto st = parseObject(child, list); !st) {
                if (!first) {
                    first = st.error();
                }
                ++bad;
            }
        }
        if (first) {
            if (bad > 1) {
                first->message += " (and " + std::to_string(bad - 1) + " more bad objects in the bundle)";
            }
            return *first;
        }
        return {};
    }
    if (type == "indicator") {
        return parseIndicator(o, list);
    }
    if (type == "ipv4-addr" || type == "ipv6-addr") {
        const std::string value = JsonFields::text(o, {"value"});
        if (value.empty()) {
            return Error{Error::Code::Format, "", 0, "STIX " + type + " object has no value"};
        }
        list.add(value);
    }
    // identity, marking-definition, relationship, … carry no address.
    return {};
}

} // namespace

Status StixIndicatorParser::parse(const json& object, ThreatIntelList& list)
{
    return parseObject(object, list);
}

std::vector<std::string> StixIndicatorParser::patternAddresses(std::string_view pattern)
{
    static constexpr std::array<std::string_view, 3> Paths{"ipv4-addr:value", "ipv6-addr:value", "_ref.value"};
    std::vector<std::string> out;
    const std::string lower = toLower(pattern);
    for (const auto path : Paths) {
        std::size_t pos = 0;
        while ((pos = lower.find(path, pos)) != std::string::npos) {
            pos += path.size();
            std::size_t i = pos;
            while (i < lower.size() && std::isspace(static_cast<unsigned char>(lower[i]))) {
                ++i;
            }
            if (lower.compare(i, 1, "=") == 0) {
                ++i;
            } else if (lower.compare(i, 8, "issubset") == 0) {
                i += 8;
            } else {
                continue; // !=, LIKE, MATCHES: not a statement that the address is malicious
            }
            while (i < lower.size() && std::isspace(static_cast<unsigned char>(lower[i]))) {
                ++i;
            }
            if (i >= lower.size() || lower[i] != '\'') {
                continue;
            }
            const std::size_t close = lower.find('\'', i + 1);
            if (close == std::string::npos) {
                break;
            }
            out.emplace_back(pattern.substr(i + 1, close - i - 1));
            pos = close + 1;
        }
    }
    return out;
}

} // namespace kvw::core
