#pragma once

#include "core/demo/DemoIncidentPlan.h"
#include "core/demo/DemoOperation.h"
#include "core/demo/DemoOptions.h"
#include "core/demo/DemoRandom.h"
#include "core/demo/DemoRecordFactory.h"
#include "core/demo/DemoWorld.h"

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kvw::core {

// A scheduled request, small enough that an hour of a 10-million-record corpus fits in a few megabytes. Either a
// background request (rendered on demand by DemoTraffic) or a reference to a prebuilt incident record.
struct DemoEvent
{
    std::int64_t ticks = 0;
    std::uint64_t seq = 0;      // tie-breaker: (ticks, seq) is a total order, so sorting is deterministic
    std::int32_t prebuilt = -1; // index into DemoIncidentPlan::records(), -1 for background
    std::int16_t object = -1;   // >= 0 object index; -1 none; <= -2 missing name (-2 - k)
    std::uint16_t status = 0;   // 0: the operation's success status
    std::int8_t incident = -1;
    std::uint8_t who = 0;
    std::uint8_t resource = 0;
    std::uint8_t client = 0;
    std::uint8_t ip = 0;
    DemoOp op = DemoOp::SecretGet;
    DemoOp challengedOp = DemoOp::SecretGet;
};

// Benign background traffic: applications and managed identities with a diurnal rhythm, admins in office hours,
// Azure Resource Graph and Policy Insights scans, the Secrets Store CSI poller, SDK 401 challenges, rare 404 /
// 429 / 5xx, plus the volume-spike incident (which is background-shaped). Volume scales with --events; identities
// that would look like an attack at any scale (users) stay capped.
class DemoTraffic
{
public:
    DemoTraffic(const DemoWorld& world, const DemoOptions& options, const DemoIncidentPlan& plan);

    // Requests of steady actors within one hour (index from the period start), appended to `out`.
    void hour(int hourIndex, std::vector<DemoEvent>& out);
    // Admin sessions and periodic scans of one day, appended to `out` (they are consumed hour by hour).
    void day(int dayIndex, std::vector<DemoEvent>& out);

    void render(const DemoEvent& e, DemoRandom& rng, DemoRecord& out) const;

    // The background cast and volumes, for the manifest.
    nlohmann::json describe() const;

private:
    using Curve = std::array<double, 24>;
    struct OpChoice
    {
        DemoOp op;
        double weight;
        std::vector<std::string> objects;
    };
    struct Actor
    {
        int who = 0;
        int resource = 0;
        int client = 0;
        const Curve* curve = nullptr;
        double weekendFactor = 1.0;
        double share = 0.0; // of the application volume
        std::vector<OpChoice> ops;
        std::vector<double> weights;
        std::vector<std::vector<int>> objectIndexes;
        int missing = -1; // missing-name index used for 404s
        double p404 = 0.0;
        double p429 = 0.0;
        int onlyDay = -1;
        int incident = -1;
        int ip = -1;           // fixed address index, -1: any of the identity's
        double expected = 0.0; // events over the period
        double weightSum = 0.0;
    };
    struct UserProfile
    {
        int who = 0;
        std::vector<std::pair<int, double>> vaults;
        std::vector<std::pair<int, double>> clients;
        double sessionsPerWeekday = 1.0;
        std::vector<std::pair<DemoOp, double>> menu;
        std::vector<std::string> onlySecrets; // restrict reads to these names (empty: any)
        int deniedResource = -1;              // data-plane requests there are denied (no data role)
    };
    struct Poller
    {
        int who = 0;
        int resource = 0;
        int client = 0;
        std::vector<DemoOp> burst;
        std::vector<int> objects;  // for SecretGet bursts
        std::int64_t interval = 0; // ticks
        std::int64_t next = 0;
    };

    void buildActors();
    void buildUsers();
    void buildPollers();
    void computeVolumes();
    double hourWeight(const Actor& a, int hourIndex) const;
    bool vaultAlive(int resource, std::int64_t ticks) const;
    int objectIndex(int resource, DemoObjectKind kind, const std::string& name) const;
    void session(const UserProfile& u, std::int64_t startTicks, std::vector<DemoEvent>& out);

    const DemoWorld& m_world;
    DemoOptions m_options;
    const DemoIncidentPlan& m_plan;
    DemoRandom m_rng;
    DemoRecordFactory m_factory;
    std::vector<Actor> m_actors;
    std::vector<UserProfile> m_users;
    std::vector<Poller> m_pollers;
    double m_fixedScale = 1.0; // users, scans and challenges: min(1, events / default)
    double m_appVolume = 0.0;  // expected application events over the period
    double m_fixedExpected = 0.0;
    Curve m_app{};
    Curve m_flat{};
    Curve m_office{};
    Curve m_nightly{};
    Curve m_spike{};
};

} // namespace kvw::core
