#include "core/demo/DemoTraffic.h"

#include "core/demo/DemoTime.h"

#include <algorithm>

namespace kvw::core {
namespace {

constexpr std::int64_t kSecond = Timestamp::TicksPerSecond;
constexpr std::int64_t kHour = Timestamp::TicksPerHour;
constexpr std::int64_t kDay = Timestamp::TicksPerDay;

// Names requested although they do not exist (404s). Index k is encoded as object = -2 - k.
constexpr const char* kMissing[] = {"feature-flags-override",
                                    "checkout-feature-flags",
                                    "old-build-secret",
                                    "db-password-old",
                                    "apikey",
                                    "test-secret",
                                    "kek-v1",
                                    "old-signing-key"};
constexpr int kMissingCount = 8;

bool weekend(Timestamp t)
{
    const int wd = DemoTime::weekday(t);
    return wd == 0 || wd == 6;
}

bool isRead(DemoOp op)
{
    return op == DemoOp::SecretGet || op == DemoOp::KeyGet || op == DemoOp::CertificateGet;
}

} // namespace

DemoTraffic::DemoTraffic(const DemoWorld& world, const DemoOptions& options, const DemoIncidentPlan& plan)
    : m_world(world), m_options(options), m_plan(plan), m_rng(DemoRandom::stream(options.seed, 3)), m_factory(world)
{
    // Hourly shapes (UTC; the organisation works on European hours).
    m_app = {0.35, 0.30, 0.28, 0.27, 0.28, 0.32, 0.42, 0.58, 0.78, 0.92, 0.98, 1.00,
             0.97, 0.95, 0.98, 1.00, 0.96, 0.88, 0.78, 0.70, 0.62, 0.54, 0.46, 0.40};
    m_office = {0.04, 0.03, 0.03, 0.03, 0.04, 0.08, 0.20, 0.50, 0.85, 1.00, 1.00, 0.95,
                0.80, 0.95, 1.00, 1.00, 0.90, 0.70, 0.40, 0.20, 0.12, 0.08, 0.06, 0.05};
    for (std::size_t h = 0; h < 24; ++h) {
        m_flat[h] = 0.8 + 0.2 * m_app[h];
        m_nightly[h] = (h >= 1 && h <= 4) ? 1.0 : (h == 0 || h == 5) ? 0.3 : 0.04;
        m_spike[h] = (h >= 8 && h <= 15) ? 1.0 : h == 16 ? 0.5 : 0.0;
    }
    m_fixedScale = std::min(1.0, static_cast<double>(options.events) / static_cast<double>(DemoOptions::DefaultEvents));
    buildActors();
    buildUsers();
    buildPollers();
    computeVolumes();
}

int DemoTraffic::objectIndex(int resource, DemoObjectKind kind, const std::string& name) const
{
    const auto& list = m_world.resource(resource).objects(kind);
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (list[i].name == name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

void DemoTraffic::buildActors()
{
    using W = DemoWorld;
    using O = DemoOp;
    auto actor = [&](int who, int resource, int client, const Curve* curve, double weekendFactor, double share,
                     std::vector<OpChoice> ops) {
        Actor a;
        a.who = who;
        a.resource = resource;
        a.client = client;
        a.curve = curve;
        a.weekendFactor = weekendFactor;
        a.share = share;
        a.ops = std::move(ops);
        for (const auto& c : a.ops) {
            a.weights.push_back(c.weight);
            std::vector<int> idx;
            for (const auto& name : c.objects) {
                const int i = objectIndex(resource, DemoOperation::of(c.op).kind, name);
                if (i >= 0) {
                    idx.push_back(i);
                }
            }
            a.objectIndexes.push_back(std::move(idx));
        }
        a.p429 = 0.0002;
        m_actors.push_back(std::move(a));
        return static_cast<int>(m_actors.size()) - 1;
    };
    const std::vector<std::string> paySecrets = {"payments-db-conn", "psp-api-key", "jwt-signing-secret",
                                                 "redis-password"};
    int i = actor(W::PaymentsApi, W::PayProd, W::DotnetSdk, &m_app, 0.75, 0.26,
                  {{O::SecretGet, 55, paySecrets},
                   {O::KeyUnwrap, 25, {"payments-kek"}},
                   {O::KeySign, 12, {"payments-jws-signing"}},
                   {O::KeyGet, 6, {"payments-kek", "payments-jws-signing"}},
                   {O::KeyVerify, 2, {"payments-jws-signing"}}});
    m_actors[static_cast<std::size_t>(i)].missing = 0;
    m_actors[static_cast<std::size_t>(i)].p404 = 0.002;
    m_actors[static_cast<std::size_t>(i)].p429 = 0.0004;

    i = actor(W::CheckoutWeb, W::AppSecrets, W::PythonSdk, &m_app, 0.7, 0.12,
              {{O::SecretGet,
                1,
                {"checkout-db-password", "checkout-api-key", "checkout-redis-key", "checkout-jwt-secret",
                 "checkout-storage-key", "checkout-sb-connection"}}});
    m_actors[static_cast<std::size_t>(i)].missing = 1;
    m_actors[static_cast<std::size_t>(i)].p404 = 0.003;

    actor(W::OrdersWorker, W::AppSecrets, W::JavaSdk, &m_app, 0.8, 0.12,
          {{O::SecretGet,
            1,
            {"orders-db-password", "orders-sb-connection", "orders-redis-key", "orders-api-key", "shipping-api-key"}}});

    actor(W::IdentitySts, W::IdentityProd, W::DotnetSdk, &m_app, 0.5, 0.10,
          {{O::KeySign, 45, {"sts-signing"}},
           {O::CertificateGet, 20, {"sts-signing", "sts-encryption", "sts-tls"}},
           {O::SecretGet, 25, {"sts-signing", "sts-encryption", "sts-tls"}},
           {O::KeyDecrypt, 10, {"sts-encryption"}}});

    actor(W::StorageCmk, W::CmkProd, W::StorageRp, &m_flat, 1.0, 0.08,
          {{O::KeyWrap, 40, {"cmk-stpaymentsprod"}},
           {O::KeyUnwrap, 50, {"cmk-stpaymentsprod"}},
           {O::KeyGet, 10, {"cmk-stpaymentsprod"}}});

    actor(W::SqlTde, W::CmkProd, W::SqlRp, &m_flat, 1.0, 0.07,
          {{O::KeyUnwrap, 60, {"tde-sql-payments-prod"}},
           {O::KeyWrap, 20, {"tde-sql-payments-prod"}},
           {O::KeyGet, 20, {"tde-sql-payments-prod"}}});

    i = actor(W::DevPipeline, W::DevShared, W::AzureCli, &m_office, 0.15, 0.07,
              {{O::SecretGet,
                90,
                {"dev-db-password", "dev-api-key", "dev-storage-key", "dev-sb-connection", "dev-redis-key",
                 "acr-pull-token", "nuget-feed-pat", "sonar-token"}},
               {O::SecretList, 10, {}}});
    m_actors[static_cast<std::size_t>(i)].missing = 2;
    m_actors[static_cast<std::size_t>(i)].p404 = 0.005;

    actor(W::DataEtl, W::DataTest, W::PythonSdk, &m_nightly, 1.0, 0.05,
          {{O::SecretGet, 80, {"etl-sql-password", "etl-storage-key", "etl-adls-sas", "etl-api-token"}},
           {O::KeyDecrypt, 20, {"etl-column-key"}}});

    actor(W::LegacyBatch, W::LegacyTst, W::LegacySdk, &m_office, 0.2, 0.01,
          {{O::SecretGet, 1, {"legacy-ftp-password", "legacy-db-password"}}});

    actor(W::HsmSigner, W::Hsm, W::JavaSdk, &m_app, 0.8, 0.12,
          {{O::KeySign, 50, {"pay-token-signing", "pay-3ds-signing", "pay-settlement-signing"}},
           {O::KeyVerify, 15, {"pay-token-signing", "pay-3ds-signing", "pay-settlement-signing"}},
           {O::KeyUnwrap, 20, {"pay-pin-kek", "pay-card-dek-wrap"}},
           {O::KeyWrap, 10, {"pay-card-dek-wrap"}},
           {O::KeyGet, 5, {"pay-pin-kek", "pay-token-signing"}}});

    // The volume-spike incident: one payments pod in a retry loop on two secrets, throttled part of the time.
    i = actor(W::PaymentsApi, W::PayProd, W::DotnetSdk, &m_spike, 1.0, 0.0,
              {{O::SecretGet, 1, {"payments-db-conn", "redis-password"}}});
    Actor& spike = m_actors[static_cast<std::size_t>(i)];
    spike.onlyDay = m_plan.spikeDay();
    spike.incident = m_plan.spikeIncident();
    spike.p429 = 0.06;
    const auto& ips = m_world.identity(W::PaymentsApi).ips;
    spike.ip = static_cast<int>(std::find(ips.begin(), ips.end(), DemoIncidentPlan::SpikeIp) - ips.begin());
}

void DemoTraffic::buildUsers()
{
    using W = DemoWorld;
    using O = DemoOp;
    auto user = [&](int who, std::vector<std::pair<int, double>> vaults, std::vector<std::pair<int, double>> clients,
                    double sessions, std::vector<std::pair<DemoOp, double>> menu) {
        UserProfile u;
        u.who = who;
        u.vaults = std::move(vaults);
        u.clients = std::move(clients);
        u.sessionsPerWeekday = sessions;
        u.menu = std::move(menu);
        m_users.push_back(std::move(u));
        return &m_users.back();
    };
    user(W::Alice, {{W::PayProd, 3}, {W::AppSecrets, 2}, {W::CmkProd, 1}}, {{W::Portal, 3}, {W::AzureCli, 1}}, 1.6,
         {{O::VaultGet, 3},
          {O::SecretList, 3},
          {O::SecretGet, 3},
          {O::SecretListVersions, 1},
          {O::KeyList, 2},
          {O::KeyGet, 1},
          {O::SecretSet, 1},
          {O::KeyRotate, 0.2},
          {O::CertificateList, 1},
          {O::CertificateGet, 0.5},
          {O::VaultPatch, 0.1}});
    UserProfile* bob = user(W::Bob,
                            {{W::PayProd, 1},
                             {W::AppSecrets, 1},
                             {W::IdentityProd, 1},
                             {W::CmkProd, 1},
                             {W::DevShared, 1},
                             {W::DataTest, 1},
                             {W::Hsm, 1}},
                            {{W::Portal, 2}, {W::AzureCli, 1}}, 1.2,
                            {{O::VaultGet, 4},
                             {O::SecretList, 2},
                             {O::KeyList, 2},
                             {O::CertificateList, 1},
                             {O::KeyGet, 1},
                             {O::RoleAssignmentList, 0.5}});
    bob->deniedResource = W::CmkProd;
    user(W::Carol, {{W::DevShared, 4}, {W::DataTest, 1}}, {{W::AzureCli, 2}, {W::Portal, 2}}, 2.0,
         {{O::SecretGet, 3},
          {O::SecretList, 2},
          {O::SecretSet, 2},
          {O::SecretListVersions, 1},
          {O::KeyList, 1},
          {O::KeyGet, 0.5},
          {O::KeyCreate, 0.3},
          {O::CertificateList, 0.5},
          {O::CertificateCreate, 0.1}});
    user(W::Dan, {{W::DataTest, 1}}, {{W::AzureCli, 2}, {W::Portal, 1}}, 1.0,
         {{O::SecretGet, 3}, {O::SecretList, 2}, {O::SecretSet, 1}, {O::KeyList, 1}});
    user(W::Erin, {{W::Hsm, 3}, {W::PayProd, 1}}, {{W::AzurePowerShell, 2}, {W::AzureCli, 1}}, 0.7,
         {{O::KeyList, 2}, {O::KeyGet, 2}, {O::KeyCreate, 0.15}, {O::RoleAssignmentList, 1}});
    UserProfile* hannah =
        user(W::Hannah, {{W::AppSecrets, 1}}, {{W::Portal, 1}}, 0.6, {{O::SecretList, 2}, {O::SecretGet, 3}});
    hannah->onlySecrets = {"crm-api-key", "notify-smtp-password", "partner-api-key", "search-api-key"};
    user(W::Ivan, {{W::DevShared, 2}, {W::DataTest, 1}, {W::LegacyTst, 1}, {W::PayProd, 1}},
         {{W::AzurePowerShell, 2}, {W::Portal, 1}}, 0.8,
         {{O::VaultGet, 3}, {O::SecretList, 2}, {O::KeyList, 1}, {O::SecretGet, 1}, {O::VaultPatch, 0.15}});
}

void DemoTraffic::buildPollers()
{
    using W = DemoWorld;
    const double f = m_fixedScale;
    for (int r = 0; r < W::ResourceCount; ++r) {
        if (m_world.resource(r).hsm) {
            continue;
        }
        Poller arg;
        arg.who = W::ResourceGraph;
        arg.resource = r;
        arg.client = W::ArgIngestion;
        arg.burst = {DemoOp::VaultGet};
        arg.interval = static_cast<std::int64_t>(2.0 * kHour / f);
        m_pollers.push_back(arg);

        Poller policy;
        policy.who = W::PolicyInsights;
        policy.resource = r;
        policy.client = W::PolicyDataPlane;
        policy.burst = {DemoOp::SecretList, DemoOp::KeyList, DemoOp::CertificateList};
        policy.interval = static_cast<std::int64_t>(6.0 * kHour / f);
        m_pollers.push_back(policy);
    }
    // The Secrets Store CSI driver re-reads every mounted certificate every two hours: a realistic benign
    // "many distinct secrets" reader (listed in the manifest's benign_expected_findings when it crosses a rule).
    Poller csi;
    csi.who = W::SecretsCsi;
    csi.resource = W::IdentityProd;
    csi.client = W::GoSdk;
    const auto& secrets = m_world.resource(W::IdentityProd).secrets;
    for (std::size_t i = 0; i < secrets.size(); ++i) {
        if (secrets[i].name.rfind("ingress-tls-", 0) == 0) {
            csi.burst.push_back(DemoOp::SecretGet);
            csi.objects.push_back(static_cast<int>(i));
        }
    }
    csi.interval = static_cast<std::int64_t>(2.0 * kHour / f);
    m_pollers.push_back(csi);
    for (auto& p : m_pollers) {
        p.next =
            m_options.start.ticks() + static_cast<std::int64_t>(m_rng.below(static_cast<std::uint64_t>(p.interval)));
    }
}

double DemoTraffic::hourWeight(const Actor& a, int hourIndex) const
{
    const Timestamp t = m_options.start + static_cast<std::int64_t>(hourIndex) * kHour;
    if (a.onlyDay >= 0 && hourIndex / 24 != a.onlyDay) {
        return 0.0;
    }
    const double w = (*a.curve)[static_cast<std::size_t>(hourIndex % 24)];
    return weekend(t) ? w * a.weekendFactor : w;
}

bool DemoTraffic::vaultAlive(int resource, std::int64_t ticks) const
{
    return ticks < m_world.resource(resource).deletedAtTicks;
}

void DemoTraffic::computeVolumes()
{
    const int hours = m_options.days * 24;
    const double f = m_fixedScale;
    // Expected fixed volume: sessions (about 6.5 requests each), scans, and SDK challenges.
    double fixed = 0.0;
    int weekdays = 0;
    for (int d = 0; d < m_options.days; ++d) {
        weekdays += weekend(m_options.start + static_cast<std::int64_t>(d) * kDay) ? 0 : 1;
    }
    for (const auto& u : m_users) {
        fixed += (u.sessionsPerWeekday * weekdays + 0.08 * (m_options.days - weekdays)) * f * 6.5;
    }
    for (const auto& p : m_pollers) {
        fixed +=
            static_cast<double>(hours) * kHour / static_cast<double>(p.interval) * static_cast<double>(p.burst.size());
    }
    for (auto& a : m_actors) {
        a.weightSum = 0.0;
        for (int h = 0; h < hours; ++h) {
            a.weightSum += hourWeight(a, h);
        }
        if (a.onlyDay < 0) {
            fixed += 0.3 * static_cast<double>(m_world.identity(a.who).ips.size()) * f * hours * 0.8;
        }
    }
    m_fixedExpected = fixed;
    const double incidents = static_cast<double>(m_plan.records().size());
    double payShare = 0.0;
    for (const auto& a : m_actors) {
        if (a.who == DemoWorld::PaymentsApi && a.onlyDay < 0) {
            payShare += a.share;
        }
    }
    const double target = static_cast<double>(m_options.events);
    const double denominator = 1.0 + DemoIncidentPlan::SpikeFactor * payShare / m_options.days;
    m_appVolume = std::max(0.3 * target, (target - fixed - incidents) / denominator);
    for (auto& a : m_actors) {
        if (a.onlyDay >= 0) {
            a.expected = DemoIncidentPlan::SpikeFactor * payShare * m_appVolume / m_options.days;
        } else {
            a.expected = a.share * m_appVolume;
        }
    }
}

void DemoTraffic::hour(int hourIndex, std::vector<DemoEvent>& out)
{
    const std::int64_t hourStart = m_options.start.ticks() + static_cast<std::int64_t>(hourIndex) * kHour;
    const double f = m_fixedScale;
    for (std::size_t ai = 0; ai < m_actors.size(); ++ai) {
        const Actor& a = m_actors[ai];
        const double w = hourWeight(a, hourIndex);
        if (w <= 0.0 || a.weightSum <= 0.0 || !vaultAlive(a.resource, hourStart)) {
            continue;
        }
        const DemoIdentity& who = m_world.identity(a.who);
        const std::uint64_t n = m_rng.count(a.expected * w / a.weightSum);
        for (std::uint64_t k = 0; k < n; ++k) {
            DemoEvent e;
            e.ticks = hourStart + static_cast<std::int64_t>(m_rng.below(static_cast<std::uint64_t>(kHour)));
            if (!vaultAlive(a.resource, e.ticks)) {
                continue;
            }
            const std::size_t c = m_rng.weighted(a.weights);
            const auto& objects = a.objectIndexes[c];
            e.op = a.ops[c].op;
            e.object = objects.empty() ? -1 : static_cast<std::int16_t>(objects[m_rng.below(objects.size())]);
            e.who = static_cast<std::uint8_t>(a.who);
            e.resource = static_cast<std::uint8_t>(a.resource);
            e.client = static_cast<std::uint8_t>(a.client);
            e.ip = static_cast<std::uint8_t>(a.ip >= 0 ? a.ip : static_cast<int>(m_rng.below(who.ips.size())));
            e.incident = static_cast<std::int8_t>(a.incident);
            if (a.missing >= 0 && isRead(e.op) && m_rng.chance(a.p404)) {
                e.object = static_cast<std::int16_t>(-2 - a.missing);
                e.status = 404;
            } else if (m_rng.chance(a.p429)) {
                e.status = 429;
            } else if (m_rng.chance(0.0001)) {
                e.status = m_rng.chance(0.7) ? 500 : 503;
            }
            out.push_back(e);
        }
        // SDK challenge: a fresh client first gets a 401 without a token (identity {}).
        if (a.onlyDay < 0) {
            const std::uint64_t challenges =
                m_rng.count(0.3 * static_cast<double>(who.ips.size()) * f * (0.5 + 0.5 * (*a.curve)[hourIndex % 24]));
            for (std::uint64_t k = 0; k < challenges; ++k) {
                DemoEvent e;
                e.ticks = hourStart + static_cast<std::int64_t>(m_rng.below(static_cast<std::uint64_t>(kHour)));
                if (!vaultAlive(a.resource, e.ticks)) {
                    continue;
                }
                const std::size_t c = m_rng.weighted(a.weights);
                const auto& objects = a.objectIndexes[c];
                e.op = DemoOp::Authentication;
                e.challengedOp = a.ops[c].op;
                e.object = objects.empty() ? -1 : static_cast<std::int16_t>(objects[m_rng.below(objects.size())]);
                e.status = 401;
                e.who = static_cast<std::uint8_t>(a.who);
                e.resource = static_cast<std::uint8_t>(a.resource);
                e.client = static_cast<std::uint8_t>(a.client);
                e.ip = static_cast<std::uint8_t>(m_rng.below(who.ips.size()));
                out.push_back(e);
            }
        }
    }
}

void DemoTraffic::day(int dayIndex, std::vector<DemoEvent>& out)
{
    const std::int64_t dayStart = m_options.start.ticks() + static_cast<std::int64_t>(dayIndex) * kDay;
    const std::int64_t dayEnd = dayStart + kDay;
    const bool isWeekend = weekend(Timestamp::fromTicks(dayStart));
    for (const auto& u : m_users) {
        const double mean = (isWeekend ? 0.08 : u.sessionsPerWeekday) * m_fixedScale;
        // At most three sessions a day keeps every admin far below the mass-retrieval thresholds.
        const std::uint64_t n = std::min<std::uint64_t>(3, m_rng.count(mean));
        std::vector<std::int64_t> starts;
        for (std::uint64_t k = 0; k < n; ++k) {
            // Office hours 07:00-17:30 UTC.
            starts.push_back(
                dayStart + 7 * kHour +
                static_cast<std::int64_t>(m_rng.below(static_cast<std::uint64_t>(10 * kHour + kHour / 2))));
        }
        std::sort(starts.begin(), starts.end());
        for (std::int64_t s : starts) {
            session(u, s, out);
        }
    }
    for (auto& p : m_pollers) {
        while (p.next < dayEnd) {
            std::int64_t t = p.next;
            const DemoIdentity& who = m_world.identity(p.who);
            const auto ip = static_cast<std::uint8_t>(m_rng.below(who.ips.size()));
            for (std::size_t k = 0; k < p.burst.size(); ++k) {
                if (!vaultAlive(p.resource, t)) {
                    break;
                }
                DemoEvent e;
                e.ticks = t;
                e.op = p.burst[k];
                e.object = p.objects.empty() ? -1 : static_cast<std::int16_t>(p.objects[k]);
                e.who = static_cast<std::uint8_t>(p.who);
                e.resource = static_cast<std::uint8_t>(p.resource);
                e.client = static_cast<std::uint8_t>(p.client);
                e.ip = ip;
                out.push_back(e);
                t += m_rng.between(40, 1500) * Timestamp::TicksPerMillisecond;
            }
            // +-15 % jitter around the interval.
            p.next += p.interval - p.interval * 15 / 100 +
                      static_cast<std::int64_t>(m_rng.below(static_cast<std::uint64_t>(p.interval * 30 / 100 + 1)));
        }
    }
}

void DemoTraffic::session(const UserProfile& u, std::int64_t startTicks, std::vector<DemoEvent>& out)
{
    std::vector<double> vaultWeights;
    for (const auto& v : u.vaults) {
        vaultWeights.push_back(v.second);
    }
    std::vector<double> clientWeights;
    for (const auto& c : u.clients) {
        clientWeights.push_back(c.second);
    }
    std::vector<double> menuWeights;
    for (const auto& m : u.menu) {
        menuWeights.push_back(m.second);
    }
    const int resource = u.vaults[m_rng.weighted(vaultWeights)].first;
    const int client = u.clients[m_rng.weighted(clientWeights)].first;
    const DemoResource& res = m_world.resource(resource);
    const DemoIdentity& who = m_world.identity(u.who);
    const auto ip = static_cast<std::uint8_t>(m_rng.below(who.ips.size()));
    const int steps = static_cast<int>(m_rng.between(3, 9));
    std::int64_t t = startTicks;
    std::vector<DemoEvent> planned;
    for (int s = 0; s < steps; ++s) {
        DemoOp op = u.menu[m_rng.weighted(menuWeights)].first;
        if (s == 0 && client == DemoWorld::Portal && !res.hsm) {
            op = DemoOp::VaultGet; // the portal opens the vault blade through ARM first
        }
        const DemoOperation* spec = &DemoOperation::of(op);
        // The HSM has keys and role assignments only; ARM vault operations do not apply to it here.
        if (res.hsm && (spec->kind == DemoObjectKind::Secret || spec->kind == DemoObjectKind::Certificate ||
                        spec->plane == DemoPlane::Arm)) {
            op = isRead(op) ? DemoOp::KeyGet : DemoOp::KeyList;
        }
        if (!res.hsm && op == DemoOp::RoleAssignmentList) {
            op = DemoOp::VaultGet;
        }
        spec = &DemoOperation::of(op);
        const auto& objects = res.objects(spec->kind);
        const bool needsObject = spec->kind != DemoObjectKind::None && !spec->isList;
        if (needsObject && objects.empty()) {
            op = DemoOp::KeyList;
            spec = &DemoOperation::of(op);
        }
        DemoEvent e;
        e.op = op;
        e.who = static_cast<std::uint8_t>(u.who);
        e.resource = static_cast<std::uint8_t>(resource);
        e.client = static_cast<std::uint8_t>(client);
        e.ip = ip;
        if (spec->kind != DemoObjectKind::None && (!spec->isList || op == DemoOp::SecretListVersions)) {
            const auto& list = res.objects(spec->kind);
            std::int16_t index = list.empty() ? -1 : static_cast<std::int16_t>(m_rng.below(list.size()));
            if (spec->kind == DemoObjectKind::Secret && !u.onlySecrets.empty()) {
                index = static_cast<std::int16_t>(
                    objectIndex(resource, DemoObjectKind::Secret, u.onlySecrets[m_rng.below(u.onlySecrets.size())]));
            }
            e.object = index;
            if (isRead(op) && m_rng.chance(0.03)) {
                // A typo: the name does not exist.
                e.object = static_cast<std::int16_t>(
                    -2 - (spec->kind == DemoObjectKind::Key ? 6 + m_rng.below(2) : 3 + m_rng.below(3)));
                e.status = 404;
            } else if (index >= 0 && t >= list[static_cast<std::size_t>(index)].deletedAtTicks) {
                e.status = 404; // deleted by an incident earlier
            }
        }
        if (resource == u.deniedResource && spec->plane == DemoPlane::Data) {
            e.status = 403;
        }
        planned.push_back(e);
    }
    // CLI and PowerShell sessions start with the 401 challenge of their first data-plane request.
    if (client != DemoWorld::Portal) {
        for (const auto& e : planned) {
            if (DemoOperation::of(e.op).plane == DemoPlane::Data) {
                DemoEvent a = e;
                a.op = DemoOp::Authentication;
                a.challengedOp = e.op;
                a.object = e.object >= 0 ? e.object : -1;
                a.status = 401;
                a.ticks = t;
                out.push_back(a);
                t += m_rng.between(150, 900) * Timestamp::TicksPerMillisecond;
                break;
            }
        }
    }
    for (auto& e : planned) {
        if (!vaultAlive(resource, t)) {
            break;
        }
        e.ticks = t;
        out.push_back(e);
        // At least 8 s between an admin's clicks: never 10 reads in a minute (the Elastic rule's threshold).
        t += m_rng.between(8, 90) * kSecond +
             static_cast<std::int64_t>(m_rng.below(static_cast<std::uint64_t>(kSecond)));
    }
}

void DemoTraffic::render(const DemoEvent& e, DemoRandom& rng, DemoRecord& out) const
{
    const DemoResource& res = m_world.resource(e.resource);
    const DemoIdentity& who = m_world.identity(e.who);
    DemoCall call;
    call.time = Timestamp::fromTicks(e.ticks);
    call.resource = &res;
    call.identity = e.op == DemoOp::Authentication ? nullptr : &who;
    call.client = &m_world.client(e.client);
    call.ip = who.ips[e.ip];
    call.op = e.op;
    call.challengedOp = e.challengedOp;
    call.status = e.status;
    call.incident = e.incident;
    const DemoOp objectOp = e.op == DemoOp::Authentication ? e.challengedOp : e.op;
    const auto& objects = res.objects(DemoOperation::of(objectOp).kind);
    if (e.object >= 0 && static_cast<std::size_t>(e.object) < objects.size()) {
        call.object = &objects[static_cast<std::size_t>(e.object)];
    } else if (e.object <= -2 && -2 - e.object < kMissingCount) {
        call.objectName = kMissing[-2 - e.object];
    }
    if (call.object != nullptr && e.status == 404) {
        // A deleted object: the name is requested, nothing is found.
        call.objectName = call.object->name;
    }
    m_factory.fill(call, rng, out);
}

nlohmann::json DemoTraffic::describe() const
{
    nlohmann::json actors = nlohmann::json::array();
    for (const auto& a : m_actors) {
        if (a.onlyDay >= 0) {
            continue;
        }
        const DemoIdentity& who = m_world.identity(a.who);
        nlohmann::json ops = nlohmann::json::array();
        for (const auto& c : a.ops) {
            ops.push_back(DemoOperation::of(c.op).name);
        }
        actors.push_back({{"identity", who.label},
                          {"kind", toString(who.kind)},
                          {"object_id", who.objectId},
                          {"app_id", who.appId},
                          {"vault", m_world.resource(a.resource).name},
                          {"ips", who.ips},
                          {"client", m_world.client(a.client).label},
                          {"operations", ops},
                          {"expected_events", static_cast<std::int64_t>(a.expected)}});
    }
    nlohmann::json users = nlohmann::json::array();
    for (const auto& u : m_users) {
        const DemoIdentity& who = m_world.identity(u.who);
        nlohmann::json vaults = nlohmann::json::array();
        for (const auto& v : u.vaults) {
            vaults.push_back(m_world.resource(v.first).name);
        }
        users.push_back({{"identity", who.label},
                         {"upn", who.upn},
                         {"object_id", who.objectId},
                         {"vaults", vaults},
                         {"ips", who.ips},
                         {"sessions_per_weekday", u.sessionsPerWeekday * m_fixedScale}});
    }
    nlohmann::json services = nlohmann::json::array();
    for (int w : {DemoWorld::ResourceGraph, DemoWorld::PolicyInsights, DemoWorld::SecretsCsi}) {
        const DemoIdentity& who = m_world.identity(w);
        services.push_back(
            {{"identity", who.label}, {"object_id", who.objectId}, {"app_id", who.appId}, {"ips", who.ips}});
    }
    return {{"applications", actors},
            {"admins", users},
            {"scanners", services},
            {"application_volume", static_cast<std::int64_t>(m_appVolume)},
            {"fixed_volume", static_cast<std::int64_t>(m_fixedExpected)},
            {"office_hours_utc", "07:00-17:30 weekdays"}};
}

} // namespace kvw::core
