#include "core/demo/DemoIncident.h"

#include "core/demo/DemoTime.h"

namespace kvw::core {

nlohmann::json DemoIncident::toJson() const
{
    nlohmann::json statusJson = nlohmann::json::object();
    for (const auto& [status, n] : statuses) {
        statusJson[std::to_string(status)] = n;
    }
    nlohmann::json j = {
        {"id", id},
        {"kind", kind},
        {"title", title},
        {"description", description},
        {"vaults", std::vector<std::string>(vaults.begin(), vaults.end())},
        {"resource_ids", std::vector<std::string>(resourceIds.begin(), resourceIds.end())},
        {"start", DemoTime::iso7(start)},
        {"end", DemoTime::iso7(end)},
        {"actor",
         {{"label", actorLabel},
          {"kind", actorKind},
          {"ip", actorIp},
          {"object_id", actorObjectId},
          {"upn", actorUpn},
          {"app_id", actorAppId}}},
        {"operations", operations},
        {"http_statuses", statusJson},
        {"client_infos", std::vector<std::string>(clientInfos.begin(), clientInfos.end())},
        {"app_ids_in_records", std::vector<std::string>(appIds.begin(), appIds.end())},
        {"event_count", eventCount},
        {"expected_detections", expectedDetections},
        {"defender_alert_type", defenderAlertType},
        {"details", details},
    };
    return j;
}

} // namespace kvw::core
