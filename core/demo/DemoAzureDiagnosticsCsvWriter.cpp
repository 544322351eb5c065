#include "core/demo/DemoAzureDiagnosticsCsvWriter.h"

#include "core/demo/DemoCsv.h"
#include "core/demo/DemoRecordJson.h"
#include "core/demo/DemoTime.h"
#include "core/demo/DemoWorld.h"

#include <array>
#include <string_view>

namespace kvw::core {
namespace {

enum Col : int {
    TenantId,
    TimeGenerated,
    ResourceId,
    Category,
    ResourceGroup,
    SubscriptionId,
    ResourceProvider,
    Resource,
    ResourceType,
    OperationName,
    ResultType,
    CorrelationId,
    ResultSignature,
    ResultDescription,
    DurationMs,
    CallerIPAddress,
    OperationVersion,
    Level,
    PropertiesS,
    RegionS,
    IdS,
    ClientInfoS,
    HttpStatusCodeD,
    RequestUriS,
    IsAccessPolicyMatchB,
    IsRbacAuthorizedB,
    TlsVersionS,
    AppliedAssignmentIdG,
    SubnetIdS,
    TrustedServiceS,
    ClaimOid,
    ClaimAppid,
    ClaimScp,
    ClaimAppidacr,
    ClaimNwperimid,
    ClaimUpn,
    ClaimIpaddr,
    ClaimUniqueName,
    ClaimAmr,
    ClaimIdtyp,
    ClaimMirid,
    ClaimUriOid,
    ClaimUriUpn,
    ClaimUriName,
    ClaimUriScope,
    SkuFamily,
    SkuName,
    CfgTenantId,
    AclBypass,
    AclDefaultAction,
    CfgDeployment,
    CfgDiskEncryption,
    CfgTemplate,
    CfgSoftDelete,
    CfgRetention,
    CfgRbac,
    CfgPurgeProtection,
    KeyType,
    KeySize,
    KeyOperations,
    KeyEnabled,
    KeyHsmPlatform,
    SecretType,
    SecretEnabled,
    AddedTenant,
    AddedObject,
    AddedKeys,
    AddedSecrets,
    AddedCertificates,
    RemovedTenant,
    RemovedObject,
    RemovedKeys,
    RemovedSecrets,
    RemovedCertificates,
    // Columns of other services sharing the table: always empty in Key Vault rows.
    Message,
    ClientIpS,
    HttpMethodS,
    HostS,
    ListenerNameS,
    RuleNameS,
    BackendPoolNameS,
    SslEnabledS,
    LogicalServerNameS,
    DatabaseNameS,
    ElasticPoolNameS,
    EventS,
    InstanceIdS,
    ActionS,
    AdditionalFields,
    SourceSystem,
    Type,
    UnderscoreResourceId,
    ColumnCount
};

const std::array<const char*, ColumnCount> kNames = {
    "TenantId",
    "TimeGenerated [UTC]",
    "ResourceId",
    "Category",
    "ResourceGroup",
    "SubscriptionId",
    "ResourceProvider",
    "Resource",
    "ResourceType",
    "OperationName",
    "ResultType",
    "CorrelationId",
    "ResultSignature",
    "ResultDescription",
    "DurationMs",
    "CallerIPAddress",
    "OperationVersion",
    "Level",
    "properties_s",
    "Region_s",
    "id_s",
    "clientInfo_s",
    "httpStatusCode_d",
    "requestUri_s",
    "isAccessPolicyMatch_b",
    "isRbacAuthorized_b",
    "tlsVersion_s",
    "appliedAssignmentId_g",
    "subnetId_s",
    "trustedService_s",
    "identity_claim_oid_g",
    "identity_claim_appid_g",
    "identity_claim_scp_s",
    "identity_claim_appidacr_s",
    "identity_claim_xms_az_nwperimid_s",
    "identity_claim_upn_s",
    "identity_claim_ipaddr_s",
    "identity_claim_unique_name_s",
    "identity_claim_amr_s",
    "identity_claim_idtyp_s",
    "identity_claim_xms_mirid_s",
    "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g",
    "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s",
    "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_name_s",
    "identity_claim_http_schemas_microsoft_com_identity_claims_scope_s",
    "properties_sku_Family_s",
    "properties_sku_Name_s",
    "properties_tenantId_g",
    "properties_networkAcls_bypass_s",
    "properties_networkAcls_defaultAction_s",
    "properties_enabledForDeployment_b",
    "properties_enabledForDiskEncryption_b",
    "properties_enabledForTemplateDeployment_b",
    "properties_enableSoftDelete_b",
    "properties_softDeleteRetentionInDays_d",
    "properties_enableRbacAuthorization_b",
    "properties_enablePurgeProtection_b",
    "keyProperties_type_s",
    "keyProperties_size_d",
    "keyProperties_operations_s",
    "keyProperties_attributes_enabled_b",
    "keyProperties_attributes_hsmPlatform_s",
    "secretProperties_type_s",
    "secretProperties_attributes_enabled_b",
    "addedAccessPolicy_TenantId_g",
    "addedAccessPolicy_ObjectId_g",
    "addedAccessPolicy_Permissions_keys_s",
    "addedAccessPolicy_Permissions_secrets_s",
    "addedAccessPolicy_Permissions_certificates_s",
    "removedAccessPolicy_TenantId_g",
    "removedAccessPolicy_ObjectId_g",
    "removedAccessPolicy_Permissions_keys_s",
    "removedAccessPolicy_Permissions_secrets_s",
    "removedAccessPolicy_Permissions_certificates_s",
    "Message",
    "clientIP_s",
    "httpMethod_s",
    "host_s",
    "listenerName_s",
    "ruleName_s",
    "backendPoolName_s",
    "sslEnabled_s",
    "LogicalServerName_s",
    "DatabaseName_s",
    "ElasticPoolName_s",
    "event_s",
    "instanceId_s",
    "action_s",
    "AdditionalFields",
    "SourceSystem",
    "Type",
    "_ResourceId",
};

struct ClaimColumn
{
    std::string_view key;
    Col column;
};

constexpr ClaimColumn kClaims[] = {
    {"oid", ClaimOid},
    {"appid", ClaimAppid},
    {"scp", ClaimScp},
    {"appidacr", ClaimAppidacr},
    {"xms_az_nwperimid", ClaimNwperimid},
    {"upn", ClaimUpn},
    {"ipaddr", ClaimIpaddr},
    {"unique_name", ClaimUniqueName},
    {"amr", ClaimAmr},
    {"idtyp", ClaimIdtyp},
    {"xms_mirid", ClaimMirid},
    {"http://schemas.microsoft.com/identity/claims/objectidentifier", ClaimUriOid},
    {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", ClaimUriUpn},
    {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", ClaimUriName},
    {"http://schemas.microsoft.com/identity/claims/scope", ClaimUriScope},
};

std::string arrayText(const std::vector<std::string>& values)
{
    std::string s;
    DemoRecordJson::appendStringArray(s, values);
    return s;
}

} // namespace

DemoAzureDiagnosticsCsvWriter::DemoAzureDiagnosticsCsvWriter(std::filesystem::path root, const DemoWorld& world)
    : m_world(world), m_root(std::move(root)), m_cells(ColumnCount), m_quoted(ColumnCount, 0)
{
}

const std::vector<std::string>& DemoAzureDiagnosticsCsvWriter::columns()
{
    static const std::vector<std::string> names(kNames.begin(), kNames.end());
    return names;
}

std::string DemoAzureDiagnosticsCsvWriter::headerLine()
{
    std::string line;
    for (int i = 0; i < ColumnCount; ++i) {
        if (i > 0) {
            line.push_back(',');
        }
        const std::string_view name = kNames[static_cast<std::size_t>(i)];
        // The portal quotes header names with spaces or a leading underscore.
        if (name.find(' ') != std::string_view::npos || name.front() == '_') {
            DemoCsv::appendQuoted(line, name);
        } else {
            line.append(name);
        }
    }
    line += "\r\n";
    return line;
}

Status DemoAzureDiagnosticsCsvWriter::write(const DemoRecord& r)
{
    const std::string day = DemoTime::date(r.blobHour);
    if (day != m_day) {
        if (m_file.isOpen()) {
            Status s = m_file.close();
            if (!s) {
                return s;
            }
        }
        Status s = m_file.open(m_root / "AzureDiagnostics" / ("AzureDiagnostics_" + day + ".csv"));
        if (!s) {
            return s;
        }
        ++m_files;
        m_day = day;
        m_file.write(headerLine());
    }
    for (auto& c : m_cells) {
        c.clear();
    }
    std::fill(m_quoted.begin(), m_quoted.end(), 0);
    auto text = [&](Col c, std::string_view v) {
        m_cells[c].assign(v);
        m_quoted[c] = 1;
    };
    auto raw = [&](Col c, std::string_view v) { m_cells[c].assign(v); };
    auto boolean = [&](Col c, bool v) { m_cells[c] = v ? "true" : "false"; };
    auto number = [&](Col c, std::int64_t v) { m_cells[c] = std::to_string(v); };

    const DemoResource& res = *r.resource;
    text(TenantId, m_world.workspaceId());
    DemoTime::appendEnUs(m_cells[TimeGenerated], r.time);
    m_quoted[TimeGenerated] = 1;
    text(ResourceId, res.resourceId);
    text(Category, "AuditEvent");
    text(ResourceGroup, res.resourceGroupUpper);
    text(SubscriptionId, res.subscription);
    text(ResourceProvider, "MICROSOFT.KEYVAULT");
    text(Resource, res.nameUpper);
    text(ResourceType, res.hsm ? "MANAGEDHSMS" : "VAULTS");
    text(OperationName, r.operationName);
    text(ResultType, r.resultType);
    text(CorrelationId, r.correlationId);
    text(ResultSignature, r.resultSignature);
    if (!r.resultDescription.empty()) {
        text(ResultDescription, r.resultDescription);
    }
    number(DurationMs, r.durationMs);
    text(CallerIPAddress, r.callerIp);
    text(OperationVersion, r.operationVersion);
    if (!r.id.empty()) {
        text(IdS, r.id);
    }
    text(ClientInfoS, r.clientInfo);
    number(HttpStatusCodeD, r.httpStatusCode);
    text(RequestUriS, r.requestUri);
    if (r.isAccessPolicyMatch) {
        boolean(IsAccessPolicyMatchB, *r.isAccessPolicyMatch);
    }
    if (r.isRbacAuthorized) {
        boolean(IsRbacAuthorizedB, *r.isRbacAuthorized);
    }
    if (!r.tlsVersion.empty()) {
        text(TlsVersionS, r.tlsVersion);
    }
    for (const auto& claim : r.claims) {
        for (const auto& cc : kClaims) {
            if (cc.key == claim.key) {
                text(cc.column, claim.value); // arrays become their JSON text ("[]")
                break;
            }
        }
    }
    if (r.vaultConfig != nullptr) {
        const DemoVaultConfig& c = *r.vaultConfig;
        text(SkuFamily, c.skuFamily);
        text(SkuName, c.skuName);
        text(CfgTenantId, c.tenantId);
        if (c.hasNetworkAcls) {
            text(AclBypass, c.bypass);
            text(AclDefaultAction, c.defaultAction);
        }
        boolean(CfgDeployment, c.enabledForDeployment);
        boolean(CfgDiskEncryption, c.enabledForDiskEncryption);
        boolean(CfgTemplate, c.enabledForTemplateDeployment);
        boolean(CfgSoftDelete, c.enableSoftDelete);
        number(CfgRetention, c.softDeleteRetentionInDays);
        boolean(CfgRbac, c.enableRbacAuthorization);
        if (c.enablePurgeProtection) {
            boolean(CfgPurgeProtection, *c.enablePurgeProtection);
        }
    }
    if (r.keyProperties != nullptr) {
        const DemoKeyProperties& k = *r.keyProperties;
        text(KeyType, k.type);
        if (k.size > 0) {
            number(KeySize, k.size);
        }
        if (!k.operations.empty()) {
            text(KeyOperations, arrayText(k.operations));
        }
        if (k.enabled) {
            boolean(KeyEnabled, *k.enabled);
        }
        if (!k.hsmPlatform.empty()) {
            text(KeyHsmPlatform, k.hsmPlatform);
        }
    }
    if (!r.secretContentType.empty()) {
        text(SecretType, r.secretContentType);
        boolean(SecretEnabled, true);
    }
    if (r.addedAccessPolicy) {
        const DemoAccessPolicy& p = *r.addedAccessPolicy;
        text(AddedTenant, p.tenantId);
        text(AddedObject, p.objectId);
        text(AddedKeys, arrayText(p.keys));
        text(AddedSecrets, arrayText(p.secrets));
        text(AddedCertificates, arrayText(p.certificates));
    }
    if (r.removedAccessPolicy) {
        const DemoAccessPolicy& p = *r.removedAccessPolicy;
        text(RemovedTenant, p.tenantId);
        text(RemovedObject, p.objectId);
        text(RemovedKeys, arrayText(p.keys));
        text(RemovedSecrets, arrayText(p.secrets));
        text(RemovedCertificates, arrayText(p.certificates));
    }
    raw(SourceSystem, "Azure");
    text(Type, "AzureDiagnostics");
    text(UnderscoreResourceId, res.resourceIdLower);

    m_row.clear();
    for (int i = 0; i < ColumnCount; ++i) {
        if (i > 0) {
            m_row.push_back(',');
        }
        const std::string& cell = m_cells[static_cast<std::size_t>(i)];
        if (cell.empty()) {
            continue;
        }
        if (m_quoted[static_cast<std::size_t>(i)] != 0) {
            DemoCsv::appendQuoted(m_row, cell);
        } else {
            DemoCsv::appendCell(m_row, cell);
        }
    }
    m_row += "\r\n";
    m_file.write(m_row);
    return {};
}

Status DemoAzureDiagnosticsCsvWriter::finish()
{
    return m_file.close();
}

} // namespace kvw::core
