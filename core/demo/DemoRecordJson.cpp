#include "core/demo/DemoRecordJson.h"

#include "core/demo/DemoJsonText.h"
#include "core/demo/DemoTime.h"
#include "core/demo/DemoWorld.h"

namespace kvw::core {

using J = DemoJsonText;

void DemoRecordJson::appendRecord(std::string& out, const DemoRecord& r)
{
    out += "{\"time\":\"";
    DemoTime::appendIso7(out, r.time);
    out += "\",\"category\":\"AuditEvent\",\"operationName\":";
    J::appendString(out, r.operationName);
    out += ",\"resultType\":";
    J::appendString(out, r.resultType);
    if (!r.resultDescription.empty()) {
        out += ",\"resultDescription\":";
        J::appendString(out, r.resultDescription);
    }
    out += ",\"correlationId\":";
    J::appendString(out, r.correlationId);
    out += ",\"callerIpAddress\":";
    J::appendString(out, r.callerIp);
    out += ",\"identity\":";
    appendIdentity(out, r);
    out += ",\"properties\":";
    appendProperties(out, r);
    out += ",\"resourceId\":";
    J::appendString(out, r.resource->resourceId);
    out += ",\"operationVersion\":";
    J::appendString(out, r.operationVersion);
    out += ",\"resultSignature\":";
    J::appendString(out, r.resultSignature);
    out += ",\"durationMs\":";
    // Vault records carry the duration as a string; the Managed HSM sample as a number (formats.md §2.1).
    if (r.isHsm()) {
        J::appendInt(out, r.durationMs);
    } else {
        out.push_back('"');
        J::appendInt(out, r.durationMs);
        out.push_back('"');
    }
    out.push_back('}');
}

void DemoRecordJson::appendIdentity(std::string& out, const DemoRecord& r)
{
    if (r.identityEmpty) {
        out += "{}";
        return;
    }
    out += "{\"claim\":{";
    bool first = true;
    for (const auto& c : r.claims) {
        J::appendKey(out, c.key, first);
        if (c.isArray) {
            out += c.value;
        } else {
            J::appendString(out, c.value);
        }
    }
    out += "}}";
}

void DemoRecordJson::appendProperties(std::string& out, const DemoRecord& r)
{
    out.push_back('{');
    bool first = true;
    if (!r.id.empty()) {
        J::appendKey(out, "id", first);
        J::appendString(out, r.id);
    }
    J::appendKey(out, "clientInfo", first);
    J::appendString(out, r.clientInfo);
    if (r.armRelayed) {
        J::appendKey(out, "requestUri", first);
        J::appendString(out, r.requestUri);
        J::appendKey(out, "httpStatusCode", first);
        J::appendInt(out, r.httpStatusCode);
        if (r.vaultConfig != nullptr) {
            J::appendKey(out, "properties", first);
            appendVaultConfig(out, *r.vaultConfig);
        }
        if (r.addedAccessPolicy) {
            J::appendKey(out, "addedAccessPolicy", first);
            appendAccessPolicy(out, *r.addedAccessPolicy);
        }
        if (r.removedAccessPolicy) {
            J::appendKey(out, "removedAccessPolicy", first);
            appendAccessPolicy(out, *r.removedAccessPolicy);
        }
    } else {
        J::appendKey(out, "httpStatusCode", first);
        J::appendInt(out, r.httpStatusCode);
        J::appendKey(out, "requestUri", first);
        J::appendString(out, r.requestUri);
        if (r.isAccessPolicyMatch) {
            J::appendKey(out, "isAccessPolicyMatch", first);
            J::appendBool(out, *r.isAccessPolicyMatch);
        }
        if (r.isRbacAuthorized) {
            J::appendKey(out, "isRbacAuthorized", first);
            J::appendBool(out, *r.isRbacAuthorized);
        }
        if (r.keyProperties != nullptr) {
            J::appendKey(out, "keyProperties", first);
            appendKeyProperties(out, *r.keyProperties);
        }
        if (!r.secretContentType.empty()) {
            J::appendKey(out, "secretProperties", first);
            appendSecretProperties(out, r);
        }
    }
    if (!r.tlsVersion.empty()) {
        J::appendKey(out, "tlsVersion", first);
        J::appendString(out, r.tlsVersion);
    }
    out.push_back('}');
}

void DemoRecordJson::appendVaultConfig(std::string& out, const DemoVaultConfig& c)
{
    out += "{\"sku\":{\"Family\":";
    J::appendString(out, c.skuFamily);
    out += ",\"Name\":";
    J::appendString(out, c.skuName);
    out += ",\"Capacity\":null},\"tenantId\":";
    J::appendString(out, c.tenantId);
    out += ",\"networkAcls\":";
    if (c.hasNetworkAcls) {
        out += "{\"bypass\":";
        J::appendString(out, c.bypass);
        out += ",\"defaultAction\":";
        J::appendString(out, c.defaultAction);
        out.push_back('}');
    } else {
        out += "null";
    }
    out += ",\"enabledForDeployment\":";
    J::appendBool(out, c.enabledForDeployment);
    out += ",\"enabledForDiskEncryption\":";
    J::appendBool(out, c.enabledForDiskEncryption);
    out += ",\"enabledForTemplateDeployment\":";
    J::appendBool(out, c.enabledForTemplateDeployment);
    out += ",\"enableSoftDelete\":";
    J::appendBool(out, c.enableSoftDelete);
    out += ",\"softDeleteRetentionInDays\":";
    J::appendInt(out, c.softDeleteRetentionInDays);
    out += ",\"enableRbacAuthorization\":";
    J::appendBool(out, c.enableRbacAuthorization);
    out += ",\"enablePurgeProtection\":";
    if (c.enablePurgeProtection) {
        J::appendBool(out, *c.enablePurgeProtection);
    } else {
        out += "null";
    }
    out.push_back('}');
}

void DemoRecordJson::appendStringArray(std::string& out, const std::vector<std::string>& values)
{
    out.push_back('[');
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            out.push_back(',');
        }
        J::appendString(out, values[i]);
    }
    out.push_back(']');
}

