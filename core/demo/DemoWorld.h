#pragma once

#include "core/demo/DemoRecord.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kvw::core {

enum class DemoObjectKind : std::uint8_t { None, Secret, Key, Certificate };

struct DemoObject
{
    std::string name;
    std::string version;                     // 32 hex digits, the current version
    DemoKeyProperties key;                   // for keys
    std::string contentType;                 // for secrets
    std::int64_t deletedAtTicks = INT64_MAX; // deleted (by an incident) from then on: later reads are 404s
};

// A vault or the Managed HSM with every spelling the exports need precomputed.
struct DemoResource
{
    int index = 0;
    bool hsm = false;
    std::string name; // lower-case, as in host names
    std::string nameUpper;
    std::string subscription; // lower-case GUID
    std::string subscriptionUpper;
    std::string resourceGroup; // as typed by its owners (ARM URIs keep this case)
    std::string resourceGroupUpper;
    std::string region;
    std::string resourceId;      // upper-case ARM id, as in records
    std::string resourceIdLower; // _ResourceId
    std::string baseUri;         // https://<name>.vault.azure.net  /  https://<name>.managedhsm.azure.net
    std::string armPath;         // /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>
    std::string storagePrefix;   // resourceId=/SUBSCRIPTIONS/.../VAULTS/<NAME>
    bool rbac = true;            // false: access policies
    DemoVaultConfig config;
    std::vector<DemoObject> secrets;
    std::vector<DemoObject> keys;
    std::vector<DemoObject> certificates;
    std::int64_t deletedAtTicks = INT64_MAX; // no traffic after VaultDelete

    const std::vector<DemoObject>& objects(DemoObjectKind kind) const;
};

enum class DemoIdentityKind : std::uint8_t { User, ServicePrincipal, ManagedIdentity, AzureService };

const char* toString(DemoIdentityKind kind);

struct DemoIdentity
{
    int index = 0;
    DemoIdentityKind kind = DemoIdentityKind::User;
    std::string label; // display name used in the manifest
    std::string objectId;
    std::string appId;        // apps: their own id; users: empty (the client app's id is used)
    std::string upn;          // users only
    std::string appidacr;     // 0 public client, 1 secret, 2 certificate / managed identity
    std::string miResourceId; // managed identities: xms_mirid
    std::vector<std::string> ips;
};

// How a caller talks to Key Vault: user agent per SDK package, api-versions, TLS, client app id for user tokens.
struct DemoClient
{
    std::string label;
    std::string secretsInfo;
    std::string keysInfo;
    std::string certsInfo;
    std::string armInfo;
    std::string apiVersion;
    std::string armApiVersion;
    std::string tls;
    std::string appId;         // data-plane client app (user tokens)
    std::string armAppId;      // ARM client app (user tokens)
    bool cacheBuster = false;  // portal appends &_=<ms>
    bool maxResults = false;   // lists carry &maxresults=25
    bool trailingSlash = true; // SDKs ask for /secrets/<name>/ (latest version)
    bool regionalArm = false;  // ARG uses <region>.management.azure.com
};

// The fixed cast of the demo: two subscriptions, seven vaults, one Managed HSM, users, apps, managed identities,
// Azure services and attacker addresses. Names are fixed; GUIDs and versions come from the seed.
class DemoWorld
{
public:
    enum Resource : int {
        PayProd,
        AppSecrets,
        IdentityProd,
        CmkProd,
        DevShared,
        DataTest,
        LegacyTst,
        Hsm,
        ResourceCount
    };
    enum Who : int {
        Alice,
        Bob,
        Carol,
        Dan,
        Erin,
        Hannah,
        Ivan,
        CheckoutWeb,
        DevPipeline,
        DataEtl,
        LegacyBatch,
        ScannerApp,
        HsmBackupTool,
        PaymentsApi,
        OrdersWorker,
        IdentitySts,
        SecretsCsi,
        StorageCmk,
        SqlTde,
        HsmSigner,
        ResourceGraph,
        PolicyInsights,
        IdentityCount
    };
    enum Client : int {
        DotnetSdk,
        JavaSdk,
        PythonSdk,
        GoSdk,
        LegacySdk,
        Portal,
        AzureCli,
        AzurePowerShell,
        ArgIngestion,
        PolicyDataPlane,
        StorageRp,
        SqlRp,
        RawHttp,
        ScannerSdk,
        ClientCount
    };

    static constexpr const char* ResourceGraphAppId = "509e4652-da8d-478d-a730-e9d4a1996ca4";
    static constexpr const char* PolicyInsightsAppId = "8cae6e77-e04e-42ce-b5cb-50d82bce26b1";

    explicit DemoWorld(std::uint64_t seed);

    const std::vector<DemoResource>& resources() const { return m_resources; }
    const DemoResource& resource(int i) const { return m_resources[static_cast<std::size_t>(i)]; }
    DemoResource& resource(int i) { return m_resources[static_cast<std::size_t>(i)]; }
    const std::vector<DemoIdentity>& identities() const { return m_identities; }
    const DemoIdentity& identity(int i) const { return m_identities[static_cast<std::size_t>(i)]; }
    const DemoClient& client(int i) const { return m_clients[static_cast<std::size_t>(i)]; }

    const std::string& tenantId() const { return m_tenantId; }
    const std::string& workspaceId() const { return m_workspaceId; }
    const std::vector<std::string>& subscriptions() const { return m_subscriptions; }
    const std::vector<std::string>& corporateIps() const { return m_corporateIps; }
    const std::vector<std::string>& torExitIps() const { return m_torExitIps; }
    const std::vector<std::string>& threatIntelIps() const { return m_threatIntelIps; }

    // Incident addresses (documentation ranges, never used by background traffic).
    static constexpr const char* DumpIp = "203.0.113.45";
    static constexpr const char* SensitiveOpsIp = "198.51.100.23";
    static constexpr const char* ScannerIp = "203.0.113.77";
    static constexpr const char* PolicyChangeIp = "198.51.100.14";
    static constexpr const char* TorIp = "198.51.100.201";
    static constexpr const char* ThreatIntelIp = "203.0.113.200";
    static constexpr const char* HsmAttackIp = "198.51.100.66";

private:
    void buildResources(class DemoRandom& rng);
    void buildIdentities(class DemoRandom& rng);
    void buildClients();
    void buildIpLists();

    std::string m_tenantId;
    std::string m_workspaceId;
    std::vector<std::string> m_subscriptions;
    std::vector<DemoResource> m_resources;
    std::vector<DemoIdentity> m_identities;
    std::vector<DemoClient> m_clients;
    std::vector<std::string> m_corporateIps;
    std::vector<std::string> m_torExitIps;
    std::vector<std::string> m_threatIntelIps;
};

} // namespace kvw::core
