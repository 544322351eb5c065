#include "core/demo/DemoIncidentPlan.h"

#include "core/demo/DemoTime.h"

#include <algorithm>

namespace kvw::core {
namespace {

constexpr std::int64_t kMs = Timestamp::TicksPerMillisecond;
constexpr std::int64_t kSecond = Timestamp::TicksPerSecond;

const DemoObject* findObject(const DemoResource& r, DemoObjectKind kind, std::string_view name)
{
    for (const auto& o : r.objects(kind)) {
        if (o.name == name) {
            return &o;
        }
    }
    return nullptr;
}

DemoObject* findObject(DemoResource& r, DemoObjectKind kind, std::string_view name)
{
    auto& list = kind == DemoObjectKind::Secret ? r.secrets : kind == DemoObjectKind::Key ? r.keys : r.certificates;
    for (auto& o : list) {
        if (o.name == name) {
            return &o;
        }
    }
    return nullptr;
}

} // namespace

DemoIncidentPlan::DemoIncidentPlan(DemoWorld& world, const DemoOptions& options)
    : m_world(world), m_options(options), m_rng(DemoRandom::stream(options.seed, 7)), m_factory(world)
{
    const int d = options.days;
    // Offsets from the end keep every incident after the first week whatever --days says (minimum 7).
    accessDeniedBurst(d - 6);
    accessPolicyManipulation(d - 5);
    massSecretDump(d - 4);
    volumeSpike(d - 3);
    torAccess(d - 3);
    threatIntelAccess(d - 2);
    sensitiveOperations(d - 2);
    hsmCompromise(d - 1);
    std::stable_sort(m_records.begin(), m_records.end(),
                     [](const DemoRecord& a, const DemoRecord& b) { return a.time < b.time; });
}

Timestamp DemoIncidentPlan::at(int day, int hour, int minute, int second)
{
    return m_options.start + static_cast<std::int64_t>(day) * Timestamp::TicksPerDay +
           (static_cast<std::int64_t>(hour) * 3600 + minute * 60 + second) * kSecond +
           static_cast<std::int64_t>(m_rng.below(static_cast<std::uint64_t>(kSecond)));
}

DemoIncident& DemoIncidentPlan::add(std::string kind, std::string title, std::string description, int who,
                                    const char* ip)
{
    const DemoIdentity& id = m_world.identity(who);
    DemoIncident inc;
    inc.id = "INC-" + std::to_string(m_incidents.size() + 1);
    inc.kind = std::move(kind);
    inc.title = std::move(title);
    inc.description = std::move(description);
    inc.actorLabel = id.label;
    inc.actorKind = toString(id.kind);
    inc.actorIp = ip;
    inc.actorObjectId = id.objectId;
    inc.actorUpn = id.upn;
    inc.actorAppId = id.appId;
    m_incidents.push_back(std::move(inc));
    m_current = static_cast<int>(m_incidents.size()) - 1;
    return m_incidents.back();
}

void DemoIncidentPlan::emit(DemoCall call)
{
    call.incident = m_current;
    DemoRecord r;
    m_factory.fill(call, m_rng, r);
    m_records.push_back(std::move(r));
}

void DemoIncidentPlan::massSecretDump(int day)
{
    DemoIncident& inc = add("mass_secret_dump", "Mass secret dump from an unusual external IP",
                            "A support engineer's account signs in with Azure PowerShell from an address never seen "
                            "before, at night, lists every secret of the shared application vault and reads each "
                            "one within minutes (SecretList followed by 140 distinct SecretGet).",
                            DemoWorld::Hannah, DemoWorld::DumpIp);
    inc.defenderAlertType = "KV_ListGetAnomaly";
    inc.expectedDetections = {"sentinel:mass_secret_retrieval (>10 distinct URIs, >50 events per caller in 1d)",
                              "elastic:excessive_secret_or_key_retrieval (>=10 reads, >=2 actions per UPN per minute)",
                              "workbook:mass_secret_retrieval (EventCountThreshold below 140, 1d)",
                              "defender:KV_ListGetAnomaly", "defender:KV_UnusualAccessSuspiciousIP"};
    const DemoResource& vault = m_world.resource(DemoWorld::AppSecrets);
    const DemoIdentity& who = m_world.identity(DemoWorld::Hannah);
    const DemoClient& ps = m_world.client(DemoWorld::AzurePowerShell);
    Timestamp t = at(day, 2, 17, static_cast<int>(m_rng.below(50)));
    auto call = [&](DemoOp op, const DemoObject* object = nullptr) {
        DemoCall c;
        c.time = t;
        c.resource = &vault;
        c.identity = &who;
        c.client = &ps;
        c.ip = DemoWorld::DumpIp;
        c.op = op;
        c.object = object;
        return c;
    };
    emit(call(DemoOp::VaultGet));
    t = t + m_rng.between(2000, 4000) * kMs;
    DemoCall auth = call(DemoOp::Authentication);
    auth.identity = nullptr;
    auth.challengedOp = DemoOp::SecretList;
    emit(auth);
    const auto& secrets = vault.secrets;
    int pages = 0;
    for (std::size_t i = 0; i < secrets.size(); ++i) {
        if (i % 25 == 0) {
            t = t + m_rng.between(150, 600) * kMs;
            DemoCall list = call(DemoOp::SecretList);
            const std::string token = "&$skiptoken=" + m_rng.hex(48) + "&maxresults=25";
            if (i > 0) {
                list.extraQuery = token;
            }
            emit(list);
            ++pages;
        }
        t = t + m_rng.between(700, 2600) * kMs + static_cast<std::int64_t>(m_rng.below(10000));
        emit(call(DemoOp::SecretGet, &secrets[i]));
    }
    inc.details = {{"distinct_secrets_read", secrets.size()},
                   {"secret_list_pages", pages},
                   {"usual_ips", m_world.corporateIps()},
                   {"client", ps.label}};
}

void DemoIncidentPlan::sensitiveOperations(int day)
{
    DemoIncident& inc = add("sensitive_operations", "Backups, deletions and purges by a cloud admin late at night",
                            "A cloud admin's account backs up payment secrets and keys, deletes and purges objects in "
                            "the development vault and deletes the legacy test vault, from an external address.",
                            DemoWorld::Ivan, DemoWorld::SensitiveOpsIp);
    inc.expectedDetections = {"sentinel:sensitive_operations (VaultDelete, KeyDelete, SecretDelete, SecretPurge, "
                              "KeyPurge, SecretBackup, KeyBackup)",
                              "workbook:sensitive_operations"};
    const DemoIdentity& who = m_world.identity(DemoWorld::Ivan);
    const DemoClient& ps = m_world.client(DemoWorld::AzurePowerShell);
    Timestamp t = at(day, 22, 40, static_cast<int>(m_rng.below(50)));
    auto step = [&](int resource, DemoOp op, DemoObjectKind kind, const char* name, int minS, int maxS) {
        t = t + m_rng.between(minS * 1000, maxS * 1000) * kMs;
        DemoCall c;
        c.time = t;
        c.resource = &m_world.resource(resource);
        c.identity = &who;
        c.client = &ps;
        c.ip = DemoWorld::SensitiveOpsIp;
        c.op = op;
        if (name != nullptr) {
            c.object = findObject(m_world.resource(resource), kind, name);
            c.objectName = name;
        }
        if (op == DemoOp::Authentication) {
            c.identity = nullptr;
            c.challengedOp = DemoOp::SecretList;
        }
        emit(c);
        return t;
    };
    using K = DemoObjectKind;
    step(DemoWorld::PayProd, DemoOp::Authentication, K::None, nullptr, 0, 1);
    step(DemoWorld::PayProd, DemoOp::SecretBackup, K::Secret, "payments-db-conn", 1, 2);
    step(DemoWorld::PayProd, DemoOp::SecretBackup, K::Secret, "psp-api-key", 4, 15);
    step(DemoWorld::PayProd, DemoOp::SecretBackup, K::Secret, "jwt-signing-secret", 4, 15);
    step(DemoWorld::PayProd, DemoOp::KeyBackup, K::Key, "payments-kek", 5, 20);
    step(DemoWorld::PayProd, DemoOp::KeyBackup, K::Key, "payments-jws-signing", 4, 15);
    const Timestamp delPay = step(DemoWorld::PayProd, DemoOp::SecretDelete, K::Secret, "webhook-hmac-secret", 10, 40);
    step(DemoWorld::DevShared, DemoOp::Authentication, K::None, nullptr, 20, 60);
    const Timestamp delDev = step(DemoWorld::DevShared, DemoOp::SecretDelete, K::Secret, "test-user-password", 1, 2);
    step(DemoWorld::DevShared, DemoOp::SecretPurge, K::Secret, "test-user-password", 20, 45);
    const Timestamp delKey = step(DemoWorld::DevShared, DemoOp::KeyDelete, K::Key, "dev-signing-key", 8, 30);
    step(DemoWorld::DevShared, DemoOp::KeyPurge, K::Key, "dev-signing-key", 20, 45);
    const Timestamp vaultDeleted = step(DemoWorld::LegacyTst, DemoOp::VaultDelete, K::None, nullptr, 60, 150);

    findObject(m_world.resource(DemoWorld::PayProd), K::Secret, "webhook-hmac-secret")->deletedAtTicks = delPay.ticks();
    findObject(m_world.resource(DemoWorld::DevShared), K::Secret, "test-user-password")->deletedAtTicks =
        delDev.ticks();
    findObject(m_world.resource(DemoWorld::DevShared), K::Key, "dev-signing-key")->deletedAtTicks = delKey.ticks();
    m_world.resource(DemoWorld::LegacyTst).deletedAtTicks = vaultDeleted.ticks();
    inc.details = {{"backed_up",
                    {"payments-db-conn", "psp-api-key", "jwt-signing-secret", "payments-kek", "payments-jws-signing"}},
                   {"deleted",
                    {"kv-pay-prod-weu/secrets/webhook-hmac-secret", "kv-dev-shared/secrets/test-user-password",
                     "kv-dev-shared/keys/dev-signing-key"}},
                   {"purged", {"kv-dev-shared/secrets/test-user-password", "kv-dev-shared/keys/dev-signing-key"}},
                   {"vault_deleted", "kv-legacy-tst"},
                   {"note", "kv-legacy-tst has no traffic after its deletion; its daily series drops to zero"}};
}

void DemoIncidentPlan::accessDeniedBurst(int day)
{
    DemoIncident& inc = add("access_denied_burst", "Burst of 403s from an application never seen before",
                            "A service principal that never appeared before enumerates seven vaults in both "
                            "subscriptions within half an hour; every list and read is denied.",
                            DemoWorld::ScannerApp, DemoWorld::ScannerIp);
    inc.defenderAlertType = "KV_AccountVolumeAccessDeniedAnomaly";
    inc.expectedDetections = {"defender:KV_AccountVolumeAccessDeniedAnomaly", "defender:KV_AppAnomaly",
                              "workbook:failed_events (403 by caller IP / identity)", "new_identity:first_seen"};
    const DemoIdentity& who = m_world.identity(DemoWorld::ScannerApp);
    const DemoClient& client = m_world.client(DemoWorld::ScannerSdk);
    Timestamp t = at(day, 3, 12, static_cast<int>(m_rng.below(50)));
    const int vaults[] = {DemoWorld::AppSecrets, DemoWorld::PayProd,  DemoWorld::IdentityProd, DemoWorld::CmkProd,
                          DemoWorld::DevShared,  DemoWorld::DataTest, DemoWorld::LegacyTst};
    const char* guesses[] = {"admin-password", "db-password", "api-key", "storage-key"};
    std::vector<std::string> names;
    for (int v : vaults) {
        const DemoResource& res = m_world.resource(v);
        names.push_back(res.name);
        auto call = [&](DemoOp op, int status) {
            t = t + m_rng.between(250, 2200) * kMs;
            DemoCall c;
            c.time = t;
            c.resource = &res;
            c.identity = status == 401 ? nullptr : &who;
            c.client = &client;
            c.ip = DemoWorld::ScannerIp;
            c.op = op;
            c.challengedOp = DemoOp::SecretList;
            c.status = status;
            return c;
        };
        emit(call(DemoOp::Authentication, 401));
        emit(call(DemoOp::SecretList, 403));
        emit(call(DemoOp::KeyList, 403));
        emit(call(DemoOp::CertificateList, 403));
        for (const char* g : guesses) {
            DemoCall c = call(DemoOp::SecretGet, 403);
            c.objectName = g;
            emit(c);
        }
        t = t + m_rng.between(60, 240) * kSecond;
    }
    inc.details = {{"vaults_denied", names}, {"new_app_id", who.appId}, {"client", client.secretsInfo}};
}

void DemoIncidentPlan::accessPolicyManipulation(int day)
{
    DemoIncident& inc =
        add("access_policy_manipulation", "Self-granted access policy, secret reads, policy removed minutes later",
            "A developer's account adds an access policy for itself on the production identity "
            "vault through ARM (VaultPatch with addedAccessPolicy), reads the signing and TLS secrets, "
            "then removes the policy less than ten minutes after adding it.",
            DemoWorld::Carol, DemoWorld::PolicyChangeIp);
    inc.defenderAlertType = "KV_PutGetAnomaly";
    inc.expectedDetections = {"sentinel_hunting:access_policy_manipulation (add and remove within 10 minutes)",
                              "defender:KV_PutGetAnomaly (policy change followed by SecretGet by the same principal)",
                              "policy_change:VaultPatch"};
    const DemoResource& vault = m_world.resource(DemoWorld::IdentityProd);
    const DemoIdentity& who = m_world.identity(DemoWorld::Carol);
    const DemoClient& cli = m_world.client(DemoWorld::AzureCli);
    const Timestamp added = at(day, 14, 2, static_cast<int>(m_rng.below(50)));
    DemoAccessPolicy policy;
    policy.tenantId = m_world.tenantId();
    policy.objectId = who.objectId;
    policy.secrets = {"get", "list"};
    auto call = [&](Timestamp time, DemoOp op, const DemoObject* object = nullptr) {
        DemoCall c;
        c.time = time;
        c.resource = &vault;
        c.identity = &who;
        c.client = &cli;
        c.ip = DemoWorld::PolicyChangeIp;
        c.op = op;
        c.object = object;
        return c;
    };
    DemoCall add = call(added, DemoOp::VaultPatch);
    add.armSuffix = "/accessPolicies/add";
    emit(add);
    m_records.back().addedAccessPolicy = policy;

    Timestamp t = added + m_rng.between(35, 60) * kSecond;
    DemoCall auth = call(t, DemoOp::Authentication);
    auth.identity = nullptr;
    auth.challengedOp = DemoOp::SecretList;
    emit(auth);
    t = t + m_rng.between(100, 400) * kMs;
    emit(call(t, DemoOp::SecretList));
    std::vector<std::string> read;
    for (const char* name : {"sts-signing", "sts-encryption", "sts-tls", "ingress-tls-portal", "ingress-tls-api",
                             "ingress-tls-admin", "ingress-tls-auth", "ingress-tls-shop", "ingress-tls-partner"}) {
        t = t + m_rng.between(8000, 28000) * kMs;
        emit(call(t, DemoOp::SecretGet, findObject(vault, DemoObjectKind::Secret, name)));
        read.emplace_back(name);
    }
    const Timestamp removed = added + m_rng.between(500, 540) * kSecond;
    DemoCall remove = call(removed, DemoOp::VaultPatch);
    remove.armSuffix = "/accessPolicies/remove";
    emit(remove);
    m_records.back().removedAccessPolicy = policy;
    inc.details = {
        {"granted_object_id", who.objectId},
        {"permissions",
         {{"keys", nlohmann::json::array()}, {"secrets", policy.secrets}, {"certificates", nlohmann::json::array()}}},
        {"seconds_between_add_and_remove", (removed.ticks() - added.ticks()) / kSecond},
        {"secrets_read", read}};
}

void DemoIncidentPlan::volumeSpike(int day)
{
    DemoIncident& inc = add("volume_spike", "Retry storm: one vault's daily volume jumps several-fold",
                            "One pod of the payments API loops on two secrets for most of the working day; the vault "
                            "is throttled (429) part of the time. Same identity and client as usual, one address.",
                            DemoWorld::PaymentsApi, SpikeIp);
    inc.defenderAlertType = "KV_OperationVolumeAnomaly";
    inc.expectedDetections = {"workbook:daily_anomaly_score > 3 (series_decompose_anomalies defaults)",
                              "sentinel:timeseries_anomaly (per caller IP, score > 3, baseline > 25)",
                              "defender:KV_OperationVolumeAnomaly", "throttling:429"};
    m_spikeIncident = m_current;
    m_spikeDay = day;
    inc.details = {{"day", DemoTime::date(m_options.start + static_cast<std::int64_t>(day) * Timestamp::TicksPerDay)},
                   {"window_utc", "08:00-16:30"},
                   {"spike_factor", SpikeFactor},
                   {"secrets", {"payments-db-conn", "redis-password"}}};
}

void DemoIncidentPlan::torAccess(int day)
{
    DemoIncident& inc = add("tor_access", "Application credential used from a Tor exit node",
                            "The checkout web app's service principal authenticates from an address on the Tor exit "
                            "list (threat-intel/tor-exit-addresses.txt) with a raw HTTP client and reads secrets.",
                            DemoWorld::CheckoutWeb, DemoWorld::TorIp);
    inc.defenderAlertType = "KV_TORAccess";
    inc.expectedDetections = {"tor:exit_node_access", "defender:KV_TORAccess"};
    const DemoResource& vault = m_world.resource(DemoWorld::AppSecrets);
    const DemoIdentity& who = m_world.identity(DemoWorld::CheckoutWeb);
    const DemoClient& raw = m_world.client(DemoWorld::RawHttp);
    Timestamp t = at(day, 20, 41, static_cast<int>(m_rng.below(50)));
    auto call = [&](DemoOp op, const DemoObject* object = nullptr) {
        t = t + m_rng.between(1500, 9000) * kMs;
        DemoCall c;
        c.time = t;
        c.resource = &vault;
        c.identity = &who;
        c.client = &raw;
        c.ip = DemoWorld::TorIp;
        c.op = op;
        c.object = object;
        return c;
    };
    DemoCall auth = call(DemoOp::Authentication);
    auth.identity = nullptr;
    auth.challengedOp = DemoOp::SecretList;
    emit(auth);
    emit(call(DemoOp::SecretList));
    for (const char* name : {"checkout-db-password", "checkout-api-key", "checkout-client-secret",
                             "checkout-storage-key", "billing-db-password", "billing-api-key"}) {
        emit(call(DemoOp::SecretGet, findObject(vault, DemoObjectKind::Secret, name)));
    }
    inc.details = {{"tor_list_file", "threat-intel/tor-exit-addresses.txt"}, {"usual_ips", who.ips}};
}

void DemoIncidentPlan::threatIntelAccess(int day)
{
    DemoIncident& inc = add("threat_intel_ip", "Access from an address on the threat-intelligence list",
                            "A data engineer's session token is replayed from an address listed in "
                            "threat-intel/indicators.csv: secrets read in the data vault, denied on the payments vault "
                            "and on the Managed HSM.",
                            DemoWorld::Dan, DemoWorld::ThreatIntelIp);
    inc.expectedDetections = {"sentinel:ti_map_ip_entity", "defender:KV_SuspiciousIPAccess",
                              "defender:KV_SuspiciousIPAccessDenied", "hsm:threat_intel_ip"};
    const DemoIdentity& who = m_world.identity(DemoWorld::Dan);
    const DemoClient& cli = m_world.client(DemoWorld::AzureCli);
    Timestamp t = at(day, 7, 55, static_cast<int>(m_rng.below(50)));
    auto call = [&](int resource, DemoOp op, const char* name, int status, int gapMin, int gapMax) {
        t = t + m_rng.between(gapMin, gapMax) * kMs;
        DemoCall c;
        c.time = t;
        c.resource = &m_world.resource(resource);
        c.identity = op == DemoOp::Authentication ? nullptr : &who;
        c.client = &cli;
        c.ip = DemoWorld::ThreatIntelIp;
        c.op = op;
        c.challengedOp = resource == DemoWorld::Hsm ? DemoOp::KeyList : DemoOp::SecretList;
        c.status = status;
        if (name != nullptr) {
            const DemoOperation& spec = DemoOperation::of(op);
            c.object = findObject(m_world.resource(resource), spec.kind, name);
            c.objectName = name;
        }
        emit(c);
    };
    call(DemoWorld::DataTest, DemoOp::Authentication, nullptr, 401, 0, 500);
    call(DemoWorld::DataTest, DemoOp::SecretList, nullptr, 0, 200, 600);
    call(DemoWorld::DataTest, DemoOp::SecretGet, "etl-sql-password", 0, 3000, 9000);
    call(DemoWorld::DataTest, DemoOp::SecretGet, "snowflake-key", 0, 3000, 9000);
    call(DemoWorld::DataTest, DemoOp::SecretGet, "powerbi-sp-secret", 0, 3000, 9000);
    call(DemoWorld::PayProd, DemoOp::Authentication, nullptr, 401, 20000, 60000);
    call(DemoWorld::PayProd, DemoOp::SecretList, nullptr, 403, 200, 600);
    call(DemoWorld::Hsm, DemoOp::Authentication, nullptr, 401, 30000, 90000);
    call(DemoWorld::Hsm, DemoOp::KeyList, nullptr, 403, 200, 600);
    call(DemoWorld::Hsm, DemoOp::KeyGet, "pay-pin-kek", 403, 2000, 6000);
    inc.details = {{"indicator_file", "threat-intel/indicators.csv"}, {"usual_ips", who.ips}};
}

void DemoIncidentPlan::hsmCompromise(int day)
{
    DemoIncident& inc = add("hsm_compromise", "Managed HSM: role grant, security-domain download, key purge",
                            "The HSM crypto officer's account, from an external address at night, grants the Crypto "
                            "Officer role to an unknown service principal, downloads the security domain, reads key "
                            "properties 30 times, deletes and purges two keys and removes the auditor's role "
                            "assignment.",
                            DemoWorld::Erin, DemoWorld::HsmAttackIp);
    inc.expectedDetections = {"hsm:security_domain_download", "hsm:role_assignment_change", "hsm:key_purge",
                              "sentinel:sensitive_operations (KeyDelete, KeyPurge on MANAGEDHSMS)",
                              "legacy_mass_retrieval:KeyGet > 25 per caller"};
    const DemoResource& hsm = m_world.resource(DemoWorld::Hsm);
    const DemoIdentity& who = m_world.identity(DemoWorld::Erin);
    const DemoClient& ps = m_world.client(DemoWorld::AzurePowerShell);
    Timestamp t = at(day, 1, 5, static_cast<int>(m_rng.below(50)));
    auto call = [&](DemoOp op, const DemoObject* object, std::string_view name, int gapMin, int gapMax) {
        t = t + m_rng.between(gapMin, gapMax) * kMs;
        DemoCall c;
        c.time = t;
        c.resource = &hsm;
        c.identity = op == DemoOp::Authentication ? nullptr : &who;
        c.client = &ps;
        c.ip = DemoWorld::HsmAttackIp;
        c.op = op;
        c.challengedOp = DemoOp::RoleAssignmentList;
        c.object = object;
        c.objectName = name;
        emit(c);
    };
    const std::string granted = m_rng.guid();
    const std::string removed = m_rng.guid();
    call(DemoOp::Authentication, nullptr, {}, 0, 300);
    call(DemoOp::RoleAssignmentList, nullptr, {}, 100, 400);
    call(DemoOp::RoleAssignmentCreate, nullptr, granted, 15000, 40000);
    call(DemoOp::SecurityDomainBackup, nullptr, {}, 30000, 70000);
    for (int i = 0; i < 3; ++i) {
        call(DemoOp::SecurityDomainBackupStatusGet, nullptr, {}, 15000, 25000);
    }
    call(DemoOp::KeyList, nullptr, {}, 60000, 120000);
    const auto& keys = hsm.keys;
    for (int i = 0; i < 30; ++i) {
        const DemoObject& k = keys[static_cast<std::size_t>(i % 12)];
        call(DemoOp::KeyGet, &k, k.name, 2000, 9000);
    }
    std::vector<std::string> purged;
    for (const char* name : {"backup-kek-2025", "pay-archive-kek"}) {
        const DemoObject* k = findObject(hsm, DemoObjectKind::Key, name);
        call(DemoOp::KeyDelete, k, name, 20000, 60000);
        call(DemoOp::KeyPurge, k, name, 20000, 40000);
        purged.emplace_back(name);
        findObject(m_world.resource(DemoWorld::Hsm), DemoObjectKind::Key, name)->deletedAtTicks = t.ticks();
    }
    call(DemoOp::RoleAssignmentDelete, nullptr, removed, 60000, 150000);
    const DemoIdentity& tool = m_world.identity(DemoWorld::HsmBackupTool);
    const DemoIdentity& bob = m_world.identity(DemoWorld::Bob);
    inc.details = {{"role_assignment_created",
                    {{"name", granted},
                     {"role", "Managed HSM Crypto Officer"},
                     {"role_definition_id", "515eb02d-2335-4d2d-92f2-b1cbdf9c3778"},
                     {"principal_object_id", tool.objectId},
                     {"principal", tool.label}}},
                   {"role_assignment_deleted",
                    {{"name", removed},
                     {"role", "Managed HSM Crypto Auditor"},
                     {"role_definition_id", "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3"},
                     {"principal_object_id", bob.objectId},
                     {"principal", bob.label}}},
                   {"keys_deleted_and_purged", purged},
                   {"distinct_keys_read", 12},
                   {"note",
                    "Managed HSM role-assignment operation names are not documented by Microsoft; the demo uses "
                    "RoleAssignmentCreate / RoleAssignmentDelete / RoleAssignmentList"}};
}

} // namespace kvw::core
