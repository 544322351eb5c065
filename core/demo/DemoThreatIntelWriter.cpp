#include "core/demo/DemoThreatIntelWriter.h"

#include "core/demo/DemoCsv.h"
#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoRandom.h"
#include "core/demo/DemoTime.h"
#include "core/demo/DemoWorld.h"

#include <algorithm>
#include <cctype>

namespace kvw::core {
namespace {

std::string spaced(Timestamp t)
{
    std::string s = DemoTime::isoSeconds(t); // 2026-11-10T10:00:00Z
    s[10] = ' ';
    s.pop_back();
    return s;
}

} // namespace

Result<std::vector<std::string>> DemoThreatIntelWriter::write(const std::filesystem::path& root, Timestamp periodStart,
                                                              int days) const
{
    DemoRandom rng = DemoRandom::stream(m_seed, 13);
    const Timestamp end = periodStart + static_cast<std::int64_t>(days) * Timestamp::TicksPerDay;

    // Tor: the list as downloaded on the last day of the period.
    std::string tor;
    const Timestamp published = end - 14 * Timestamp::TicksPerHour;
    for (const auto& ip : m_world.torExitIps()) {
        std::string fp = rng.hex(40);
        std::transform(fp.begin(), fp.end(), fp.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        const Timestamp pub = published - static_cast<std::int64_t>(rng.below(20 * 3600)) * Timestamp::TicksPerSecond;
        const Timestamp status = pub + static_cast<std::int64_t>(rng.between(600, 3600)) * Timestamp::TicksPerSecond;
        const Timestamp seen = status + static_cast<std::int64_t>(rng.between(60, 1800)) * Timestamp::TicksPerSecond;
        tor += "ExitNode " + fp + "\nPublished " + spaced(pub) + "\nLastStatus " + spaced(status) + "\nExitAddress " +
               ip + " " + spaced(seen) + "\n";
    }
    Status s = DemoOutputFile::writeAll(root / TorPath, tor);
    if (!s) {
        return s.error();
    }

    static const char* kThreats[] = {"botnet", "c2", "scanner", "credential-theft", "aitm-phishing-proxy"};
    std::string csv = "indicator,type,threat_type,confidence,first_seen,valid_until,source,description\r\n";
    const std::string firstSeenBase = DemoTime::isoSeconds(periodStart - 20 * Timestamp::TicksPerDay);
    const std::string validUntil = DemoTime::isoSeconds(end + 60 * Timestamp::TicksPerDay);
    bool first = true;
    for (const auto& ip : m_world.threatIntelIps()) {
        // The incident address comes first, labelled like an AiTM proxy feed entry.
        const char* threat = first ? "aitm-phishing-proxy" : kThreats[rng.below(4)];
        const int confidence = first ? 90 : static_cast<int>(rng.between(55, 95));
        const Timestamp seen = periodStart - static_cast<std::int64_t>(rng.between(3, 40)) * Timestamp::TicksPerDay;
        csv += ip + ",ipv4-addr," + threat + "," + std::to_string(confidence) + "," + DemoTime::isoSeconds(seen) + "," +
               validUntil + ",Contoso CTI,";
        DemoCsv::appendCell(csv, first ? "Adversary-in-the-middle proxy, session token replay"
                                       : "Observed in campaign, "
                                         "see feed");
        csv += "\r\n";
        first = false;
    }
    // A non-IP indicator: readers that only match addresses must skip it.
    csv += "login-microsoftonline-secure.example,domain-name,credential-theft,80," + firstSeenBase + "," + validUntil +
           ",Contoso CTI,\"Phishing domain, Entra sign-in lure\"\r\n";
    s = DemoOutputFile::writeAll(root / IndicatorsPath, csv);
    if (!s) {
        return s.error();
    }
    return std::vector<std::string>{TorPath, IndicatorsPath};
}

} // namespace kvw::core
