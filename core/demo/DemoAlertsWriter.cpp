#include "core/demo/DemoAlertsWriter.h"

#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoRandom.h"
#include "core/demo/DemoTime.h"
#include "core/demo/DemoWorld.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace kvw::core {
namespace {

using OJ = nlohmann::ordered_json;

struct AlertText
{
    const char* type;
    const char* displayName;
    const char* severity;
    const char* intent;
    const char* description;
    const char* reasons;
};

constexpr AlertText kTexts[] = {
    {"KV_ListGetAnomaly", "Suspicious secret listing and query in a Key Vault", "Medium", "CredentialAccess",
     "A Secret List operation was followed by many Secret Get operations. This operation pattern is not normally "
     "performed by the user on this vault. This is likely indicative that someone is dumping the secrets stored in the "
     "Key Vault for potentially malicious purposes.",
     "[The user(objid) does not usually access this vault, The user(objid) does not usually come from this IP, The "
     "user(objid) does not usually perform a credential list operation followed by a get operation, This vault had "
     "more operations than usual]"},
    {"KV_PutGetAnomaly", "Suspicious policy change and secret query in a Key Vault", "Medium", "CredentialAccess",
     "A Key Vault policy change was made and then secrets were listed and retrieved by the same principal. This "
     "pattern is not normally performed by the user on this vault.",
     "[The user(objid) does not usually change access policies of this vault, The user(objid) does not usually come "
     "from this IP, The user(objid) does not usually perform a get operation after a policy change]"},
    {"KV_TORAccess", "Access from a TOR exit node to a Key Vault", "Medium", "CredentialAccess",
     "The Key Vault has been accessed by someone using the TOR IP anonymization system to hide their location.",
     "[The IP address is a known TOR exit node, The application(appid) does not usually come from this IP]"},
    {"KV_AccountVolumeAccessDeniedAnomaly", "Unusual access denied - User accessing high volume of key vaults denied",
     "Low", "Discovery",
     "A user or service principal attempted access to an anomalously high volume of key vaults in the last 24 hours "
     "and was denied.",
     "[The application(appid) was denied access to more vaults than usual, The application(appid) was never seen "
     "before in this tenant]"},
    {"KV_OperationVolumeAnomaly", "High volume of operations in a Key Vault", "Medium", "CredentialAccess",
     "An anomalous number of key vault operations were performed by a user, service principal or a specific key "
     "vault.",
     "[This vault had more operations than usual, The application(appid) performed more operations than usual]"},
};

struct Place
{
    const char* ip;
    const char* countryCode;
    const char* country;
    const char* state;
    const char* city;
};

constexpr Place kPlaces[] = {
    {DemoWorld::DumpIp, "NL", "Netherlands", "North Holland", "Amsterdam"},
    {DemoWorld::PolicyChangeIp, "RO", "Romania", "Bucuresti", "Bucharest"},
    {DemoWorld::TorIp, "DE", "Germany", "Hesse", "Frankfurt am Main"},
    {DemoWorld::ScannerIp, "US", "United States", "Virginia", "Ashburn"},
    {"10.20.1.5", "", "", "", ""},
};

const AlertText* textFor(const std::string& type)
{
    for (const auto& t : kTexts) {
        if (type == t.type) {
            return &t;
        }
    }
    return nullptr;
}

std::string mdyTime(Timestamp t)
{
    const DemoTime::Civil c = DemoTime::civil(t);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d:%02d", c.month, c.day, c.year, c.hour, c.minute, c.second);
    return buf;
}

std::string opsList(const std::map<std::string, std::uint64_t>& ops)
{
    std::string s = "[";
    bool first = true;
    for (const auto& [op, n] : ops) {
        s += first ? "" : ", ";
        first = false;
        s += op + ":" + std::to_string(n);
    }
    return s + "]";
}

// Defender writes the id with upper-case SUBSCRIPTIONS/RESOURCEGROUPS and a lower-case provider segment.
std::string alertResourceId(const DemoResource& r)
{
    return "/SUBSCRIPTIONS/" + r.subscription + "/RESOURCEGROUPS/" + r.resourceGroup +
           (r.hsm ? "/providers/microsoft.keyvault/managedhsms/" : "/providers/microsoft.keyvault/vaults/") + r.name;
}

OJ alert(const std::string& type, const std::string& displayName, const std::string& severity,
         const std::string& intent, const std::string& description, Timestamp start, Timestamp end,
         const std::string& alertId, const std::string& resourceId, const std::string& resourceName,
         const std::string& subscription, const std::string& resourceGroup, const std::string& tenant,
         const std::string& objectId, const Place& place, OJ extended)
{
    const Timestamp generated = end + 17 * Timestamp::TicksPerMinute + 245 * Timestamp::TicksPerMillisecond;
    OJ j;
    j["VendorName"] = "Microsoft";
    j["AlertType"] = type;
    j["ProductName"] = "Microsoft Defender for Cloud";
    j["StartTimeUtc"] = DemoTime::iso7(start);
    j["EndTimeUtc"] = DemoTime::iso7(end);
    std::string gen;
    DemoTime::appendIsoMs(gen, generated);
    j["TimeGenerated"] = gen;
    j["ProcessingEndTime"] = DemoTime::iso7(generated - 2 * Timestamp::TicksPerMillisecond);
    j["Severity"] = severity;
    j["Status"] = "New";
    j["ProviderAlertStatus"] = nullptr;
    j["ConfidenceLevel"] = nullptr;
    j["ConfidenceScore"] = nullptr;
    j["ConfidenceReasons"] = nullptr;
    j["IsIncident"] = false;
    j["SystemAlertId"] = alertId;
    j["CorrelationKey"] = nullptr;
    j["Intent"] = intent;
    j["AzureResourceId"] = resourceId;
    j["WorkspaceId"] = nullptr;
    j["WorkspaceSubscriptionId"] = nullptr;
    j["WorkspaceResourceGroup"] = nullptr;
    j["AgentId"] = nullptr;
    j["CompromisedEntity"] = resourceName;
    j["AlertDisplayName"] = displayName;
    j["Description"] = description;
    OJ entities = OJ::array();
    entities.push_back({{"$id", "4"},
                        {"ResourceId", resourceId},
                        {"ResourceType", "Key Vault"},
                        {"ResourceName", resourceName},
                        {"Metadata", {{"IsGraphCenter", true}}},
                        {"Asset", true},
                        {"Type", "azure-resource"}});
    entities.push_back({{"$id", "5"},
                        {"AadUserId", objectId},
                        {"IsDomainJoined", false},
                        {"IsValid", false},
                        {"Asset", true},
                        {"Type", "account"}});
    OJ ip = {{"$id", "6"}, {"Address", place.ip}};
    if (place.countryCode[0] != '\0') {
        ip["Location"] = {{"CountryCode", place.countryCode},
                          {"CountryName", place.country},
                          {"State", place.state},
                          {"City", place.city}};
    }
    ip["Asset"] = false;
    ip["Type"] = "ip";
    entities.push_back(ip);
    j["Entities"] = entities;
    j["ExtendedLinks"] = nullptr;
    j["RemediationSteps"] = {
        "Please review your activity logs to determine if the access attempts that triggered this alert were "
        "legitimate. If you are concerned that these access attempts may not have been legitimate, please contact your "
        "security administrator and disable access policies to the user or application and rotate the secrets, keys, "
        "and passwords stored in this key vault."};
    extended["EffectiveAzureResourceId"] = resourceId;
    extended["CompromisedEntity"] = resourceName;
    extended["ProductComponentName"] = "KeyVault";
    extended["EffectiveSubscriptionId"] = subscription;
    j["ExtendedProperties"] = extended;
    j["ResourceIdentifiers"] = OJ::array(
        {{{"$id", "2"}, {"AzureResourceId", resourceId}, {"Type", "AzureResource"}, {"AzureResourceTenantId", tenant}},
         {{"$id", "3"}, {"AadTenantId", tenant}, {"Type", "AAD"}}});
    j["AlertUri"] =
        "https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade/alertId/" + alertId +
        "/subscriptionId/" + subscription + "/resourceGroup/" + resourceGroup +
        "/referencedFrom/alertDeepLink/location/westeurope";
    return j;
}

} // namespace

