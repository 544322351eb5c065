#include "core/demo/DemoAzkvAuditLogsJsonWriter.h"

#include "core/demo/DemoJsonText.h"
#include "core/demo/DemoRecordJson.h"
#include "core/demo/DemoTime.h"
#include "core/demo/DemoWorld.h"

namespace kvw::core {
namespace {

using J = DemoJsonText;

} // namespace

DemoAzkvAuditLogsJsonWriter::DemoAzkvAuditLogsJsonWriter(std::filesystem::path root, const DemoWorld& world)
    : m_world(world), m_root(std::move(root))
{
}

const std::vector<std::pair<std::string, std::string>>& DemoAzkvAuditLogsJsonWriter::columns()
{
    static const std::vector<std::pair<std::string, std::string>> cols = {
        {"TenantId", "string"},
        {"TimeGenerated", "datetime"},
        {"ResultType", "string"},
        {"OperationName", "string"},
        {"ResultDescription", "string"},
        {"CorrelationId", "string"},
        {"CallerIpAddress", "string"},
        {"OperationVersion", "string"},
        {"Identity", "dynamic"},
        {"Properties", "dynamic"},
        {"Nsp", "dynamic"},
        {"KeyProperties", "dynamic"},
        {"SecretProperties", "dynamic"},
        {"CertificateProperties", "dynamic"},
        {"CertificatePolicyProperties", "dynamic"},
        {"CertificateIssuerProperties", "dynamic"},
        {"CertificateRequestProperties", "dynamic"},
        {"StorageAccountProperties", "dynamic"},
        {"StorageSasDefinitionProperties", "dynamic"},
        {"Id", "string"},
        {"Algorithm", "string"},
        {"ClientInfo", "string"},
        {"SubnetId", "string"},
        {"HttpStatusCode", "int"},
        {"RequestUri", "string"},
        {"IsAddressAuthorized", "bool"},
        {"AddressAuthorizationType", "string"},
        {"IsAccessPolicyMatch", "bool"},
        {"IsRbacAuthorized", "bool"},
        {"AppliedAssignmentId", "string"},
        {"TrustedService", "string"},
        {"Tlsversion", "string"},
        {"VaultProperties", "dynamic"},
        {"Sku", "dynamic"},
        {"NetworkAcls", "dynamic"},
        {"EnabledForDeployment", "bool"},
        {"EnabledForDiskEncryption", "bool"},
        {"EnabledForTemplateDeployment", "bool"},
        {"EnableSoftDelete", "bool"},
        {"SoftDeleteRetentionInDays", "int"},
        {"EnableRbacAuthorization", "bool"},
        {"EnablePurgeProtection", "bool"},
        {"HsmPoolResourceId", "string"},
        {"ResultSignature", "string"},
        {"DurationMs", "int"},
        {"SourceSystem", "string"},
        {"Type", "string"},
        {"_ResourceId", "string"},
        {"_SubscriptionId", "string"},
    };
    return cols;
}

Status DemoAzkvAuditLogsJsonWriter::closeFile()
{
    if (!m_file.isOpen()) {
        return {};
    }
    m_file.write("\n]}]}\n");
    return m_file.close();
}

Status DemoAzkvAuditLogsJsonWriter::write(const DemoRecord& r)
{
    const std::string day = DemoTime::date(r.blobHour);
    if (day != m_day) {
        Status s = closeFile();
        if (!s) {
            return s;
        }
        s = m_file.open(m_root / "AZKVAuditLogs" / ("AZKVAuditLogs_" + day + ".json"));
        if (!s) {
            return s;
        }
        ++m_files;
        m_day = day;
        m_firstRow = true;
        std::string head = "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[";
        bool first = true;
        for (const auto& [name, type] : columns()) {
            head += first ? "" : ",";
            first = false;
            head += "{\"name\":";
            J::appendString(head, name);
            head += ",\"type\":";
            J::appendString(head, type);
            head += "}";
        }
        head += "],\"rows\":[";
        m_file.write(head);
    }

    std::string& o = m_row;
    o.clear();
    o += m_firstRow ? "\n[" : ",\n[";
    m_firstRow = false;
    auto str = [&](std::string_view v) {
        J::appendString(o, v);
        o.push_back(',');
    };
    auto null = [&]() { o += "null,"; };
    auto optBool = [&](const std::optional<bool>& v) {
        if (v) {
            J::appendBool(o, *v);
            o.push_back(',');
        } else {
            null();
        }
    };
    // A dynamic value as JSON text, built in m_scratch by `fill`.
    auto dynamicText = [&](auto fill) {
        m_scratch.clear();
        fill(m_scratch);
        J::appendString(o, m_scratch);
        o.push_back(',');
    };

    const DemoResource& res = *r.resource;
    str(m_world.workspaceId());
    o.push_back('"');
    DemoTime::appendIso7(o, r.time);
    o += "\",";
    str(r.resultType);
    str(r.operationName);
    str(r.resultDescription);
    str(r.correlationId);
    str(r.callerIp);
    str(r.operationVersion);
    dynamicText([&](std::string& s) { DemoRecordJson::appendIdentity(s, r); });
    // Properties: what has no column of its own (here the access-policy change details).
    if (r.addedAccessPolicy || r.removedAccessPolicy) {
        dynamicText([&](std::string& s) {
            s += "{";
            if (r.addedAccessPolicy) {
                s += "\"addedAccessPolicy\":";
                DemoRecordJson::appendAccessPolicy(s, *r.addedAccessPolicy);
            }
            if (r.removedAccessPolicy) {
                s += r.addedAccessPolicy ? ",\"removedAccessPolicy\":" : "\"removedAccessPolicy\":";
                DemoRecordJson::appendAccessPolicy(s, *r.removedAccessPolicy);
            }
            s += "}";
        });
    } else {
        null();
    }
    null(); // Nsp
    if (r.keyProperties != nullptr) {
        dynamicText([&](std::string& s) { DemoRecordJson::appendKeyProperties(s, *r.keyProperties); });
    } else {
        null();
    }
    if (!r.secretContentType.empty()) {
        dynamicText([&](std::string& s) { DemoRecordJson::appendSecretProperties(s, r); });
    } else {
        null();
    }
    for (int i = 0; i < 6; ++i) {
        null(); // Certificate*, StorageAccount*, StorageSasDefinition* properties
    }
    str(r.id);
    str(""); // Algorithm
    str(r.clientInfo);
    str(""); // SubnetId
    J::appendInt(o, r.httpStatusCode);
    o.push_back(',');
    str(r.requestUri);
    null();  // IsAddressAuthorized
    str(""); // AddressAuthorizationType
    optBool(r.isAccessPolicyMatch);
    optBool(r.isRbacAuthorized);
    str(""); // AppliedAssignmentId
    str(""); // TrustedService
    str(r.tlsVersion);
    if (r.vaultConfig != nullptr) {
        const DemoVaultConfig& c = *r.vaultConfig;
        dynamicText([&](std::string& s) { DemoRecordJson::appendVaultConfig(s, c); });
        dynamicText([&](std::string& s) {
            s += "{\"Family\":";
            J::appendString(s, c.skuFamily);
            s += ",\"Name\":";
            J::appendString(s, c.skuName);
            s += ",\"Capacity\":null}";
        });
        if (c.hasNetworkAcls) {
            dynamicText([&](std::string& s) {
                s += "{\"bypass\":";
                J::appendString(s, c.bypass);
                s += ",\"defaultAction\":";
                J::appendString(s, c.defaultAction);
                s += "}";
            });
        } else {
            null();
        }
        optBool(c.enabledForDeployment);
        optBool(c.enabledForDiskEncryption);
        optBool(c.enabledForTemplateDeployment);
        optBool(c.enableSoftDelete);
        J::appendInt(o, c.softDeleteRetentionInDays);
        o.push_back(',');
        optBool(c.enableRbacAuthorization);
        optBool(c.enablePurgeProtection);
    } else {
        for (int i = 0; i < 10; ++i) {
            null();
        }
    }
    str(res.hsm ? res.resourceId : std::string());
    str(r.resultSignature);
    J::appendInt(o, r.durationMs);
    o.push_back(',');
    str("Azure");
    str("AZKVAuditLogs");
    str(res.resourceIdLower);
    J::appendString(o, res.subscription);
    o.push_back(']');
    m_file.write(o);
    return {};
}

Status DemoAzkvAuditLogsJsonWriter::finish()
{
    return closeFile();
}

} // namespace kvw::core
