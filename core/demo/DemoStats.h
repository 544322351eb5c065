#pragma once

#include "core/demo/DemoIncident.h"
#include "core/demo/DemoRecordSink.h"

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace kvw::core {

class DemoWorld;

// Watches the record stream: totals for the summary, the observed side of each incident (times, counts,
// operations) and the benign traffic's closeness to the detection thresholds, so incidents.json states what the
// data really contains.
class DemoStats : public DemoRecordSink
{
public:
    DemoStats(const DemoWorld& world, Timestamp start, int days, std::vector<DemoIncident>& incidents);

    Status write(const DemoRecord& record) override;
    Status finish() override { return {}; }

    std::uint64_t total() const { return m_total; }
    const std::map<std::string, std::uint64_t>& perResource() const { return m_perResource; }
    const std::map<std::string, std::map<std::string, std::uint64_t>>& perResourceOperation() const
    {
        return m_perResourceOp;
    }

    // Benign identities that cross a detection rule (Sentinel mass retrieval per day, Elastic per UPN-minute).
    nlohmann::json benignFindings() const;
    // Highest daily Get count (SecretGet/KeyGet/VaultGet) per benign identity and vault, for picking thresholds.
    nlohmann::json benignMaxDailyGets() const;
    nlohmann::json dailyCounts() const;
    nlohmann::json hourOfDayCounts() const;

private:
    struct IdentityDay
    {
        std::uint64_t gets = 0; // SecretGet, KeyGet, VaultGet (allow-listed VaultGets excluded)
        std::map<std::string, std::set<std::uint64_t>> distinctUris;
        std::map<std::string, std::uint64_t> perVaultGets;
    };

    const DemoWorld& m_world;
    Timestamp m_start;
    int m_days;
    std::vector<DemoIncident>& m_incidents;
    std::uint64_t m_total = 0;
    std::map<std::string, std::uint64_t> m_perResource;
    std::map<std::string, std::map<std::string, std::uint64_t>> m_perResourceOp;
    std::vector<std::vector<std::uint64_t>> m_perResourceDay;
    std::array<std::uint64_t, 24> m_perHour{};
    std::vector<std::vector<IdentityDay>> m_identityDays;                                // [identity][day]
    std::map<std::pair<int, std::int64_t>, std::pair<int, std::uint32_t>> m_userMinutes; // count, op mask
};

} // namespace kvw::core
