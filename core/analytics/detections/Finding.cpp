#include "core/analytics/detections/Finding.h"

namespace kvw::core {
namespace {

nlohmann::json entitiesJson(const FindingEntities& e)
{
    return {{"ips", e.ips}, {"identities", e.identities}, {"apps", e.apps}, {"objects", e.objects}};
}

std::vector<std::string> strings(const nlohmann::json& j, const char* key)
{
    std::vector<std::string> out;
    if (j.is_object() && j.contains(key) && j[key].is_array()) {
        for (const auto& v : j[key]) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            }
        }
    }
    return out;
}

} // namespace

nlohmann::json Finding::detailJson() const
{
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [k, v] : parameters) {
        params[k] = v;
    }
    return {{"entities", entitiesJson(entities)},
            {"vaults", vaults},
            {"event_count", eventCount},
            {"event_ids", eventIds},
            {"parameters", params},
            {"source", source},
            {"tactic", tactic},
            {"technique", technique},
            {"explanation", explanation},
            {"baseline", baseline},
            {"excluded", excluded}};
}

nlohmann::json Finding::toJson() const
{
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [k, v] : parameters) {
        params[k] = v;
    }
    return {{"rule_id", ruleId},
            {"title", title},
            {"source", source},
            {"severity", severity},
            {"tactic", tactic},
            {"technique", technique},
            {"start", start.toIso()},
            {"end", end.toIso()},
            {"vaults", vaults},
            {"entities", entitiesJson(entities)},
            {"event_count", eventCount},
            {"parameters", params},
            {"explanation", explanation},
            {"baseline", baseline},
            {"excluded", excluded}};
}

Finding Finding::fromRow(std::string ruleId, std::string title, std::string severity, std::int64_t start,
                         std::int64_t end, const nlohmann::json& detail)
{
    Finding f;
    f.ruleId = std::move(ruleId);
    f.title = std::move(title);
    f.severity = std::move(severity);
    f.start = Timestamp::fromTicks(start);
    f.end = Timestamp::fromTicks(end);
    if (!detail.is_object()) {
        return f;
    }
    f.source = detail.value("source", "");
    f.tactic = detail.value("tactic", "");
    f.technique = detail.value("technique", "");
    f.explanation = detail.value("explanation", "");
    f.eventCount = detail.value("event_count", std::int64_t{0});
    f.vaults = strings(detail, "vaults");
    if (detail.contains("entities")) {
        const auto& e = detail["entities"];
        f.entities = {strings(e, "ips"), strings(e, "identities"), strings(e, "apps"), strings(e, "objects")};
    }
    if (detail.contains("event_ids") && detail["event_ids"].is_array()) {
        for (const auto& v : detail["event_ids"]) {
            if (v.is_number_integer()) {
                f.eventIds.push_back(v.get<std::int64_t>());
            }
        }
    }
    if (detail.contains("parameters") && detail["parameters"].is_object()) {
        for (const auto& [k, v] : detail["parameters"].items()) {
            if (v.is_string()) {
                f.parameters[k] = v.get<std::string>();
            }
        }
    }
    f.baseline = detail.value("baseline", nlohmann::json::object());
    f.excluded = detail.value("excluded", nlohmann::json::object());
    return f;
}

} // namespace kvw::core
