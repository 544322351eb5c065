#include "core/analytics/detections/RuleCatalogue.h"

#include "core/analytics/detections/DefenderRules.h"
#include "core/analytics/detections/ElasticRules.h"
#include "core/analytics/detections/OperationRules.h"
#include "core/analytics/detections/SentinelRules.h"
#include "core/analytics/detections/ThreatIntelRules.h"

namespace kvw::core {
namespace {

constexpr const char* kSentinelRules =
    "https://github.com/Azure/Azure-Sentinel/tree/master/Solutions/Azure%20Key%20Vault/Analytic%20Rules";
constexpr const char* kDefenderAlerts =
    "https://learn.microsoft.com/azure/defender-for-cloud/alerts-azure-key-vault";
constexpr const char* kWorkbook =
    "https://github.com/Azure/Azure-Sentinel/blob/master/Solutions/Azure%20Key%20Vault/Workbooks/"
    "AzureKeyVaultWorkbook.json";

const std::string kRetrievalOps = "SecretGet,KeyGet,VaultGet";
const std::string kElasticOps =
    "VaultGet,KeyGet,KeyList,KeyListVersions,KeyGetDeleted,KeyListDeleted,SecretGet,SecretList,SecretListVersions,"
    "SecretGetDeleted,SecretListDeleted,CertificateGet,CertificateList,CertificateListVersions,CertificateGetDeleted,"
    "CertificateListDeleted,CertificatePolicyGet,CertificateContactsGet,CertificateIssuerGet,CertificateIssuersList";

RuleParameter p(const char* name, std::string def, const char* description) { return {name, std::move(def), description}; }

// Defender analogs share their baseline parameters.
std::vector<RuleParameter> firstSeenParams()
{
    return {p("min_history", "2d", "history the vault must have in the bundle before a first appearance counts"),
            p("period", "1d", "how much activity after the first appearance the finding gathers")};
}

std::string groupedKql(const std::string& what, const std::string& extra, const std::string& threshold = "0")
{
    return "let Operations = {{operations:list}};\n{{BASE}}\n| where OperationName in~ (Operations)" + extra +
           "\n| summarize EventCount = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated),\n"
           "    OperationNameList = make_set(OperationName), CallerIPList = make_set(CallerIPAddress),\n"
           "    RequestURLList = make_set(requestUri_s, 50)\n"
           "    by Resource, CallerIdentity, CallerUpn, identity_claim_appid_g, bin(TimeGenerated, {{period}})\n"
           "| where EventCount > " +
           threshold + "   // " + what + "\n| order by StartTime asc";
}

std::string volumeKql(const std::string& condition)
{
    return "let Periods = {{BASE}}\n| where " + condition +
           " and isnotempty(CallerIdentity)\n"
           "| summarize Vaults = dcount(Resource) by CallerIdentity, Day = bin(TimeGenerated, {{period}});\n"
           "Periods\n| join kind=leftouter (Periods | project CallerIdentity, BaseDay = Day, BaseVaults = Vaults) on "
           "CallerIdentity\n"
           "| extend BaseVaults = iff(BaseDay < Day and BaseDay >= Day - {{baseline}}, BaseVaults, 0)\n"
           "| summarize BaselineMax = max(BaseVaults) by CallerIdentity, Day, Vaults\n"
           "| where Vaults >= {{min_vaults}} and Vaults > {{ratio}} * BaselineMax";
}

std::vector<RuleDefinition> build()
{
    std::vector<RuleDefinition> r;

    r.push_back({"sentinel-sensitive-operations", "Sensitive Azure Key Vault operations", RuleSource::Sentinel, "Low",
                 "Impact", "T1485",
                 "Successful VaultDelete, KeyDelete, SecretDelete, SecretPurge, KeyPurge, SecretBackup or KeyBackup, "
                 "grouped per vault, identity and client over each period (Sentinel rule d6491be0, v1.0.4, runs "
                 "daily over 1 day). Fixed quirks: 'success' means HTTP status below 400 (ResultType says Success even "
                 "for 403s); the identity is object id, else app id, else UPN, from either claim form; Managed HSM "
                 "is covered too.",
                 std::string(kSentinelRules) + "/AzureKeyVaultSensitiveOperations.yaml",
                 {p("operations", "VaultDelete,KeyDelete,SecretDelete,SecretPurge,KeyPurge,SecretBackup,KeyBackup",
                    "operations that are sensitive"),
                  p("period", "1d", "rule period (findings never span two)")},
                 "let SensitiveOperationList = {{operations:list}};\n{{BASE}}\n"
                 "| where OperationName in~ (SensitiveOperationList) and Succeeded\n"
                 "| summarize EventCount = count(), StartTimeUtc = min(TimeGenerated), EndTimeUtc = max(TimeGenerated),\n"
                 "    TimeTriggered = make_list(TimeGenerated), OperationNameList = make_set(OperationName),\n"
                 "    RequestURLList = make_set(requestUri_s), CallerIPList = make_set(CallerIPAddress),\n"
                 "    CallerIPMax = max(CallerIPAddress)\n"
                 "    by ResourceType, Resource, CallerIdentity, CallerUpn, clientInfo_s, bin(TimeGenerated, {{period}})\n"
                 "| extend timestamp = StartTimeUtc",
                 true, &OperationRules::sensitiveOperations});

    r.push_back({"sentinel-sensitive-operations-nrt", "NRT Sensitive Azure Key Vault operations", RuleSource::Sentinel,
                 "Low", "Impact", "T1485",
                 "The near-real-time form of the sensitive-operations rule (Sentinel 884ead54, v1.0.2): same query, "
                 "run about once a minute over new data; offline, groups over short periods instead of one day.",
                 std::string(kSentinelRules) + "/NRT_AzureKeyVaultSensitiveOperations.yaml",
                 {p("operations", "VaultDelete,KeyDelete,SecretDelete,SecretPurge,KeyPurge,SecretBackup,KeyBackup",
                    "operations that are sensitive"),
                  p("period", "5m", "grouping period standing in for the NRT run interval")},
                 "let SensitiveOperationList = {{operations:list}};\n{{BASE}}\n"
                 "| where OperationName in~ (SensitiveOperationList) and Succeeded\n"
                 "| summarize EventCount = count(), StartTimeUtc = min(TimeGenerated), EndTimeUtc = max(TimeGenerated),\n"
                 "    OperationNameList = make_set(OperationName), CallerIPList = make_set(CallerIPAddress)\n"
                 "    by ResourceType, Resource, CallerIdentity, CallerUpn, clientInfo_s, bin(TimeGenerated, {{period}})",
                 true, &OperationRules::sensitiveOperations});

    r.push_back({"sentinel-mass-secret-retrieval", "Mass secret retrieval from Azure Key Vault", RuleSource::Sentinel,
                 "Low", "Credential Access", "T1003",
                 "Two stages per period (Sentinel 24f8c234, v1.0.7): a caller qualifies when, for one of SecretGet, "
                 "KeyGet, VaultGet, it successfully requested more than distinct_uri_threshold distinct request URIs; "
                 "then all its retrievals (any result, all vaults) are grouped per result type, app id and caller and "
                 "reported above event_threshold. VaultGet calls of the allow-listed apps are dropped. Exact distinct "
                 "counts (Kusto's dcount is approximate); URIs include the api-version as in the original.",
                 std::string(kSentinelRules) + "/KeyvaultMassSecretRetrieval.yaml",
                 {p("operations", kRetrievalOps, "retrieval operations"),
                  p("distinct_uri_threshold", "10", "stage 1: distinct request URIs per operation (strictly more)"),
                  p("event_threshold", "50", "stage 2: events per caller (strictly more)"),
                  p("period", "1d", "rule period")},
                 "let DistinctSecretsThreshold = {{distinct_uri_threshold}};\nlet EventCountThreshold = "
                 "{{event_threshold}};\nlet OperationList = {{operations:list}};\nlet AllowedAppId = {{ALLOWED_APPS}};\n"
                 "{{BASE}}\n| where OperationName in (OperationList)\n"
                 "| where not(identity_claim_appid_g in (AllowedAppId) and OperationName == 'VaultGet')\n"
                 "| as _Retrievals\n"
                 "| where CallerIdentity in (toscalar(_Retrievals | where Succeeded\n"
                 "    | summarize Count = dcount(requestUri_s) by OperationName, CallerIdentity\n"
                 "    | where Count > DistinctSecretsThreshold | summarize make_set(CallerIdentity, 10000)))\n"
                 "| summarize EventCount = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated),\n"
                 "    ResourceList = make_set(Resource, 50), OperationNameList = make_set(OperationName, 50),\n"
                 "    RequestURLList = make_set(requestUri_s, 50), CallerIPList = make_set(CallerIPAddress, 50),\n"
                 "    CallerIPMax = max(CallerIPAddress)\n"
                 "    by ResultType, identity_claim_appid_g, CallerIdentity, CallerUpn, bin(TimeGenerated, {{period}})\n"
                 "| where EventCount > EventCountThreshold",
                 true, &SentinelRules::massSecretRetrieval});

    r.push_back({"workbook-mass-secret-retrieval", "Mass secret retrieval (workbook threshold x period)",
                 RuleSource::KvWorkbook, "Medium", "Credential Access", "T1555",
                 "The Sentinel workbook's 'Mass Secret Retrieval' grid as a rule: successful SecretGet, KeyGet and "
                 "VaultGet per vault and identity in each period, reported above the threshold (strictly more). "
                 "Fixed quirk: callers whose token has only the short oid claim are no longer dropped.",
                 kWorkbook,
                 {p("operations", kRetrievalOps, "retrieval operations"),
                  p("threshold", "1000", "events per vault, identity and period (strictly more)"),
                  p("period", "1d", "MonitoredTimeRange")},
                 groupedKql("workbook EventCountThreshold", " and Succeeded and isnotempty(CallerIdentity)",
                            "{{threshold}}"),
                 true, &OperationRules::workbookMassRetrieval});

    r.push_back({"sentinel-access-timeseries-anomaly", "Azure Key Vault access TimeSeries anomaly",
                 RuleSource::Sentinel, "Low", "Credential Access", "T1003",
                 "Per caller IP, successful SecretGet/KeyGet/VaultGet counted per step (Sentinel 0914adab, v1.0.5); "
                 "series_decompose_anomalies(k = score_threshold, seasonality auto, linefit) over the window before "
                 "each evaluation; a positive anomaly in the last bin with baseline above baseline_threshold is "
                 "reported. Fixed quirk: the original's 'hourly' join picks only 00:00-01:00 of the anomalous day; "
                 "here the anomalous bin and all its events are reported. Offline the rule is evaluated at the end "
                 "of every bin of the bundle (never before its first bin + min_history).",
                 std::string(kSentinelRules) + "/TimeSeriesKeyvaultAccessAnomaly.yaml",
                 {p("operations", kRetrievalOps, "retrieval operations"),
                  p("window", "14d", "starttime: the series length"), p("step", "1d", "timeframe: the bin size"),
                  p("score_threshold", "3", "anomaly score threshold"),
                  p("baseline_threshold", "25", "minimum expected count per bin (strictly more)"),
                  p("min_history", "7d", "history needed before the first evaluation")},
                 "let starttime = {{window}};\nlet timeframe = {{step}};\nlet scorethreshold = {{score_threshold}};\n"
                 "let baselinethreshold = {{baseline_threshold}};\nlet OperationList = {{operations:list}};\n"
                 "let AllowedAppId = {{ALLOWED_APPS}};\n{{BASE}}\n"
                 "| where OperationName in (OperationList) and Succeeded and isnotempty(CallerIPAddress)\n"
                 "| where not(identity_claim_appid_g in (AllowedAppId) and OperationName == 'VaultGet')\n"
                 "| make-series DailyCount = count() on TimeGenerated from startofday(ago(starttime)) to "
                 "startofday(now()) step timeframe by CallerIPAddress\n"
                 "| extend (anomalies, score, baseline) = series_decompose_anomalies(DailyCount, scorethreshold, -1, "
                 "'linefit')\n"
                 "| mv-expand DailyCount to typeof(double), TimeGenerated to typeof(datetime), anomalies to "
                 "typeof(double), score to typeof(double), baseline to typeof(long)\n"
                 "| where anomalies > 0 and baseline > baselinethreshold\n"
                 "| where TimeGenerated >= startofday(ago(timeframe))   // the last whole bin: report that day's events",
                 true, &SentinelRules::accessTimeSeriesAnomaly});

    r.push_back({"sentinel-ti-map-ip", "TI map IP entity to Azure Key Vault logs", RuleSource::Sentinel, "Medium",
                 "Command and Control", "T1071",
                 "Caller IPs that match an indicator of the case's threat-intelligence lists while the indicator is "
                 "valid (valid_from .. valid_until, instead of the original's 'last hour'; a dated snapshot without an end date also covers snapshot_lookback before its date); private, loopback and "
                 "link-local indicators are dropped as in the original. One finding per IP, list and vault.",
                 "https://github.com/Azure/Azure-Sentinel/blob/master/Solutions/Threat%20Intelligence%20(NEW)/"
                 "Analytic%20Rules/IPEntity_AzureKeyVault.yaml",
                 {p("exclude_private", "true", "drop private / loopback / link-local indicators"), p("snapshot_lookback", "7d", "an indicator with a start date but no end date (a dated snapshot such as a Tor exit list) also matches events this long before its date")},
                 "let Indicators = ThreatIntelIndicators\n"
                 "| where IsActive and ValidUntil > now() and ObservableKey in (\"ipv4-addr:value\", "
                 "\"ipv6-addr:value\", \"network-traffic:src_ref.value\")\n"
                 "| summarize arg_max(TimeGenerated, *) by Id\n| project TI_ipEntity = ObservableValue, ValidUntil, "
                 "Confidence, Description = tostring(Data.description)\n"
                 "| where not(ipv4_is_private(TI_ipEntity)) and TI_ipEntity !startswith \"fe80\" and TI_ipEntity "
                 "!startswith \"::\" and TI_ipEntity !startswith \"127.\";\n"
                 "Indicators\n| join kind=innerunique (\n{{BASE}}\n| extend ClientIP = CallerIPAddress\n) on "
                 "$left.TI_ipEntity == $right.ClientIP\n| where TimeGenerated < ValidUntil\n"
                 "| summarize EventCount = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by "
                 "TI_ipEntity, Resource, Description, Confidence",
                 true, &ThreatIntelRules::tiMapIp});

    r.push_back({"sentinel-access-policy-manipulation", "Azure Key Vault access policy manipulation",
                 RuleSource::Sentinel, "Low", "Credential Access", "T1555",
                 "Hunting query 8eff7055: a successful VaultPatch adding an access policy and one removing an access "
                 "policy on the same vault less than 'window' apart. The original does not require the same object; "
                 "a pair on the same object is reported with severity Medium (stronger), other pairs Low. Object ids "
                 "are read from the original records.",
                 "https://github.com/Azure/Azure-Sentinel/blob/master/Solutions/Cloud%20Service%20Threat%20Protection"
                 "%20Essentials/Hunting%20Queries/AzureKeyVaultAccessManipulation.yaml",
                 {p("operations", "VaultPatch,VaultPut", "operations that carry access-policy changes"),
                  p("window", "10m", "maximum time between the add and the remove (strictly less)")},
                 "let timeframe = {{window}};\nlet Added = AzureDiagnostics\n"
                 "| where ResourceType =~ \"VAULTS\" and OperationName in~ ({{operations:list}}) and ResultType =~ "
                 "\"Success\" and isnotempty(addedAccessPolicy_ObjectId_g)\n"
                 "| project TimeAdded = TimeGenerated, id_s, Resource, UserObjectAdded = addedAccessPolicy_ObjectId_g,\n"
                 "    AddedBy = identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_name_s;\n"
                 "let Removed = AzureDiagnostics\n"
                 "| where ResourceType =~ \"VAULTS\" and OperationName in~ ({{operations:list}}) and ResultType =~ "
                 "\"Success\" and isnotempty(removedAccessPolicy_ObjectId_g)\n"
                 "| project TimeRemoved = TimeGenerated, id_s, UserObjectRemoved = removedAccessPolicy_ObjectId_g,\n"
                 "    RemovedBy = identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_name_s;\n"
                 "Added | join kind=inner Removed on id_s\n| extend TimeDelta = abs(TimeAdded - TimeRemoved)\n"
                 "| where TimeDelta < timeframe\n"
                 "| extend SameObject = UserObjectAdded == UserObjectRemoved   // KV Workbook: stronger when true",
                 false, &SentinelRules::accessPolicyManipulation});

    r.push_back({"elastic-excessive-retrieval", "Excessive secret or key retrieval from Azure Key Vault",
                 RuleSource::Elastic, "Medium", "Credential Access", "T1555.006",
                 "Elastic ES|QL rule: read operations in 1-minute windows per principal; fires when one principal has "
                 "at least min_events events and at least min_actions distinct operations in a window. Consecutive "
                 "windows are merged into one finding. As in the original the principal is the UPN (case-insensitive): "
                 "the rule is about people; workloads reading all day are the volume rules' business.",
                 "https://github.com/elastic/detection-rules/blob/main/rules/integrations/azure/"
                 "credential_access_azure_key_vault_excessive_retrieval.toml",
                 {p("operations", kElasticOps, "read operations"), p("window", "1m", "window size"),
                  p("min_events", "10", "events per window (at least)"),
                  p("min_actions", "2", "distinct operations per window (at least)")},
                 "let Operations = {{operations:list}};\n{{BASE}}\n| where OperationName in~ (Operations) and "
                 "isnotempty(CallerUpn)\n"
                 "| summarize EventCount = count(), Actions = dcount(OperationName), SourceIPs = "
                 "make_set(CallerIPAddress),\n    Vaults = make_set(Resource), Apps = make_set(identity_claim_appid_g), "
                 "Results = make_set(ResultType)\n    by CallerUpn = tolower(CallerUpn), Window = bin(TimeGenerated, {{window}})\n"
                 "| where EventCount >= {{min_events}} and Actions >= {{min_actions}}",
                 true, &ElasticRules::excessiveRetrieval});

    {
        auto params = firstSeenParams();
        params.insert(params.begin(), p("operations", "SecretGet,KeyGet,CertificateGet,KeyDecrypt,KeyUnwrap",
                                        "retrieval / key-use operations"));
        r.push_back({"elastic-rare-identity-retrieval", "Azure Key Vault secret or key retrieval by a rare identity",
                     RuleSource::Elastic, "Medium", "Credential Access", "T1555.006",
                     "New-terms rule: the first successful secret/key retrieval by an identity on a vault, when the "
                     "vault has at least min_history of earlier history in the bundle (the bundle's earlier events "
                     "stand in for Elastic's history window).",
                     "https://github.com/elastic/detection-rules/tree/main/rules/integrations/azure",
                     params,
                     "let Operations = {{operations:list}};\nlet History = {{BASE}}\n| where OperationName in~ "
                     "(Operations) and Succeeded\n| summarize FirstSeen = min(TimeGenerated) by Resource, "
                     "CallerIdentity;\nlet VaultStart = {{BASE}} | summarize VaultStart = min(TimeGenerated) by "
                     "Resource;\nHistory | join kind=inner VaultStart on Resource\n"
                     "| where FirstSeen >= VaultStart + {{min_history}}",
                     true, &ElasticRules::rareIdentityRetrieval});
    }

    r.push_back({"sigma-vault-modified-deleted", "Azure Key Vault modified or deleted", RuleSource::Sigma, "Medium",
                 "Impact", "T1485",
                 "Sigma rule over the Activity Log names (MICROSOFT.KEYVAULT/VAULTS/WRITE, DELETE, DEPLOY/ACTION, "
                 "ACCESSPOLICIES/WRITE) and their audit-event equivalents VaultPut, VaultPatch, VaultDelete, "
                 "VaultAccessPolicyChangedEventGridNotification; grouped per vault, identity and period.",
                 "https://github.com/SigmaHQ/sigma/blob/master/rules/cloud/azure/activity_logs/"
                 "azure_keyvault_key_modified_or_deleted.yml",
                 {p("operations",
                    "VaultPut,VaultPatch,VaultDelete,VaultAccessPolicyChangedEventGridNotification,"
                    "MICROSOFT.KEYVAULT/VAULTS/WRITE,MICROSOFT.KEYVAULT/VAULTS/DELETE,"
                    "MICROSOFT.KEYVAULT/VAULTS/DEPLOY/ACTION,MICROSOFT.KEYVAULT/VAULTS/ACCESSPOLICIES/WRITE",
                    "operation names"),
                  p("period", "1d", "grouping period")},
                 groupedKql("any result", ""), true, &OperationRules::sigmaVaultModified});

    // Defender for Key Vault analogs.
    r.push_back({"KV_AccountVolumeAnomaly", "User accessed high volume of key vaults", RuleSource::DefenderAnalog,
                 "Medium", "Credential Access", "T1555",
                 "One identity successfully accessed at least min_vaults vaults in a period, and more than ratio x "
                 "the most it accessed in any period of the baseline before (0 when it had none). Periods earlier "
                 "than the bundle's start + min_history are not judged.",
                 kDefenderAlerts,
                 {p("period", "1d", "period"), p("baseline", "14d", "baseline window before the period"),
                  p("min_history", "2d", "bundle history needed"), p("min_vaults", "3", "distinct vaults (at least)"),
                  p("ratio", "2", "times the baseline maximum (strictly more)")},
                 volumeKql("Succeeded"),
                 true, &DefenderRules::accountVolume});

    r.push_back({"KV_AccountVolumeAccessDeniedAnomaly",
                 "Unusual access denied - User accessing high volume of key vaults denied",
                 RuleSource::DefenderAnalog, "Low", "Discovery", "T1580",
                 "As KV_AccountVolumeAnomaly over denied requests (HTTP 403, or 401 other than the SDK's "
                 "Authentication challenge).",
                 kDefenderAlerts,
                 {p("period", "1d", "period"), p("baseline", "14d", "baseline window before the period"),
                  p("min_history", "2d", "bundle history needed"), p("min_vaults", "3", "distinct vaults (at least)"),
                  p("ratio", "2", "times the baseline maximum (strictly more)")},
                 volumeKql("(httpStatusCode_d == 403 or (httpStatusCode_d == 401 and OperationName != "
                           "\"Authentication\"))"),
                 true, &DefenderRules::accountVolumeDenied});

    r.push_back({"KV_UserAccessDeniedAnomaly", "Unusual access denied - Unusual user accessing key vault denied",
                 RuleSource::DefenderAnalog, "Low", "Initial Access, Discovery", "T1078",
                 "A principal (user or application) denied on a vault where it had no successful access in the "
                 "baseline before; one finding per principal and vault (its first such period).",
                 kDefenderAlerts,
                 {p("period", "1d", "period"), p("baseline", "14d", "baseline window before the denial"),
                  p("min_history", "2d", "bundle history needed")},
                 "let Known = {{BASE}} | where Succeeded | distinct Resource, CallerIdentity;\n{{BASE}}\n"
                 "| where httpStatusCode_d == 403 or (httpStatusCode_d == 401 and OperationName != "
                 "\"Authentication\")\n| join kind=leftanti Known on Resource, CallerIdentity\n"
                 "| summarize Denied = count(), FirstDenied = min(TimeGenerated) by Resource, CallerIdentity",
                 true, &DefenderRules::userAccessDenied});

    r.push_back({"KV_UserAnomaly", "Unusual user accessed a key vault", RuleSource::DefenderAnalog, "Medium",
                 "Credential Access", "T1078",
                 "First successful access by a user (UPN claim or user token) to a vault in the bundle's history.",
                 kDefenderAlerts, firstSeenParams(),
                 "let History = {{BASE}} | where Succeeded and isnotempty(CallerUpn)\n| summarize FirstSeen = "
                 "min(TimeGenerated) by Resource, CallerIdentity;\nlet VaultStart = {{BASE}} | summarize VaultStart = "
                 "min(TimeGenerated) by Resource;\nHistory | join kind=inner VaultStart on Resource | where FirstSeen "
                 ">= VaultStart + {{min_history}}",
                 true, &DefenderRules::userAnomaly});

    r.push_back({"KV_AppAnomaly", "Unusual application accessed a key vault", RuleSource::DefenderAnalog, "Medium",
                 "Credential Access", "T1078",
                 "First successful access by an application (no user claim) to a vault in the bundle's history.",
                 kDefenderAlerts, firstSeenParams(),
                 "let History = {{BASE}} | where Succeeded and isempty(CallerUpn) and "
                 "isnotempty(identity_claim_appid_g)\n| summarize FirstSeen = min(TimeGenerated) by Resource, "
                 "identity_claim_appid_g;\nlet VaultStart = {{BASE}} | summarize VaultStart = min(TimeGenerated) by "
                 "Resource;\nHistory | join kind=inner VaultStart on Resource | where FirstSeen >= VaultStart + "
                 "{{min_history}}",
                 true, &DefenderRules::appAnomaly});

    r.push_back({"KV_UserAppAnomaly", "Unusual user-application pair accessed a key vault",
                 RuleSource::DefenderAnalog, "Medium", "Credential Access", "T1078",
                 "First successful access by a user through an application it had not used on the vault, when the "
                 "user itself was known there at least min_history before (a new user is KV_UserAnomaly).",
                 kDefenderAlerts, firstSeenParams(),
                 "let Pairs = {{BASE}} | where Succeeded and isnotempty(CallerUpn) and "
                 "isnotempty(identity_claim_appid_g)\n| summarize FirstPair = min(TimeGenerated) by Resource, "
                 "CallerIdentity, identity_claim_appid_g;\nPairs | join kind=inner (Pairs | summarize FirstUser = "
                 "min(FirstPair) by Resource, CallerIdentity) on Resource, CallerIdentity\n| where FirstUser + "
                 "{{min_history}} <= FirstPair",
                 true, &DefenderRules::userAppAnomaly});

    r.push_back({"KV_OperationPatternAnomaly", "Unusual operation pattern in a key vault", RuleSource::DefenderAnalog,
                 "Medium", "Credential Access", "T1555",
                 "A principal known on a vault uses at least min_new_operations operations there that it never used "
                 "before, within one period.",
                 kDefenderAlerts,
                 {p("period", "1d", "period"), p("min_history", "2d", "how long the principal must be known"),
                  p("min_new_operations", "2", "new operations in one period (at least)")},
                 "{{BASE}}\n| where isnotempty(CallerIdentity) and OperationName != \"Authentication\"\n"
                 "| summarize FirstUse = min(TimeGenerated) by Resource, CallerIdentity, OperationName\n"
                 "| join kind=inner (\n    {{BASE}} | summarize Known = min(TimeGenerated) by Resource, "
                 "CallerIdentity) on Resource, CallerIdentity\n| where FirstUse >= Known + {{min_history}}\n"
                 "| summarize NewOperations = make_set(OperationName) by Resource, CallerIdentity, Day = "
                 "bin(FirstUse, {{period}})\n| where array_length(NewOperations) >= {{min_new_operations}}",
                 true, &DefenderRules::operationPattern});

    r.push_back({"KV_ListGetAnomaly", "Suspicious secret listing and query in a key vault", RuleSource::DefenderAnalog,
                 "Medium", "Credential Access", "T1555",
                 "A successful secret list and successful reads of at least min_objects distinct secrets by the same "
                 "principal on the same vault in one window bucket (1 h, aligned), when that is more than ratio x "
                 "the most objects it read in any earlier list window there in the baseline (secret dumping).",
                 kDefenderAlerts,
                 {p("list_operations", "SecretList", "list operations"),
                  p("get_operations", "SecretGet", "read operations"), p("window", "1h", "window bucket"),
                  p("min_objects", "5", "distinct objects read (at least)"),
                  p("ratio", "2", "times the baseline's busiest list-then-read burst (strictly more)"),
                  p("baseline", "14d", "baseline window before the list"),
                  p("min_history", "2d", "bundle history needed before a burst is judged")},
                 "let ListOps = {{list_operations:list}};\nlet GetOps = {{get_operations:list}};\n{{BASE}}\n"
                 "| where (OperationName in~ (ListOps) or OperationName in~ (GetOps)) and Succeeded\n"
                 "| summarize Lists = countif(OperationName in~ (ListOps)), Objects = dcountif(requestUri_s, "
                 "OperationName in~ (GetOps))\n    by Resource, CallerIdentity, Window = bin(TimeGenerated, "
                 "{{window}})\n| where Lists > 0 and Objects >= {{min_objects}}   // and > {{ratio}} x the "
                 "principal's busiest list window in the {{baseline}} before",
                 true, &DefenderRules::listGet});

    r.push_back({"KV_PutGetAnomaly", "Suspicious policy change and secret query in a key vault",
                 RuleSource::DefenderAnalog, "Medium", "Credential Access", "T1555",
                 "A successful vault policy change (VaultPut / VaultPatch) followed within 'window' by successful "
                 "secret reads of at least min_objects objects by the same principal on the same vault, when it read "
                 "no secret there in the baseline before.",
                 kDefenderAlerts,
                 {p("policy_operations", "VaultPut,VaultPatch", "policy-change operations"),
                  p("get_operations", "SecretGet", "read operations"), p("window", "1h", "change-to-read window"),
                  p("min_objects", "1", "distinct objects read (at least)"),
                  p("baseline", "14d", "baseline window before the change"),
                  p("min_history", "2d", "bundle history needed before a change is judged")},
                 "let Puts = {{BASE}} | where OperationName in~ ({{policy_operations:list}}) and Succeeded\n"
                 "| project PutTime = TimeGenerated, Resource, CallerIdentity;\n"
                 "let Gets = {{BASE}} | where OperationName in~ ({{get_operations:list}}) and Succeeded\n"
                 "| project GetTime = TimeGenerated, Resource, CallerIdentity, requestUri_s;\n"
                 "Puts | join kind=inner Gets on Resource, CallerIdentity\n"
                 "| where GetTime between (PutTime .. PutTime + {{window}})\n"
                 "| summarize Objects = dcount(requestUri_s) by Resource, CallerIdentity, PutTime\n"
                 "| where Objects >= {{min_objects}}",
                 true, &DefenderRules::putGet});

    r.push_back({"KV_OperationVolumeAnomaly", "High volume of operations in a key vault", RuleSource::DefenderAnalog,
                 "Medium", "Credential Access", "T1555",
                 "Operations per vault, and per principal on a vault, in a period, against the mean and standard "
                 "deviation of the same series over the baseline before (zeros included, never before the bundle's "
                 "start): fires when the count is at least min_events, at least ratio x the mean and above mean + "
                 "sigma x sd.",
                 kDefenderAlerts,
                 {p("period", "1d", "period"), p("baseline", "14d", "baseline window"),
                  p("min_history", "3d", "bundle history needed"), p("min_events", "200", "count (at least)"),
                  p("ratio", "3", "times the baseline mean (at least)"),
                  p("sigma", "3", "standard deviations above the mean (strictly more)")},
                 "let Periods = {{BASE}}\n| summarize Count = count() by Resource, Day = bin(TimeGenerated, {{period}});\n"
                 "Periods\n| join kind=leftouter (Periods | project Resource, BaseDay = Day, BaseCount = Count) on "
                 "Resource\n| extend BaseCount = iff(BaseDay < Day and BaseDay >= Day - {{baseline}}, BaseCount, 0)\n"
                 "| summarize S = sum(BaseCount), S2 = sum(BaseCount * BaseCount) by Resource, Day, Count\n"
                 "| extend N = toreal({{baseline}} / {{period}})\n"
                 "| extend Mean = S / N, Sd = sqrt(max_of(0.0, S2 / N - (S / N) * (S / N)))\n"
                 "| where Count >= {{min_events}} and Count >= {{ratio}} * Mean and Count > Mean + {{sigma}} * Sd",
                 true, &DefenderRules::operationVolume});

    r.push_back({"KV_TORAccess", "Access from a TOR exit node to a key vault", RuleSource::DefenderAnalog, "Medium",
                 "Credential Access", "T1090.003",
                 "Requests from an address on a Tor exit-node list of the case (ti_lists kind 'tor'), inside the "
                 "indicator's validity window.",
                 kDefenderAlerts, {p("exclude_private", "true", "drop private / loopback / link-local indicators"), p("snapshot_lookback", "7d", "an indicator with a start date but no end date (a dated snapshot such as a Tor exit list) also matches events this long before its date")},
                 "let TorExitNodes = datatable(Address: string) [ /* the case's Tor list */ ];\n{{BASE}}\n"
                 "| where CallerIPAddress in (TorExitNodes)\n"
                 "| summarize EventCount = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by "
                 "CallerIPAddress, Resource",
                 true, &ThreatIntelRules::torAccess});

    r.push_back({"KV_SuspiciousIPAccess", "Access from a suspicious IP address to a key vault",
                 RuleSource::DefenderAnalog, "Medium", "Credential Access", "T1078",
                 "Successful requests from an address on a (non-Tor) threat-intelligence list of the case, inside "
                 "the indicator's validity window.",
                 kDefenderAlerts, {p("exclude_private", "true", "drop private / loopback / link-local indicators"), p("snapshot_lookback", "7d", "an indicator with a start date but no end date (a dated snapshot such as a Tor exit list) also matches events this long before its date")},
                 "let SuspiciousIPs = datatable(Address: string) [ /* the case's threat-intelligence lists */ ];\n"
                 "{{BASE}}\n| where CallerIPAddress in (SuspiciousIPs) and Succeeded\n"
                 "| summarize EventCount = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by "
                 "CallerIPAddress, Resource",
                 true, &ThreatIntelRules::suspiciousIpAccess});

    r.push_back({"KV_SuspiciousIPAccessDenied", "Denied access from a suspicious IP to a key vault",
                 RuleSource::DefenderAnalog, "Low", "Credential Access", "T1078",
                 "Denied requests (403, or 401 other than the Authentication challenge) from an address on a "
                 "(non-Tor) threat-intelligence list of the case, inside the indicator's validity window.",
                 kDefenderAlerts, {p("exclude_private", "true", "drop private / loopback / link-local indicators"), p("snapshot_lookback", "7d", "an indicator with a start date but no end date (a dated snapshot such as a Tor exit list) also matches events this long before its date")},
                 "let SuspiciousIPs = datatable(Address: string) [ /* the case's threat-intelligence lists */ ];\n"
                 "{{BASE}}\n| where CallerIPAddress in (SuspiciousIPs)\n| where httpStatusCode_d == 403 or "
                 "(httpStatusCode_d == 401 and OperationName != \"Authentication\")\n"
                 "| summarize EventCount = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by "
                 "CallerIPAddress, Resource",
                 true, &ThreatIntelRules::suspiciousIpAccessDenied});

    r.push_back({"KV_UnusualAccessSuspiciousIP",
                 "Unusual access to the key vault from a suspicious IP (non-Microsoft or external)",
                 RuleSource::DefenderAnalog, "Medium", "Credential Access", "T1078",
                 "A caller IP that is external (not private, loopback or link-local, not a trusted Azure service, "
                 "not allow-listed, not in internal_ranges) makes its first request to a vault with at least "
                 "min_history of history before it, and in the period from that request successfully uses at least "
                 "min_objects distinct objects (secrets, keys, certificates), more than ratio x the most distinct "
                 "objects any one caller IP used there in one period of the baseline before. Defender's model is "
                 "not published; this analog states its baseline and thresholds in every finding.",
                 kDefenderAlerts,
                 {p("period", "1d", "activity gathered from the IP's first request (Defender: the last 24 h)"),
                  p("baseline", "14d", "window before the first request for the vault's busiest caller IP"),
                  p("min_history", "2d", "vault history needed before a new IP is judged"),
                  p("min_objects", "5", "distinct objects the new IP used successfully (at least)"),
                  p("ratio", "2", "times the baseline's busiest caller IP per period (strictly more)"),
                  p("internal_ranges", "", "address ranges (CIDR, IPv4 or IPv6) to treat as internal or Microsoft, comma-separated")},
                 "let Period = {{period}};\nlet Internal = {{internal_ranges:list}};\n"
                 "let Events = {{BASE}}\n| where isnotempty(CallerIPAddress) and not(ipv4_is_private(CallerIPAddress))"
                 "\n    and not(ipv4_is_in_any_range(CallerIPAddress, Internal));\n"
                 "let VaultStart = {{BASE}} | summarize VaultStart = min(TimeGenerated) by Resource;\n"
                 "let FirstSeen = Events | summarize FirstSeen = min(TimeGenerated) by Resource, CallerIPAddress;\n"
                 "let Baseline = {{BASE}} | where Succeeded and isnotempty(id_s)\n"
                 "| summarize Objects = dcount(id_s) by Resource, CallerIPAddress, Bin = bin(TimeGenerated, Period)\n"
                 "| summarize BusiestIp = max(Objects) by Resource, Bin;\n"
                 "FirstSeen | join kind=inner VaultStart on Resource | where FirstSeen >= VaultStart + {{min_history}}\n"
                 "| join kind=inner (Events | where Succeeded and isnotempty(id_s)) on Resource, CallerIPAddress\n"
                 "| where TimeGenerated between (FirstSeen .. FirstSeen + Period)\n"
                 "| summarize Objects = dcount(id_s) by Resource, CallerIPAddress, FirstSeen\n"
                 "| where Objects >= {{min_objects}}\n"
                 "| join kind=leftouter Baseline on Resource\n"
                 "| extend BusiestIp = iff(Bin >= FirstSeen - {{baseline}} and Bin + Period <= FirstSeen, BusiestIp, 0)\n"
                 "| summarize Baseline = max(BusiestIp) by Resource, CallerIPAddress, FirstSeen, Objects\n"
                 "| where Objects > {{ratio}} * Baseline",
                 true, &DefenderRules::unusualAccessSuspiciousIp});

    // Managed HSM.
    r.push_back({"hsm-security-domain-download", "Managed HSM security domain downloaded", RuleSource::KvWorkbook,
                 "High", "Credential Access", "T1552",
                 "Successful security-domain download (SecurityDomainBackup) on a Managed HSM: whoever holds the "
                 "security domain and its quorum of keys can recreate the HSM's keys elsewhere.",
                 "https://learn.microsoft.com/azure/key-vault/managed-hsm/security-domain",
                 {p("operations", "SecurityDomainBackup,SecurityDomainDownload", "operations"),
                  p("period", "1d", "grouping period")},
                 groupedKql("security domain download", " and Succeeded and ResourceType =~ \"MANAGEDHSMS\""), true,
                 &OperationRules::hsmSecurityDomainDownload});

    r.push_back({"hsm-full-backup-restore", "Managed HSM full backup or restore", RuleSource::KvWorkbook, "Medium",
                 "Collection", "T1530",
                 "Successful full HSM backup or restore (BackupCreate, RestoreCreate, selective key restore).",
                 "https://learn.microsoft.com/azure/key-vault/managed-hsm/backup-restore",
                 {p("operations", "BackupCreate,RestoreCreate,SelectiveKeyRestoreOperation", "operations"),
                  p("period", "1d", "grouping period")},
                 groupedKql("full backup / restore", " and Succeeded and ResourceType =~ \"MANAGEDHSMS\""), true,
                 &OperationRules::hsmFullBackupRestore});

    r.push_back({"hsm-role-changes", "Managed HSM role assignment or definition changed", RuleSource::KvWorkbook,
                 "Medium", "Privilege Escalation", "T1098",
                 "Successful local RBAC changes on a Managed HSM (role assignments and role definitions).",
                 "https://learn.microsoft.com/azure/key-vault/managed-hsm/access-control",
                 {p("operations",
                    "RoleAssignmentCreate,RoleAssignmentDelete,RoleDefinitionCreate,RoleDefinitionDelete,"
                    "RoleDefinitionUpdate",
                    "operations"),
                  p("period", "1d", "grouping period")},
                 groupedKql("role changes", " and Succeeded and ResourceType =~ \"MANAGEDHSMS\""), true,
                 &OperationRules::hsmRoleChanges});

    r.push_back({"hsm-key-purge-release", "Managed HSM key purged or released", RuleSource::KvWorkbook, "Medium",
                 "Impact", "T1485",
                 "Successful KeyPurge (irreversible) or KeyRelease (key exported to a trusted execution environment) "
                 "on a Managed HSM.",
                 "https://learn.microsoft.com/azure/key-vault/keys/secure-key-release",
                 {p("operations", "KeyPurge,KeyRelease", "operations"), p("period", "1d", "grouping period")},
                 groupedKql("purge / release", " and Succeeded and ResourceType =~ \"MANAGEDHSMS\""), true,
                 &OperationRules::hsmKeyPurgeRelease});

    r.push_back({"hsm-key-read-volume", "Managed HSM mass key read", RuleSource::KvWorkbook, "Low",
                 "Credential Access", "T1003",
                 "The Sentinel-for-Managed-HSM test 'read a key's properties more than 25 times': successful KeyGet "
                 "per HSM and identity in a period above the threshold (the legacy mass-retrieval count form).",
                 "https://learn.microsoft.com/azure/key-vault/managed-hsm/logging",
                 {p("operations", "KeyGet", "operations"), p("threshold", "25", "events (strictly more)"),
                  p("period", "1d", "grouping period")},
                 groupedKql("legacy threshold", " and Succeeded and ResourceType =~ \"MANAGEDHSMS\"",
                            "{{threshold}}"),
                 true, &OperationRules::hsmKeyReadVolume});
    return r;
}

} // namespace

const std::vector<RuleDefinition>& RuleCatalogue::all()
{
    static const std::vector<RuleDefinition> rules = build();
    return rules;
}

const RuleDefinition* RuleCatalogue::find(const std::string& id)
{
    for (const auto& r : all()) {
        if (r.id == id) {
            return &r;
        }
    }
    return nullptr;
}

} // namespace kvw::core
