#include "core/demo/DemoStats.h"

#include "core/demo/DemoTime.h"
#include "core/demo/DemoWorld.h"

#include <algorithm>
#include <string_view>

namespace kvw::core {
namespace {

// The read operations of Elastic's "Excessive Secret or Key Retrieval" rule (detections.md §2).
constexpr std::string_view kElasticReads[] = {"VaultGet",
                                              "KeyGet",
                                              "KeyList",
                                              "KeyListVersions",
                                              "KeyGetDeleted",
                                              "KeyListDeleted",
                                              "SecretGet",
                                              "SecretList",
                                              "SecretListVersions",
                                              "SecretGetDeleted",
                                              "SecretListDeleted",
                                              "CertificateGet",
                                              "CertificateList",
                                              "CertificateListVersions",
                                              "CertificateGetDeleted",
                                              "CertificateListDeleted",
                                              "CertificatePolicyGet",
                                              "CertificateContactsGet",
                                              "CertificateIssuerGet",
                                              "CertificateIssuersList"};

std::uint64_t fnv1a(std::string_view s)
{
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h = (h ^ c) * 1099511628211ULL;
    }
    return h;
}

bool isMassRetrievalOp(const std::string& op)
{
    return op == "SecretGet" || op == "KeyGet" || op == "VaultGet";
}

} // namespace

DemoStats::DemoStats(const DemoWorld& world, Timestamp start, int days, std::vector<DemoIncident>& incidents)
    : m_world(world), m_start(start), m_days(days), m_incidents(incidents),
      m_perResourceDay(world.resources().size(), std::vector<std::uint64_t>(static_cast<std::size_t>(days) + 1, 0)),
      m_identityDays(world.identities().size(), std::vector<IdentityDay>(static_cast<std::size_t>(days) + 1))
{
}

Status DemoStats::write(const DemoRecord& r)
{
    ++m_total;
    const std::string& vault = r.resource->name;
    ++m_perResource[vault];
    ++m_perResourceOp[vault][r.operationName];
    const std::int64_t day = std::clamp<std::int64_t>(DemoTime::dayIndex(r.time, m_start), 0, m_days);
    ++m_perResourceDay[static_cast<std::size_t>(r.resource->index)][static_cast<std::size_t>(day)];
    ++m_perHour[static_cast<std::size_t>(DemoTime::civil(r.time).hour)];

    if (r.incident >= 0) {
        DemoIncident& inc = m_incidents[static_cast<std::size_t>(r.incident)];
        if (inc.eventCount == 0 || r.time < inc.start) {
            inc.start = r.time;
        }
        if (inc.eventCount == 0 || inc.end < r.time) {
            inc.end = r.time;
        }
        ++inc.eventCount;
        ++inc.operations[r.operationName];
        ++inc.statuses[r.httpStatusCode];
        inc.vaults.insert(vault);
        inc.resourceIds.insert(r.resource->resourceId);
        // Times in the manifest come from the records as written (the writer may nudge a time by a millisecond).
        if (r.addedAccessPolicy) {
            inc.details["policy_added"] = DemoTime::iso7(r.time);
        }
        if (r.removedAccessPolicy) {
            inc.details["policy_removed"] = DemoTime::iso7(r.time);
        }
        if (!r.identityEmpty) {
            inc.clientInfos.insert(r.clientInfo);
            inc.appIds.insert(r.claim("appid"));
        }
        return {};
    }
    if (r.identityIndex < 0) {
        return {};
    }
    const DemoIdentity& who = m_world.identity(r.identityIndex);
    if (isMassRetrievalOp(r.operationName)) {
        const bool allowListed = r.operationName == "VaultGet" && (who.appId == DemoWorld::ResourceGraphAppId ||
                                                                   who.appId == DemoWorld::PolicyInsightsAppId);
        if (!allowListed) {
            IdentityDay& d = m_identityDays[static_cast<std::size_t>(r.identityIndex)][static_cast<std::size_t>(day)];
            ++d.gets;
            ++d.perVaultGets[vault];
            d.distinctUris[r.operationName].insert(fnv1a(r.requestUri));
        }
    }
    if (who.kind == DemoIdentityKind::User) {
        for (std::size_t i = 0; i < std::size(kElasticReads); ++i) {
            if (kElasticReads[i] == r.operationName) {
                auto& [count, mask] = m_userMinutes[{r.identityIndex, r.time.ticks() / Timestamp::TicksPerMinute}];
                ++count;
                mask |= 1U << i;
                break;
            }
        }
    }
    return {};
}

