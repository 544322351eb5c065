#include "core/demo/DemoRecordFactory.h"

namespace kvw::core {
namespace {

const char* pathSegment(DemoObjectKind kind)
{
    switch (kind) {
    case DemoObjectKind::Secret:
        return "/secrets";
    case DemoObjectKind::Key:
        return "/keys";
    case DemoObjectKind::Certificate:
        return "/certificates";
    case DemoObjectKind::None:
        break;
    }
    return "";
}

const char* singular(DemoObjectKind kind)
{
    switch (kind) {
    case DemoObjectKind::Secret:
        return "secret";
    case DemoObjectKind::Key:
        return "key";
    case DemoObjectKind::Certificate:
        return "certificate";
    case DemoObjectKind::None:
        break;
    }
    return "object";
}

const char* plural(DemoObjectKind kind)
{
    switch (kind) {
    case DemoObjectKind::Secret:
        return "secrets";
    case DemoObjectKind::Key:
        return "keys";
    case DemoObjectKind::Certificate:
        return "certificates";
    case DemoObjectKind::None:
        break;
    }
    return "vault";
}

// The RBAC data action a denied request needed.
std::string rbacAction(DemoOp op, bool hsm)
{
    const DemoOperation& spec = DemoOperation::of(op);
    if (hsm) {
        switch (op) {
        case DemoOp::KeySign:
            return "Microsoft.KeyVault/managedHsm/keys/sign/action";
        case DemoOp::KeyUnwrap:
            return "Microsoft.KeyVault/managedHsm/keys/unwrap/action";
        case DemoOp::KeyWrap:
            return "Microsoft.KeyVault/managedHsm/keys/wrap/action";
        case DemoOp::RoleAssignmentCreate:
            return "Microsoft.KeyVault/managedHsm/roleAssignments/write/action";
        case DemoOp::SecurityDomainBackup:
            return "Microsoft.KeyVault/managedHsm/securitydomain/download/action";
        default:
            return "Microsoft.KeyVault/managedHsm/keys/read/action";
        }
    }
    switch (op) {
    case DemoOp::SecretGet:
        return "Microsoft.KeyVault/vaults/secrets/getSecret/action";
    case DemoOp::SecretSet:
        return "Microsoft.KeyVault/vaults/secrets/setSecret/action";
    case DemoOp::SecretDelete:
        return "Microsoft.KeyVault/vaults/secrets/delete";
    case DemoOp::SecretBackup:
        return "Microsoft.KeyVault/vaults/secrets/backup/action";
    case DemoOp::KeySign:
        return "Microsoft.KeyVault/vaults/keys/sign/action";
    case DemoOp::KeyUnwrap:
        return "Microsoft.KeyVault/vaults/keys/unwrap/action";
    case DemoOp::KeyWrap:
        return "Microsoft.KeyVault/vaults/keys/wrap/action";
    case DemoOp::KeyDecrypt:
        return "Microsoft.KeyVault/vaults/keys/decrypt/action";
    default:
        break;
    }
    if (spec.kind == DemoObjectKind::Secret) {
        return "Microsoft.KeyVault/vaults/secrets/readMetadata/action";
    }
    return std::string("Microsoft.KeyVault/vaults/") + plural(spec.kind) + "/read";
}

// Access-policy permission word for the denial message.
const char* permissionWord(DemoOp op)
{
    switch (op) {
    case DemoOp::SecretList:
    case DemoOp::KeyList:
    case DemoOp::CertificateList:
    case DemoOp::SecretListVersions:
    case DemoOp::KeyListVersions:
    case DemoOp::CertificateListVersions:
        return "list";
    case DemoOp::SecretSet:
        return "set";
    case DemoOp::SecretDelete:
    case DemoOp::KeyDelete:
        return "delete";
    case DemoOp::SecretPurge:
    case DemoOp::KeyPurge:
        return "purge";
    case DemoOp::SecretBackup:
    case DemoOp::KeyBackup:
        return "backup";
    case DemoOp::KeyUnwrap:
        return "unwrapKey";
    case DemoOp::KeyWrap:
        return "wrapKey";
    case DemoOp::KeySign:
        return "sign";
    default:
        return "get";
    }
}

} // namespace

void DemoRecordFactory::fill(const DemoCall& call, DemoRandom& rng, DemoRecord& out) const
{
    const DemoOperation& spec = DemoOperation::of(call.op);
    const DemoResource& res = *call.resource;
    const DemoClient& client = *call.client;
    const int status = call.status != 0 ? call.status : spec.successStatus;
    const bool arm = spec.plane == DemoPlane::Arm;

    out.time = call.time;
    out.blobHour = call.time;
    out.resource = &res;
    out.operationName = spec.name;
    out.operationVersion = arm ? client.armApiVersion : client.apiVersion;
    out.resultType = "Success";
    out.resultSignature = demoReasonPhrase(status);
    out.resultDescription.clear();
    out.callerIp.assign(call.ip);
    out.correlationId = rng.guid();
    out.httpStatusCode = status;
    out.incident = call.incident;
    out.identityIndex = call.identity != nullptr ? call.identity->index : -1;
    out.armRelayed = arm;
    out.vaultConfig = nullptr;
    out.addedAccessPolicy.reset();
    out.removedAccessPolicy.reset();
    out.keyProperties = nullptr;
    out.secretContentType.clear();
    out.isAccessPolicyMatch.reset();
    out.isRbacAuthorized.reset();
    out.id.clear();
    out.requestUri.clear();

    // Claims
    out.claims.clear();
    out.identityEmpty = call.identity == nullptr;
    if (call.identity != nullptr) {
        fillClaims(call, arm, out);
    }

    if (arm) {
        out.clientInfo = client.armInfo;
        out.tlsVersion.clear();
        out.requestUri = client.regionalArm ? "https://" + res.region + ".management.azure.com"
                                            : std::string("https://management.azure.com");
        out.requestUri += res.armPath;
        out.requestUri.append(call.armSuffix);
        out.requestUri += "?api-version=";
        out.requestUri += client.armApiVersion;
        if (client.regionalArm) {
            out.requestUri += "&MaskCMKEnabledProperties=true";
        }
        out.id = res.baseUri + "/";
        if (call.op != DemoOp::VaultDelete && status < 400) {
            out.vaultConfig = &res.config;
        }
    } else {
        const DemoOp uriOp = spec.plane == DemoPlane::Auth ? call.challengedOp : call.op;
        const DemoOperation& uriSpec = DemoOperation::of(uriOp);
        switch (uriSpec.kind) {
        case DemoObjectKind::Secret:
            out.clientInfo = client.secretsInfo;
            break;
        case DemoObjectKind::Certificate:
            out.clientInfo = client.certsInfo;
            break;
        default:
            out.clientInfo = client.keysInfo;
            break;
        }
        out.tlsVersion = client.tls;
        appendDataUri(call, uriOp, out.requestUri);

        if (spec.plane == DemoPlane::Data) {
            // properties.id: the object addressed (with the version the service resolved when it returned one).
            const std::string_view name =
                call.object != nullptr ? std::string_view(call.object->name) : call.objectName;
            const bool found = status < 400 && call.object != nullptr;
            switch (call.op) {
            case DemoOp::SecretList:
            case DemoOp::KeyList:
            case DemoOp::CertificateList:
            case DemoOp::RoleAssignmentList:
            case DemoOp::SecurityDomainBackup:
            case DemoOp::SecurityDomainBackupStatusGet:
                break;
            case DemoOp::SecretPurge:
            case DemoOp::KeyPurge:
                out.id = res.baseUri + (call.op == DemoOp::SecretPurge ? "/deletedsecrets/" : "/deletedkeys/");
                out.id.append(name);
                break;
            case DemoOp::RoleAssignmentCreate:
            case DemoOp::RoleAssignmentDelete:
                out.id = res.baseUri + "/providers/Microsoft.Authorization/roleAssignments/";
                out.id.append(name);
                break;
            case DemoOp::SecretSet:
            case DemoOp::KeyCreate:
            case DemoOp::KeyRotate:
                out.id = res.baseUri + pathSegment(spec.kind) + "/";
                out.id.append(name);
                if (status < 400) {
                    out.id += "/" + rng.hex(32);
                }
                break;
            case DemoOp::SecretGet:
            case DemoOp::SecretUpdate:
            case DemoOp::KeyGet:
            case DemoOp::KeyUpdate:
            case DemoOp::KeySign:
            case DemoOp::KeyVerify:
            case DemoOp::KeyWrap:
            case DemoOp::KeyUnwrap:
            case DemoOp::KeyEncrypt:
            case DemoOp::KeyDecrypt:
            case DemoOp::CertificateGet:
                out.id = res.baseUri + pathSegment(spec.kind) + "/";
                out.id.append(name);
                if (found) {
                    out.id += "/" + call.object->version;
                }
                break;
            default:
                out.id = res.baseUri + pathSegment(spec.kind) + "/";
                out.id.append(name);
                break;
            }
            if (status < 400 || status == 403 || status == 404 || status == 409) {
                if (res.rbac) {
                    out.isRbacAuthorized = status != 403;
                } else {
                    out.isAccessPolicyMatch = status != 403;
                }
            }
            if (status < 400 && call.object != nullptr) {
                if (spec.kind == DemoObjectKind::Key &&
                    (call.op == DemoOp::KeyGet || call.op == DemoOp::KeyCreate || call.op == DemoOp::KeyRotate ||
                     call.op == DemoOp::KeyUpdate)) {
                    out.keyProperties = &call.object->key;
                }
                if ((call.op == DemoOp::SecretGet || call.op == DemoOp::SecretSet) &&
                    !call.object->contentType.empty()) {
                    out.secretContentType = call.object->contentType;
                }
            }
        }
    }
    fillDescription(call, out);
    out.durationMs = duration(call, status, rng);
}

void DemoRecordFactory::fillClaims(const DemoCall& call, bool arm, DemoRecord& out) const
{
    const DemoIdentity& who = *call.identity;
    const DemoClient& client = *call.client;
    auto add = [&](const char* key, const std::string& value, bool isArray = false) {
        out.claims.push_back(DemoClaim{key, value, isArray});
    };
    static const std::string empty = "[]";
    if (arm) {
        add("http://schemas.microsoft.com/identity/claims/objectidentifier", who.objectId);
        if (who.kind == DemoIdentityKind::User) {
            add("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", who.upn);
            add("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", who.upn);
            add("appid", client.armAppId);
        } else {
            add("appid", who.appId);
        }
        return;
    }
    if (who.kind == DemoIdentityKind::User) {
        add("oid", who.objectId);
        add("appid", client.appId);
        add("scp", "user_impersonation");
        add("appidacr", "0");
        add("xms_az_nwperimid", empty, true);
        add("upn", who.upn);
        add("ipaddr", std::string(call.ip));
        add("unique_name", who.upn);
        add("amr", "pwd");
        return;
    }
    add("oid", who.objectId);
    add("appid", who.appId);
    add("appidacr", who.appidacr);
    add("idtyp", "app");
    if (!who.miResourceId.empty()) {
        add("xms_mirid", who.miResourceId);
    }
    add("xms_az_nwperimid", empty, true);
}

void DemoRecordFactory::appendDataUri(const DemoCall& call, DemoOp op, std::string& uri) const
{
    const DemoOperation& spec = DemoOperation::of(op);
    const DemoResource& res = *call.resource;
    const DemoClient& client = *call.client;
    const std::string_view name = call.object != nullptr ? std::string_view(call.object->name) : call.objectName;
    uri = res.baseUri;
    bool isGet = false;
    switch (op) {
    case DemoOp::SecretGet:
    case DemoOp::KeyGet:
    case DemoOp::CertificateGet:
        uri += pathSegment(spec.kind);
        uri.push_back('/');
        uri.append(name);
        isGet = true;
        break;
    case DemoOp::SecretList:
    case DemoOp::KeyList:
    case DemoOp::CertificateList:
        uri += pathSegment(spec.kind);
        break;
    case DemoOp::SecretListVersions:
    case DemoOp::KeyListVersions:
    case DemoOp::CertificateListVersions:
        uri += pathSegment(spec.kind);
        uri.push_back('/');
        uri.append(name);
        uri += "/versions";
        break;
    case DemoOp::SecretSet:
    case DemoOp::SecretDelete:
    case DemoOp::KeyDelete:
        uri += pathSegment(spec.kind);
        uri.push_back('/');
        uri.append(name);
        break;
    case DemoOp::SecretUpdate:
    case DemoOp::KeyUpdate:
        uri += pathSegment(spec.kind);
        uri.push_back('/');
        uri.append(name);
        if (call.object != nullptr) {
            uri += "/" + call.object->version;
        }
        break;
    case DemoOp::SecretPurge:
        uri += "/deletedsecrets/";
        uri.append(name);
        break;
    case DemoOp::KeyPurge:
        uri += "/deletedkeys/";
        uri.append(name);
        break;
    case DemoOp::SecretBackup:
    case DemoOp::KeyBackup:
        uri += pathSegment(spec.kind);
        uri.push_back('/');
        uri.append(name);
        uri += "/backup";
        break;
    case DemoOp::KeyCreate:
    case DemoOp::KeyRotate:
    case DemoOp::CertificateCreate:
    case DemoOp::CertificateImport:
    case DemoOp::CertificatePolicyGet: {
        uri += pathSegment(spec.kind);
        uri.push_back('/');
        uri.append(name);
        const char* verb = op == DemoOp::KeyCreate || op == DemoOp::CertificateCreate ? "/create"
                           : op == DemoOp::KeyRotate                                  ? "/rotate"
                           : op == DemoOp::CertificateImport                          ? "/import"
                                                                                      : "/policy";
        uri += verb;
        break;
    }
    case DemoOp::KeySign:
    case DemoOp::KeyVerify:
    case DemoOp::KeyWrap:
    case DemoOp::KeyUnwrap:
    case DemoOp::KeyEncrypt:
    case DemoOp::KeyDecrypt: {
        uri += "/keys/";
        uri.append(name);
        if (call.object != nullptr) {
            uri += "/" + call.object->version;
        }
        const char* verb = op == DemoOp::KeySign      ? "/sign"
                           : op == DemoOp::KeyVerify  ? "/verify"
                           : op == DemoOp::KeyWrap    ? "/wrapkey"
                           : op == DemoOp::KeyUnwrap  ? "/unwrapkey"
                           : op == DemoOp::KeyEncrypt ? "/encrypt"
                                                      : "/decrypt";
        uri += verb;
        break;
    }
    case DemoOp::SecurityDomainBackup:
        uri += "/securitydomain/download";
        break;
    case DemoOp::SecurityDomainBackupStatusGet:
        uri += "/securitydomain/download/pending";
        break;
    case DemoOp::RoleAssignmentCreate:
    case DemoOp::RoleAssignmentDelete:
        uri += "/providers/Microsoft.Authorization/roleAssignments/";
        uri.append(name);
        break;
    case DemoOp::RoleAssignmentList:
        uri += "/providers/Microsoft.Authorization/roleAssignments";
        break;
    default:
        break;
    }
    if (isGet && client.trailingSlash) {
        uri.push_back('/');
    }
    uri += "?api-version=";
    uri += client.apiVersion;
    if (spec.isList && client.maxResults) {
        uri += "&maxresults=25";
    }
    uri.append(call.extraQuery);
    if (client.cacheBuster) {
        // The portal's jQuery cache-buster: page-load time in Unix milliseconds.
        const std::int64_t ms = call.time.ticks() / Timestamp::TicksPerMillisecond - 2345;
        uri += "&_=" + std::to_string(ms);
    }
}

void DemoRecordFactory::fillDescription(const DemoCall& call, DemoRecord& out) const
{
    const int status = out.httpStatusCode;
    const DemoOperation& spec = DemoOperation::of(call.op);
    const DemoResource& res = *call.resource;
    const std::string_view name = call.object != nullptr ? std::string_view(call.object->name) : call.objectName;
    switch (status) {
    case 403: {
        const std::string appid = out.claim("appid");
        const std::string oid = out.objectId();
        if (res.rbac) {
            // The multi-line RBAC denial text (formats.md §2.1): these are the CSV cells with embedded newlines.
            std::string resource = "/subscriptions/" + res.subscription + "/resourcegroups/" + res.resourceGroup +
                                   "/providers/microsoft.keyvault/" + (res.hsm ? "managedhsms/" : "vaults/") + res.name;
            if (!name.empty() && spec.kind != DemoObjectKind::None && !spec.isList) {
                resource += "/";
                resource += plural(spec.kind);
                resource += "/";
                resource.append(name);
            }
            out.resultDescription = "Caller is not authorized to perform action on resource.\n"
                                    "If role assignments, deny assignments or role definitions were changed recently, "
                                    "please observe propagation time.\nCaller: appid=" +
                                    appid + ";oid=" + oid + ";iss=https://sts.windows.net/" + m_world.tenantId() +
                                    "/\nAction: '" + rbacAction(call.op, res.hsm) + "'\nResource: '" + resource +
                                    "'\nAssignment: (not found)\nDenyAssignmentId: null\nDecisionReason: null \n"
                                    "Vault: " +
                                    res.name + ";location=" + res.region;
        } else {
            out.resultDescription = "The user, group or application 'appid=" + appid + ";oid=" + oid +
                                    ";iss=https://sts.windows.net/" + m_world.tenantId() + "/' does not have " +
                                    plural(spec.kind) + " " + permissionWord(call.op) + " permission on key vault '" +
                                    res.name + ";location=" + res.region +
                                    "'. For help resolving this issue, please see "
                                    "https://go.microsoft.com/fwlink/?linkid=2125287";
        }
        break;
    }
    case 404:
        out.resultDescription = std::string("A ") + singular(spec.kind) + " with (name/id) " + std::string(name) +
                                " was not found in this key vault. If you recently deleted this " +
                                singular(spec.kind) +
                                " you may be able to recover it using the correct recovery command. For help "
                                "resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182";
        break;
    case 409:
        out.resultDescription = "There was a conflict with the current state of the resource. Retry the operation.";
        break;
    case 429:
        out.resultDescription =
            "Request was not allowed because the vault's throttling limit was exceeded. Retry after "
            "the interval in the Retry-After header.";
        break;
    case 500:
        out.resultDescription = "An internal server error occurred. Retry the operation.";
        break;
    case 503:
        out.resultDescription = "The service is temporarily unavailable. Retry the operation.";
        break;
    default:
        break;
    }
}

std::int64_t DemoRecordFactory::duration(const DemoCall& call, int status, DemoRandom& rng) const
{
    const DemoOperation& spec = DemoOperation::of(call.op);
    int lo = spec.minMs;
    int hi = spec.maxMs;
    if (status == 403 || status == 404 || status == 429) {
        lo = 1;
        hi = 25;
    } else if (status >= 500) {
        lo = 200;
        hi = 30000;
    }
    // Skewed towards the low end (product of two uniforms), with a rare slow tail.
    const double u = rng.uniform() * rng.uniform();
    std::int64_t ms = lo + static_cast<std::int64_t>(u * (hi - lo));
    if (rng.chance(0.01)) {
        ms *= rng.between(2, 8);
    }
    return ms;
}

} // namespace kvw::core
