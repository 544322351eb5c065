#include "core/analytics/entities/EntityProfile.h"

#include "core/model/AzureResourceId.h"

namespace kvw::core {
namespace {

using nlohmann::ordered_json;

ordered_json timeJson(const std::optional<Timestamp>& t)
{
    return t ? ordered_json(t->toIso()) : ordered_json(nullptr);
}

ordered_json countsJson(const std::vector<EntityCount>& counts)
{
    ordered_json out = ordered_json::array();
    for (const auto& c : counts) {
        out.push_back({{"value", c.value}, {"count", c.count}});
    }
    return out;
}

} // namespace

ordered_json EntityProfile::toJson() const
{
    ordered_json j;
    j["kind"] = toString(kind);
    j["key"] = key;
    j["key_used"] = keyUsed;
    j["first"] = timeJson(first);
    j["last"] = timeJson(last);
    j["events"] = events;
    j["failed"] = failed;
    j["vaults"] = countsJson(vaults);
    j["operations"] = countsJson(operations);
    j["ips"] = countsJson(ips);
    j["identities"] = countsJson(identities);
    j["objects"] = countsJson(objects);
    j["other_ids"] = {
        {"object_ids", countsJson(objectIds)}, {"app_ids", countsJson(appIds)}, {"upns", countsJson(upns)}};
    j["timeline"] = ordered_json::array();
    for (const auto& d : timeline) {
        j["timeline"].push_back({{"day", d.day.toIso().substr(0, 10)}, {"events", d.events}, {"failed", d.failed}});
    }
    j["related_alerts"] = ordered_json::array();
    for (const auto& a : relatedAlerts) {
        j["related_alerts"].push_back({{"system_alert_id", a.systemAlertId},
                                       {"alert_type", a.alertType},
                                       {"display_name", a.displayName},
                                       {"severity", a.severity},
                                       {"start", timeJson(a.start)},
                                       {"end", timeJson(a.end)},
                                       {"link", a.link},
                                       {"is_sample", a.isSample},
                                       {"matched_on", a.matchedOn}});
    }
    j["related_findings"] = ordered_json::array();
    for (const auto& f : relatedFindings) {
        j["related_findings"].push_back({{"rule_id", f.ruleId},
                                         {"title", f.title},
                                         {"severity", f.severity},
                                         {"start", f.start.toIso()},
                                         {"end", f.end.toIso()}});
    }
    j["threat_intel"] = ordered_json::array();
    for (const auto& t : threatIntel) {
        ordered_json m{{"list", t.list},
                       {"list_kind", t.listKind},
                       {"list_date", t.listDate},
                       {"ip", t.ip},
                       {"indicator", t.indicator},
                       {"description", t.description},
                       {"valid_from", timeJson(t.validFrom)},
                       {"valid_until", timeJson(t.validUntil)}};
        m["confidence"] = t.confidence ? ordered_json(*t.confidence) : ordered_json(nullptr);
        m["in_window"] = t.inWindow;
        j["threat_intel"].push_back(std::move(m));
    }
    return j;
}

} // namespace kvw::core