Result<std::vector<std::string>> DemoAlertsWriter::write(const std::filesystem::path& root,
                                                         const std::vector<DemoIncident>& incidents,
                                                         Timestamp periodStart) const
{
    DemoRandom rng = DemoRandom::stream(m_seed, 11);
    std::vector<std::string> written;
    int n = 0;
    for (const auto& inc : incidents) {
        const AlertText* text = textFor(inc.defenderAlertType);
        if (text == nullptr || inc.eventCount == 0 || inc.resourceIds.empty()) {
            continue;
        }
        // The alert names the first vault the incident touched.
        const DemoResource* res = nullptr;
        for (const auto& r : m_world.resources()) {
            if (r.resourceId == *inc.resourceIds.begin()) {
                res = &r;
            }
        }
        if (res == nullptr) {
            continue;
        }
        Place place = kPlaces[0];
        for (const auto& p : kPlaces) {
            if (inc.actorIp == p.ip) {
                place = p;
            }
        }
        const std::string appId = inc.actorAppId.empty() && !inc.appIds.empty() ? *inc.appIds.begin() : inc.actorAppId;
        std::string signature = "OK";
        if (!inc.statuses.empty() && inc.statuses.rbegin()->first == 403 && inc.statuses.size() <= 2) {
            signature = "Forbidden";
        }
        std::string target = res->baseUri + "/";
        OJ extended;
        extended["resourceType"] = "Key Vault";
        extended["End Time UTC"] = mdyTime(inc.end);
        extended["All vault operations in last 24 hours"] = opsList(inc.operations);
        extended["Suspicious Operations"] = opsList(inc.operations);
        extended["Attacker IP Address"] = inc.actorIp;
        extended["Attacker Object ID"] = inc.actorObjectId;
        extended["Application ID"] = appId;
        extended["Result Signature"] = signature;
        extended["Start Time UTC"] = mdyTime(inc.start);
        extended["Client Information"] = inc.clientInfos.empty() ? std::string() : *inc.clientInfos.rbegin();
        extended["Alert Reasons"] = std::string(text->reasons) +
                                    " Note: related application(appid), user(objid), IP and operations are included "
                                    "in appid, objid, callerIpAddress and suspiciousOperations entries, respectively";
        extended["Target"] = target;
        const std::string id = rng.guid();
        OJ j = alert(text->type, text->displayName, text->severity, text->intent, text->description, inc.start, inc.end,
                     id, alertResourceId(*res), res->name, res->subscription, res->resourceGroup, m_world.tenantId(),
                     inc.actorObjectId, place, extended);
        char name[96];
        std::snprintf(name, sizeof name, "defender-alerts/%02d-%s.json", ++n, text->type);
        Status s = DemoOutputFile::writeAll(root / name, j.dump(4) + "\n");
        if (!s) {
            return s.error();
        }
        written.emplace_back(name);
    }

    // A Defender "sample alert" (portal button): SIMULATED_ type, [SAMPLE ALERT] name, placeholder entities, for a
    // vault that has no logs in the bundle.
    const std::string sub = "11111111-1111-1111-1111-111111111111";
    const std::string rid =
        "/SUBSCRIPTIONS/" + sub + "/RESOURCEGROUPS/Sample-RG/providers/microsoft.keyvault/vaults/Sample-KV";
    const Timestamp when = periodStart + 3 * Timestamp::TicksPerDay + 10 * Timestamp::TicksPerHour +
                           44 * Timestamp::TicksPerMinute + 5893535;
    OJ extended;
    extended["resourceType"] = "Key Vault";
    extended["End Time UTC"] = mdyTime(when);
    extended["All vault operations in last 24 hours"] = "[Authentication:1, SecretGet:3, VaultGet:1, SecretList:5]";
    extended["Suspicious Operations"] = "[SecretGet:3, SecretList:5]";
    extended["Attacker IP Address"] = "00.00.00.00";
    extended["Attacker Object ID"] = "00000000-0000-0000-0000-000000000000";
    extended["Application ID"] = "00000000-0000-0000-0000-000000000000";
    extended["Result Signature"] = "OK";
    extended["Start Time UTC"] = mdyTime(when);
    extended["Client Information"] = "FxVersion/4.8.4075.0 OSName/Windows10Enterprise OSVersion/6.3.18363 "
                                     "Microsoft.Azure.KeyVault.KeyVaultClient/3.0.0.1";
    extended["Alert Reasons"] = "[The user(objid) does not usually access this vault]";
    extended["Target"] = "https://sample.vault.azure.net/secrets/sample";
    const Place placeholder{"00.00.00.00", "US", "United States", "Virginia", "Washington"};
    OJ j = alert("SIMULATED_KV_ListGetAnomaly", "[SAMPLE ALERT] Suspicious secret listing and query in a Key Vault",
                 "Medium", "Unknown",
                 "THIS IS A SAMPLE ALERT: While may be benign it could also indicate that a Secret List operation was "
                 "followed by numerous Secret Get operations.",
                 when, when, rng.guid(), rid, "Sample-KV", sub, "Sample-RG", "tenant",
                 "00000000-0000-0000-0000-000000000000", placeholder, extended);
    char name[96];
    std::snprintf(name, sizeof name, "defender-alerts/%02d-SIMULATED_KV_ListGetAnomaly.json", ++n);
    Status s = DemoOutputFile::writeAll(root / name, j.dump(4) + "\n");
    if (!s) {
        return s.error();
    }
    written.emplace_back(name);
    return written;
}

} // namespace kvw::core