void DemoRecordJson::appendAccessPolicy(std::string& out, const DemoAccessPolicy& p)
{
    out += "{\"TenantId\":";
    J::appendString(out, p.tenantId);
    out += ",\"ObjectId\":";
    J::appendString(out, p.objectId);
    out += ",\"Permissions\":{\"keys\":";
    appendStringArray(out, p.keys);
    out += ",\"secrets\":";
    appendStringArray(out, p.secrets);
    out += ",\"certificates\":";
    appendStringArray(out, p.certificates);
    out += "}}";
}

void DemoRecordJson::appendKeyProperties(std::string& out, const DemoKeyProperties& k)
{
    out.push_back('{');
    bool first = true;
    J::appendKey(out, "type", first);
    J::appendString(out, k.type);
    if (k.size > 0) {
        J::appendKey(out, "size", first);
        J::appendInt(out, k.size);
    }
    if (!k.operations.empty()) {
        J::appendKey(out, "operations", first);
        appendStringArray(out, k.operations);
    }
    if (k.enabled || !k.hsmPlatform.empty()) {
        J::appendKey(out, "attributes", first);
        out.push_back('{');
        bool afirst = true;
        if (k.enabled) {
            J::appendKey(out, "enabled", afirst);
            J::appendBool(out, *k.enabled);
        }
        if (!k.hsmPlatform.empty()) {
            J::appendKey(out, "hsmPlatform", afirst);
            J::appendString(out, k.hsmPlatform);
        }
        out.push_back('}');
    }
    out.push_back('}');
}

void DemoRecordJson::appendSecretProperties(std::string& out, const DemoRecord& r)
{
    out += "{\"type\":";
    J::appendString(out, r.secretContentType);
    out += ",\"attributes\":{\"enabled\":true}}";
}

} // namespace kvw::core
