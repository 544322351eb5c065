#include "core/demo/DemoWorld.h"

#include "core/demo/DemoRandom.h"

#include <algorithm>
#include <cctype>

namespace kvw::core {
namespace {

std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

struct ResourceSpec
{
    const char* name;
    int subscription;
    const char* resourceGroup;
    bool hsm;
    bool rbac;
    std::optional<bool> purgeProtection;
    bool networkAcls;
    const char* sku;
};

// The 140 secrets of the shared application vault: enough for a visible dump, each app reads a handful.
constexpr const char* kAppPrefixes[] = {"checkout",  "orders", "billing", "crm",     "inventory", "search",  "notify",
                                        "reporting", "auth",   "gateway", "catalog", "shipping",  "loyalty", "partner"};
constexpr const char* kAppSuffixes[] = {"db-password",    "api-key",      "client-secret", "storage-key",
                                        "sb-connection",  "redis-key",    "jwt-secret",    "smtp-password",
                                        "webhook-secret", "sftp-password"};

constexpr const char* kIngressApps[] = {"portal",  "api",    "admin",  "docs",   "status",   "auth", "cdn",
                                        "grafana", "kibana", "argocd", "harbor", "vault-ui", "shop", "partner"};

} // namespace

const std::vector<DemoObject>& DemoResource::objects(DemoObjectKind kind) const
{
    static const std::vector<DemoObject> none;
    switch (kind) {
    case DemoObjectKind::Secret:
        return secrets;
    case DemoObjectKind::Key:
        return keys;
    case DemoObjectKind::Certificate:
        return certificates;
    case DemoObjectKind::None:
        break;
    }
    return none;
}

const char* toString(DemoIdentityKind kind)
{
    switch (kind) {
    case DemoIdentityKind::User:
        return "user";
    case DemoIdentityKind::ServicePrincipal:
        return "service_principal";
    case DemoIdentityKind::ManagedIdentity:
        return "managed_identity";
    case DemoIdentityKind::AzureService:
        return "azure_service";
    }
    return "unknown";
}

DemoWorld::DemoWorld(std::uint64_t seed)
{
    DemoRandom rng = DemoRandom::stream(seed, 1);
    m_tenantId = rng.guid();
    m_workspaceId = rng.guid();
    m_subscriptions = {rng.guid(), rng.guid()};
    buildResources(rng);
    buildIdentities(rng);
    buildClients();
    buildIpLists();
}

void DemoWorld::buildResources(DemoRandom& rng)
{
    static const ResourceSpec specs[ResourceCount] = {
        {"kv-pay-prod-weu", 0, "rg-payments-prod", false, true, true, true, "Premium"},
        {"kv-appsecrets-prod", 0, "rg-shared-prod", false, true, std::nullopt, true, "Standard"},
        {"kv-identity-prod", 0, "rg-identity-prod", false, false, true, false, "Standard"},
        {"kv-cmk-prod", 0, "rg-storage-prod", false, true, true, true, "Premium"},
        {"kv-dev-shared", 1, "rg-apps-dev", false, false, std::nullopt, false, "Standard"},
        {"kv-data-test", 1, "rg-data-test", false, true, std::nullopt, false, "Standard"},
        {"kv-legacy-tst", 1, "rg-data-test", false, false, std::nullopt, false, "Standard"},
        {"mhsm-pay-prod", 0, "rg-security-prod", true, true, true, false, "Standard_B1"},
    };
    auto object = [&](std::string name) {
        DemoObject o;
        o.name = std::move(name);
        o.version = rng.hex(32);
        return o;
    };
    auto key = [&](std::string name, const char* type, int size, std::vector<std::string> ops) {
        DemoObject o = object(std::move(name));
        o.key.type = type;
        o.key.size = size;
        o.key.operations = std::move(ops);
        o.key.enabled = true;
        o.key.hsmPlatform = (std::string(type).find("HSM") != std::string::npos) ? "2" : "0";
        return o;
    };
    auto secret = [&](std::string name, const char* contentType = "") {
        DemoObject o = object(std::move(name));
        o.contentType = contentType;
        return o;
    };

    for (int i = 0; i < ResourceCount; ++i) {
        const ResourceSpec& s = specs[i];
        DemoResource r;
        r.index = i;
        r.hsm = s.hsm;
        r.name = s.name;
        r.nameUpper = upper(s.name);
        r.subscription = m_subscriptions[static_cast<std::size_t>(s.subscription)];
        r.subscriptionUpper = upper(r.subscription);
        r.resourceGroup = s.resourceGroup;
        r.resourceGroupUpper = upper(s.resourceGroup);
        r.region = "westeurope";
        const char* type = s.hsm ? "MANAGEDHSMS" : "VAULTS";
        r.resourceId = "/SUBSCRIPTIONS/" + r.subscriptionUpper + "/RESOURCEGROUPS/" + r.resourceGroupUpper +
                       "/PROVIDERS/MICROSOFT.KEYVAULT/" + type + "/" + r.nameUpper;
        r.resourceIdLower = lower(r.resourceId);
        r.baseUri = std::string("https://") + s.name + (s.hsm ? ".managedhsm.azure.net" : ".vault.azure.net");
        r.armPath = "/subscriptions/" + r.subscription + "/resourceGroups/" + s.resourceGroup +
                    "/providers/Microsoft.KeyVault/" + (s.hsm ? "managedHSMs/" : "vaults/") + s.name;
        r.storagePrefix = "resourceId=" + r.resourceId;
        r.rbac = s.rbac;
        r.config.skuFamily = s.hsm ? "B" : "A";
        r.config.skuName = s.sku;
        r.config.tenantId = m_tenantId;
        r.config.hasNetworkAcls = s.networkAcls;
        r.config.defaultAction = s.networkAcls ? "Deny" : "Allow";
        r.config.enableRbacAuthorization = s.rbac;
        r.config.enablePurgeProtection = s.purgeProtection;
        r.config.enabledForTemplateDeployment = (i == DevShared);
        m_resources.push_back(std::move(r));
    }

    auto& pay = m_resources[PayProd];
    for (const char* n : {"payments-db-conn", "psp-api-key", "jwt-signing-secret", "redis-password", "payments-sb-conn",
                          "webhook-hmac-secret"}) {
        pay.secrets.push_back(secret(n));
    }
    pay.keys.push_back(key("payments-kek", "RSA-HSM", 3072, {"wrapKey", "unwrapKey"}));
    pay.keys.push_back(key("payments-jws-signing", "RSA-HSM", 2048, {"sign", "verify"}));
    pay.keys.push_back(key("payments-archive-key", "RSA-HSM", 4096, {"encrypt", "decrypt", "wrapKey", "unwrapKey"}));
    pay.certificates.push_back(object("payments-api-tls"));

    auto& app = m_resources[AppSecrets];
    for (const char* p : kAppPrefixes) {
        for (const char* s : kAppSuffixes) {
            app.secrets.push_back(secret(std::string(p) + "-" + s));
        }
    }
    app.keys.push_back(key("appsecrets-wrap", "RSA", 2048, {"wrapKey", "unwrapKey"}));

    auto& idp = m_resources[IdentityProd];
    for (const char* n : {"sts-signing", "sts-encryption", "sts-tls"}) {
        idp.secrets.push_back(secret(n, "application/x-pkcs12"));
        idp.certificates.push_back(object(n));
    }
    for (const char* n : kIngressApps) {
        const std::string name = std::string("ingress-tls-") + n;
        idp.secrets.push_back(secret(name, "application/x-pem-file"));
        idp.certificates.push_back(object(name));
    }
    idp.keys.push_back(key("sts-signing", "RSA", 2048, {"sign", "verify"}));
    idp.keys.push_back(key("sts-encryption", "RSA", 2048, {"encrypt", "decrypt"}));

    auto& cmk = m_resources[CmkProd];
    cmk.keys.push_back(key("cmk-stpaymentsprod", "RSA-HSM", 3072, {"wrapKey", "unwrapKey"}));
    cmk.keys.push_back(key("tde-sql-payments-prod", "RSA-HSM", 3072, {"wrapKey", "unwrapKey"}));
    cmk.keys.push_back(key("cmk-backup-vault", "RSA-HSM", 3072, {"wrapKey", "unwrapKey"}));

    auto& dev = m_resources[DevShared];
    for (const char* n : {"dev-db-password", "dev-api-key", "dev-storage-key", "dev-sb-connection", "dev-redis-key",
                          "dev-jwt-secret", "acr-pull-token", "nuget-feed-pat", "sonar-token", "dev-smtp-password",
                          "github-app-key", "test-user-password"}) {
        dev.secrets.push_back(secret(n));
    }
    dev.keys.push_back(key("dev-signing-key", "RSA", 2048, {"sign", "verify"}));
    dev.keys.push_back(key("dev-encryption-key", "RSA", 2048, {"encrypt", "decrypt", "wrapKey", "unwrapKey"}));
    dev.certificates.push_back(object("dev-tls"));

    auto& data = m_resources[DataTest];
    for (const char* n : {"etl-sql-password", "etl-storage-key", "etl-adls-sas", "etl-api-token", "powerbi-sp-secret",
                          "snowflake-key"}) {
        data.secrets.push_back(secret(n));
    }
    data.keys.push_back(key("etl-column-key", "RSA", 2048, {"encrypt", "decrypt"}));

    auto& legacy = m_resources[LegacyTst];
    for (const char* n : {"legacy-ftp-password", "legacy-db-password", "legacy-api-key"}) {
        legacy.secrets.push_back(secret(n));
    }

    auto& hsm = m_resources[Hsm];
    for (const char* n : {"pay-pin-kek", "pay-card-dek-wrap", "pay-token-signing", "pay-3ds-signing", "pay-mac-key",
                          "pay-archive-kek", "pay-settlement-signing", "pay-p2pe-kek", "pay-cvv-key", "pay-hce-kek",
                          "sql-tde-hsm", "storage-cmk-hsm", "backup-kek-2025", "backup-kek-2026"}) {
        const std::string name = n;
        const bool signing = name.find("signing") != std::string::npos;
        hsm.keys.push_back(key(name, signing ? "EC-HSM" : "RSA-HSM", signing ? 256 : 3072,
                               signing ? std::vector<std::string>{"sign", "verify"}
                                       : std::vector<std::string>{"wrapKey", "unwrapKey"}));
    }
}

void DemoWorld::buildIdentities(DemoRandom& rng)
{
    const std::string domain = "@contoso.example";
    auto add = [&](int who, DemoIdentityKind kind, std::string label, std::string upn, std::string appidacr,
                   std::vector<std::string> ips) {
        DemoIdentity id;
        id.index = who;
        id.kind = kind;
        id.label = std::move(label);
        id.objectId = rng.guid();
        if (kind != DemoIdentityKind::User) {
            id.appId = rng.guid();
        }
        id.upn = upn.empty() ? std::string() : upn + domain;
        id.appidacr = std::move(appidacr);
        id.ips = std::move(ips);
        m_identities.push_back(std::move(id));
    };
    m_corporateIps = {"192.0.2.10", "192.0.2.11"};
    using K = DemoIdentityKind;
    add(Alice, K::User, "Alice Nguyen (platform admin)", "alice.nguyen", "0", m_corporateIps);
    add(Bob, K::User, "Bob Schmidt (security engineer)", "bob.schmidt", "0", m_corporateIps);
    add(Carol, K::User, "Carol Diaz (developer)", "carol.diaz", "0", m_corporateIps);
    add(Dan, K::User, "Dan Okafor (data engineer)", "dan.okafor", "0", m_corporateIps);
    add(Erin, K::User, "Erin Walsh (HSM crypto officer)", "erin.walsh", "0", m_corporateIps);
    add(Hannah, K::User, "Hannah Lee (support engineer)", "hannah.lee", "0", m_corporateIps);
    add(Ivan, K::User, "Ivan Petrov (cloud admin)", "ivan.petrov", "0", m_corporateIps);
    add(CheckoutWeb, K::ServicePrincipal, "checkout-web (app registration)", "", "2", {"10.30.2.10", "10.30.2.11"});
    add(DevPipeline, K::ServicePrincipal, "dev-build-pipeline (Azure DevOps service connection)", "", "1",
        {"20.166.41.17", "20.166.41.52", "20.166.43.140"});
    add(DataEtl, K::ServicePrincipal, "data-etl (Data Factory linked service)", "", "1",
        {"51.105.72.40", "51.105.72.41"});
    add(LegacyBatch, K::ServicePrincipal, "legacy-batch (on-premises job)", "", "1", {"10.50.3.15"});
    add(ScannerApp, K::ServicePrincipal, "svc-inventory-7f (unknown app registration)", "", "1", {ScannerIp});
    add(HsmBackupTool, K::ServicePrincipal, "hsm-backup-tool (unknown service principal)", "", "1", {HsmAttackIp});
    add(PaymentsApi, K::ManagedIdentity, "id-payments-api (user-assigned managed identity)", "", "2",
        {"10.20.1.4", "10.20.1.5", "10.20.1.6"});
    add(OrdersWorker, K::ManagedIdentity, "id-orders-worker (AKS workload identity)", "", "2",
        {"10.30.4.21", "10.30.4.22", "10.30.4.23"});
    add(IdentitySts, K::ManagedIdentity, "app-identity-sts (system-assigned managed identity)", "", "2",
        {"10.40.0.8", "10.40.0.9"});
    add(SecretsCsi, K::ManagedIdentity, "id-aks-secrets-csi (Secrets Store CSI driver)", "", "2", {"10.40.8.5"});
    add(StorageCmk, K::ManagedIdentity, "stpaymentsprod (storage account, customer-managed key)", "", "2",
        {"20.61.14.102", "20.61.14.103"});
    add(SqlTde, K::ManagedIdentity, "sql-payments-prod (SQL server, TDE protector)", "", "2",
        {"52.236.184.170", "52.236.184.171"});
    add(HsmSigner, K::ManagedIdentity, "id-pay-hsm-signer (user-assigned managed identity)", "", "2",
        {"10.20.2.7", "10.20.2.8"});
    add(ResourceGraph, K::AzureService, "Azure Resource Graph", "", "2", {"20.50.64.12", "20.50.64.13", "20.50.65.7"});
    add(PolicyInsights, K::AzureService, "Microsoft Policy Insights", "", "2", {"40.74.28.9", "40.74.28.12"});

    m_identities[ResourceGraph].appId = ResourceGraphAppId;
    m_identities[PolicyInsights].appId = PolicyInsightsAppId;

    auto mirid = [&](int who, int sub, const char* rg, const char* name, bool userAssigned) {
        auto& id = m_identities[static_cast<std::size_t>(who)];
        id.miResourceId = "/subscriptions/" + m_subscriptions[static_cast<std::size_t>(sub)] + "/resourcegroups/" + rg +
                          (userAssigned ? "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
                                        : "/providers/Microsoft.Web/sites/") +
                          name;
    };
    mirid(PaymentsApi, 0, "rg-payments-prod", "id-payments-api", true);
    mirid(OrdersWorker, 0, "rg-shared-prod", "id-orders-worker", true);
    mirid(IdentitySts, 0, "rg-identity-prod", "app-identity-sts", false);
    mirid(SecretsCsi, 0, "rg-identity-prod", "id-aks-secrets-csi", true);
    mirid(HsmSigner, 0, "rg-payments-prod", "id-pay-hsm-signer", true);
    m_identities[StorageCmk].miResourceId = "/subscriptions/" + m_subscriptions[0] +
                                            "/resourcegroups/rg-storage-prod/providers/Microsoft.Storage/"
                                            "storageAccounts/stpaymentsprod";
    m_identities[SqlTde].miResourceId = "/subscriptions/" + m_subscriptions[0] +
                                        "/resourcegroups/rg-payments-prod/providers/Microsoft.Sql/servers/"
                                        "sql-payments-prod";
}

void DemoWorld::buildClients()
{
    m_clients.resize(ClientCount);
    auto& net = m_clients[DotnetSdk];
    net.label = ".NET SDK";
    net.secretsInfo = "azsdk-net-Security.KeyVault.Secrets/4.6.0 (.NET 8.0.8; Ubuntu 22.04.4 LTS)";
    net.keysInfo = "azsdk-net-Security.KeyVault.Keys/4.6.0 (.NET 8.0.8; Ubuntu 22.04.4 LTS)";
    net.certsInfo = "azsdk-net-Security.KeyVault.Certificates/4.6.0 (.NET 8.0.8; Ubuntu 22.04.4 LTS)";
    net.apiVersion = "7.5";
    net.tls = "TLS1_3";

    auto& java = m_clients[JavaSdk];
    java.label = "Java SDK";
    java.secretsInfo = "azsdk-java-azure-security-keyvault-secrets/4.8.5 (17.0.12; Linux; 5.15.0-1068-azure)";
    java.keysInfo = "azsdk-java-azure-security-keyvault-keys/4.8.6 (17.0.12; Linux; 5.15.0-1068-azure)";
    java.certsInfo = "azsdk-java-azure-security-keyvault-certificates/4.6.5 (17.0.12; Linux; 5.15.0-1068-azure)";
    java.apiVersion = "7.5";
    java.tls = "TLS1_3";

    auto& py = m_clients[PythonSdk];
    py.label = "Python SDK";
    py.secretsInfo =
        "azsdk-python-keyvault-secrets/4.8.0 Python/3.11.9 (Linux-5.15.0-1068-azure-x86_64-with-glibc2.35)";
    py.keysInfo = "azsdk-python-keyvault-keys/4.9.0 Python/3.11.9 (Linux-5.15.0-1068-azure-x86_64-with-glibc2.35)";
    py.certsInfo =
        "azsdk-python-keyvault-certificates/4.8.0 Python/3.11.9 (Linux-5.15.0-1068-azure-x86_64-with-glibc2.35)";
    py.apiVersion = "7.5";
    py.tls = "TLS1_2";

    auto& go = m_clients[GoSdk];
    go.label = "Go SDK";
    go.secretsInfo = "azsdk-go-azsecrets/v1.1.0 (go1.22.5; linux)";
    go.keysInfo = "azsdk-go-azkeys/v1.1.0 (go1.22.5; linux)";
    go.certsInfo = "azsdk-go-azcertificates/v1.1.0 (go1.22.5; linux)";
    go.apiVersion = "7.5";
    go.tls = "TLS1_3";

    auto& legacy = m_clients[LegacySdk];
    legacy.label = "legacy .NET Framework client";
    legacy.secretsInfo = "FxVersion/4.8.9181.0 OSName/Windows OSVersion/Microsoft.Windows.10.0.17763. "
                         "Microsoft.Azure.KeyVault.KeyVaultClient/3.0.5.1";
    legacy.keysInfo = legacy.secretsInfo;
    legacy.certsInfo = legacy.secretsInfo;
    legacy.apiVersion = "7.0";
    legacy.tls = "TLS1_2";
    legacy.trailingSlash = false;

    auto& portal = m_clients[Portal];
    portal.label = "Azure portal";
    portal.secretsInfo = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0";
    portal.keysInfo = portal.secretsInfo;
    portal.certsInfo = portal.secretsInfo;
    portal.armInfo = "Mozilla/5.0";
    portal.apiVersion = "7.3";
    portal.armApiVersion = "2023-08-01-preview";
    portal.tls = "TLS1_3";
    portal.appId = "3686488a-04fc-4d8a-b967-61f98ec41efe";
    portal.armAppId = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";
    portal.cacheBuster = true;
    portal.maxResults = true;
    portal.trailingSlash = false;

    auto& cli = m_clients[AzureCli];
    cli.label = "Azure CLI";
    cli.secretsInfo = "AZURECLI/2.65.0 (DEB) azsdk-python-keyvault-secrets/4.8.0 Python/3.11.8 "
                      "(Linux-6.5.0-1025-azure-x86_64-with-glibc2.35)";
    cli.keysInfo = "AZURECLI/2.65.0 (DEB) azsdk-python-keyvault-keys/4.9.0 Python/3.11.8 "
                   "(Linux-6.5.0-1025-azure-x86_64-with-glibc2.35)";
    cli.certsInfo = "AZURECLI/2.65.0 (DEB) azsdk-python-keyvault-certificates/4.8.0 Python/3.11.8 "
                    "(Linux-6.5.0-1025-azure-x86_64-with-glibc2.35)";
    cli.armInfo = "AZURECLI/2.65.0 (DEB) azsdk-python-azure-mgmt-keyvault/10.3.1 Python/3.11.8 "
                  "(Linux-6.5.0-1025-azure-x86_64-with-glibc2.35)";
    cli.apiVersion = "7.5";
    cli.armApiVersion = "2023-07-01";
    cli.tls = "TLS1_2";
    cli.appId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    cli.armAppId = cli.appId;

    auto& ps = m_clients[AzurePowerShell];
    ps.label = "Azure PowerShell";
    ps.secretsInfo = "PowerShell/7.4.5 Az.KeyVault/6.2.0";
    ps.keysInfo = ps.secretsInfo;
    ps.certsInfo = ps.secretsInfo;
    ps.armInfo = "PowerShell/7.4.5 Az.KeyVault/6.2.0";
    ps.apiVersion = "7.4";
    ps.armApiVersion = "2023-07-01";
    ps.tls = "TLS1_2";
    ps.appId = "1950a258-227b-4e31-a9cf-717495945fc2";
    ps.armAppId = ps.appId;
    ps.trailingSlash = false;

    auto& arg = m_clients[ArgIngestion];
    arg.label = "Azure Resource Graph ingestion";
    arg.armInfo = "AzureResourceGraph.IngestionWorkerService.global/1.24.1.386";
    arg.armApiVersion = "2023-07-01";
    arg.regionalArm = true;

    auto& policy = m_clients[PolicyDataPlane];
    policy.label = "Policy Insights data plane";
    policy.secretsInfo = "Microsoft.PolicyInsights.DataPlane.KeyVault/1.0";
    policy.keysInfo = policy.secretsInfo;
    policy.certsInfo = policy.secretsInfo;
    policy.apiVersion = "7.4";
    policy.tls = "TLS1_2";
    policy.maxResults = true;

    auto& storage = m_clients[StorageRp];
    storage.label = "Azure Storage encryption";
    storage.keysInfo = "Azure-Storage-KeyVault/2.0 (Microsoft.Storage; CMK)";
    storage.secretsInfo = storage.keysInfo;
    storage.certsInfo = storage.keysInfo;
    storage.apiVersion = "7.4";
    storage.tls = "TLS1_2";
    storage.trailingSlash = false;

    auto& sql = m_clients[SqlRp];
    sql.label = "Azure SQL TDE";
    sql.keysInfo = "Microsoft.Azure.Sql.Tde/1.0 azsdk-net-Security.KeyVault.Keys/4.5.0";
    sql.secretsInfo = sql.keysInfo;
    sql.certsInfo = sql.keysInfo;
    sql.apiVersion = "7.4";
    sql.tls = "TLS1_2";
    sql.trailingSlash = false;

    auto& raw = m_clients[RawHttp];
    raw.label = "raw HTTP client";
    raw.secretsInfo = "python-requests/2.31.0";
    raw.keysInfo = raw.secretsInfo;
    raw.certsInfo = raw.secretsInfo;
    raw.apiVersion = "7.4";
    raw.tls = "TLS1_2";
    raw.trailingSlash = false;

    auto& scanner = m_clients[ScannerSdk];
    scanner.label = "Go HTTP client";
    scanner.secretsInfo = "Go-http-client/1.1";
    scanner.keysInfo = scanner.secretsInfo;
    scanner.certsInfo = scanner.secretsInfo;
    scanner.apiVersion = "7.4";
    scanner.tls = "TLS1_2";
    scanner.trailingSlash = false;
    scanner.maxResults = true;
}

void DemoWorld::buildIpLists()
{
    // Tor exit list: the incident address plus plausible neighbours; none is used by background traffic.
    m_torExitIps = {TorIp};
    for (int i = 150; i < 200; i += 3) {
        m_torExitIps.push_back("198.51.100." + std::to_string(i));
    }
    for (int i = 130; i < 160; i += 4) {
        m_torExitIps.push_back("203.0.113." + std::to_string(i));
    }
    m_threatIntelIps = {ThreatIntelIp};
    for (int i = 210; i < 250; i += 2) {
        m_threatIntelIps.push_back("203.0.113." + std::to_string(i));
    }
    for (const char* ip : {"198.51.100.20", "198.51.100.70", "198.51.100.120", "198.51.100.220", "198.51.100.240"}) {
        m_threatIntelIps.emplace_back(ip);
    }
}

} // namespace kvw::core
