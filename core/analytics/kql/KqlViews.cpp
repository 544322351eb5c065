#include "core/analytics/kql/KqlViews.h"

#include "core/analytics/detections/RuleCatalogue.h"
#include "core/analytics/detections/RuleSettings.h"

#include <map>

namespace kvw::core {
namespace {

struct Template
{
    const char* name;
    const char* title;
    const char* kql;
};

const Template kTemplates[] = {
    {"events-by-vault", "Events, by key vault",
     "{{BASE}}\n| summarize EventCount = count() by Resource\n| order by EventCount desc"},
    {"events-by-ip", "Events, by caller IP",
     "{{BASE}}\n| summarize EventCount = count() by IP = tostring(CallerIPAddress)\n| order by EventCount desc"},
    {"events-by-identity", "Events, by identity",
     "{{BASE}}\n| where isnotempty(CallerIdentity)\n"
     "| extend Identifier = case(isnotempty(CallerObjectId), \"ObjectId\", isnotempty(identity_claim_appid_g), "
     "\"AppId\", \"User\")\n"
     "| summarize EventCount = count() by CallerIdentity, Identifier, User = CallerUpn\n| order by EventCount desc"},
    {"events-by-operation", "Events, by operation name",
     "{{BASE}}\n| summarize EventCount = count() by OperationName\n| order by EventCount desc"},
    {"events-over-time", "Events over time, by key vault",
     "{{BASE}}\n| summarize EventCount = count() by Resource, bin(TimeGenerated, 1h)\n| render timechart"},
    {"sensitive-operations", "Sensitive operations",
     "let SensitiveOperationList = dynamic([\"VaultDelete\", \"KeyDelete\", \"SecretDelete\", \"SecretPurge\", "
     "\"KeyPurge\", \"SecretBackup\", \"KeyBackup\"]);\n{{BASE}}\n"
     "| where Succeeded and OperationName in~ (SensitiveOperationList)\n"
     "| project TimeGenerated, ResourceId, ResultType, OperationName, CallerIPAddress, identity_claim_appid_g, "
     "CallerObjectId, CallerUpn, requestUri_s, clientInfo_s\n| order by identity_claim_appid_g desc"},
    {"mass-secret-retrieval", "Mass secret retrieval",
     "let EventCountThreshold = {{threshold}};\nlet OperationList = {{operations:list}};\n{{BASE}}\n"
     "| where Succeeded and isnotempty(CallerIdentity) and OperationName in (OperationList)\n"
     "| summarize EventCount = count(), OperationNames = make_set(OperationName), CallerIPList = "
     "make_set(CallerIPAddress),\n    RequestUriList = make_set(requestUri_s), ClientInfoList = make_set(clientInfo_s)\n"
     "    by ResourceId, CallerIdentity, identity_claim_appid_g, CallerUpn, bin(TimeGenerated, {{period}})\n"
     "| where EventCount > EventCountThreshold\n| order by EventCount desc"},
    {"daily-anomalies", "Key vault activity baselines and deviations",
     "{{BASE}}\n| summarize DailyCount = count() by ResourceId, bin_at(TimeGenerated, 1d, now())\n"
     "| make-series metric = sum(DailyCount) on TimeGenerated in range(ago(14d), now() - 1d, 1d) by ResourceId\n"
     "| extend series_decompose_anomalies(metric)\n"
     "| project ResourceId, day = TimeGenerated, DailyCounts = metric, AnomalyScore = "
     "series_decompose_anomalies_metric_ad_score\n"
     "| extend MaxAnomalyScore = AnomalyScore, MinAnomalyScore = AnomalyScore\n"
     "| mv-apply MaxAnomalyScore to typeof(real) on (top 1 by MaxAnomalyScore desc)\n"
     "| mv-apply MinAnomalyScore to typeof(real) on (top 1 by MinAnomalyScore asc)\n"
     "| mv-expand with_itemindex = Index AnomalyScore\n| where Index == array_length(DailyCounts) - 1\n"
     "| extend AnomalyScoreAbs = abs(toreal(AnomalyScore))\n"
     "| extend WasAnomalous = MaxAnomalyScore > 3 or MinAnomalyScore < -3, Anomalous = AnomalyScoreAbs > 3\n"
     "| order by AnomalyScoreAbs desc"},
    {"caller-ip-anomalies", "Daily successful retrievals per caller IP (TimeSeries rule series)",
     "{{BASE}}\n| where OperationName in (\"SecretGet\", \"KeyGet\", \"VaultGet\") and Succeeded and "
     "isnotempty(CallerIPAddress)\n"
     "| make-series DailyCount = count() on TimeGenerated from startofday(ago(14d)) to startofday(now()) step 1d by "
     "CallerIPAddress\n"
     "| extend (anomalies, score, baseline) = series_decompose_anomalies(DailyCount, 3, -1, 'linefit')"},
    {"failures", "Failed requests",
     "{{BASE}}\n| where tostring(httpStatusCode_d) !startswith \"20\"\n"
     "| where not(OperationName == \"Authentication\" and httpStatusCode_d == 401)   // the SDK's normal challenge\n"
     "| summarize EventCount = count() by requestUri_s, ResultSignature, Resource\n| order by EventCount desc"},
    {"coverage", "Diagnostic logs coverage",
     "{{BASE}}\n| summarize Events = count(), FirstEvent = min(TimeGenerated), LastEvent = max(TimeGenerated) by "
     "ResourceId = toupper(ResourceId)\n| order by Events asc"},
};

} // namespace

const std::vector<KqlViews::View>& KqlViews::all()
{
    static const std::vector<View> views = [] {
        std::vector<View> v;
        for (const auto& t : kTemplates) {
            v.push_back({t.name, t.title});
        }
        return v;
    }();
    return views;
}

Result<std::string> KqlViews::render(const std::string& name, const EventFilter& filter, KqlTable table)
{
    for (const auto& t : kTemplates) {
        if (name == t.name) {
            // The mass-retrieval view shows the workbook rule's parameters.
            std::map<std::string, std::string> params;
            if (const auto* rule = RuleCatalogue::find("workbook-mass-secret-retrieval")) {
                params = RuleSettings{}.resolved(*rule);
            }
            return "// " + std::string(t.title) + " (" + t.name + ")\n" +
                   KqlRenderer::expand(t.kql, params, filter, table, AllowList::defaults()) + "\n";
        }
    }
    std::string names;
    for (const auto& t : kTemplates) {
        names += (names.empty() ? "" : ", ") + std::string(t.name);
    }
    return Error{Error::Code::Usage, "", 0, "unknown view '" + name + "' (views: " + names + ")"};
}

} // namespace kvw::core