nlohmann::json DemoStats::benignFindings() const
{
    nlohmann::json findings = nlohmann::json::array();
    for (std::size_t id = 0; id < m_identityDays.size(); ++id) {
        const DemoIdentity& who = m_world.identity(static_cast<int>(id));
        std::vector<std::string> days;
        std::set<std::string> vaults;
        std::uint64_t maxDistinct = 0;
        std::uint64_t maxGets = 0;
        for (std::size_t d = 0; d < m_identityDays[id].size(); ++d) {
            const IdentityDay& day = m_identityDays[id][d];
            std::uint64_t distinct = 0;
            for (const auto& [op, uris] : day.distinctUris) {
                distinct = std::max<std::uint64_t>(distinct, uris.size());
            }
            // Sentinel "Mass secret retrieval" v1.0.7: > 10 distinct URIs for one operation, then > 50 Get events.
            if (distinct > 10 && day.gets > 50) {
                days.push_back(DemoTime::date(m_start + static_cast<std::int64_t>(d) * Timestamp::TicksPerDay));
                for (const auto& [v, n] : day.perVaultGets) {
                    vaults.insert(v);
                }
                maxDistinct = std::max(maxDistinct, distinct);
                maxGets = std::max(maxGets, day.gets);
            }
        }
        if (!days.empty()) {
            std::string why = "benign heavy reader";
            if (static_cast<int>(id) == DemoWorld::SecretsCsi) {
                why = "the Secrets Store CSI driver re-reads every mounted certificate (14 distinct secrets) every "
                      "two hours; expected, allow-list it";
            }
            findings.push_back({{"rule", "sentinel:mass_secret_retrieval"},
                                {"identity", who.label},
                                {"kind", toString(who.kind)},
                                {"object_id", who.objectId},
                                {"app_id", who.appId},
                                {"ips", who.ips},
                                {"vaults", std::vector<std::string>(vaults.begin(), vaults.end())},
                                {"days", days},
                                {"max_distinct_request_uris", maxDistinct},
                                {"max_daily_get_events", maxGets},
                                {"why", why}});
        }
    }
    // Elastic: >= 10 reads and >= 2 distinct actions by one UPN in a minute.
    std::map<int, std::vector<std::string>> elastic;
    for (const auto& [key, value] : m_userMinutes) {
        const auto& [count, mask] = value;
        if (count >= 10 && (mask & (mask - 1)) != 0) {
            elastic[key.first].push_back(
                DemoTime::isoSeconds(Timestamp::fromTicks(key.second * Timestamp::TicksPerMinute)));
        }
    }
    for (const auto& [id, minutes] : elastic) {
        const DemoIdentity& who = m_world.identity(id);
        findings.push_back({{"rule", "elastic:excessive_secret_or_key_retrieval"},
                            {"identity", who.label},
                            {"upn", who.upn},
                            {"minutes", minutes}});
    }
    return findings;
}

nlohmann::json DemoStats::benignMaxDailyGets() const
{
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t id = 0; id < m_identityDays.size(); ++id) {
        std::map<std::string, std::uint64_t> maxPerVault;
        std::uint64_t maxDistinct = 0;
        for (const auto& day : m_identityDays[id]) {
            for (const auto& [v, n] : day.perVaultGets) {
                maxPerVault[v] = std::max(maxPerVault[v], n);
            }
            for (const auto& [op, uris] : day.distinctUris) {
                maxDistinct = std::max<std::uint64_t>(maxDistinct, uris.size());
            }
        }
        if (maxPerVault.empty()) {
            continue;
        }
        const DemoIdentity& who = m_world.identity(static_cast<int>(id));
        out.push_back({{"identity", who.label},
                       {"object_id", who.objectId},
                       {"max_daily_get_events_per_vault", maxPerVault},
                       {"max_daily_distinct_request_uris", maxDistinct}});
    }
    return out;
}

nlohmann::json DemoStats::dailyCounts() const
{
    nlohmann::json out = nlohmann::json::object();
    for (const auto& res : m_world.resources()) {
        const auto& days = m_perResourceDay[static_cast<std::size_t>(res.index)];
        // The last slot only holds late records past the end; fold it into the last day.
        std::vector<std::uint64_t> v(days.begin(), days.begin() + m_days);
        v.back() += days.back();
        out[res.name] = v;
    }
    return out;
}

nlohmann::json DemoStats::hourOfDayCounts() const
{
    return std::vector<std::uint64_t>(m_perHour.begin(), m_perHour.end());
}

} // namespace kvw::core
