#include "common/TestSupport.h"
#include "core/common/Timestamp.h"
#include "core/ingest/CsvTableReader.h"
#include "core/ingest/InputStream.h"
#include "core/ingest/LogAnalyticsQueryReader.h"
#include "core/ingest/LogAnalyticsRowMapper.h"
#include "core/ingest/RawRecordNormaliser.h"
#include "core/model/AzureResourceId.h"

#include <QtTest>
#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

using namespace kvw::core;
using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------------------------
// Harness

struct Recorder : RecordConsumer
{
    struct Accepted
    {
        Event event;
        std::int64_t index;
        std::string raw;
    };
    struct Other
    {
        OtherRecordKind kind;
        json record;
        std::int64_t index;
    };
    std::vector<SourceFormat> formats;
    std::vector<Accepted> events;
    std::vector<std::pair<std::int64_t, std::string>> skips;
    std::vector<std::pair<std::int64_t, std::string>> rejects;
    std::vector<Other> others;
    int cancelAfter = -1;

    void setFormat(SourceFormat f) override { formats.push_back(f); }
    void event(Event e, std::int64_t i, std::string raw) override
    {
        events.push_back({std::move(e), i, std::move(raw)});
    }
    void skipped(std::int64_t i, const std::string& why) override { skips.emplace_back(i, why); }
    void rejected(std::int64_t i, const std::string& why) override { rejects.emplace_back(i, why); }
    void otherRecord(OtherRecordKind k, const json& r, std::int64_t i) override { others.push_back({k, r, i}); }
    bool cancelled() const override { return cancelAfter >= 0 && static_cast<int>(events.size()) >= cancelAfter; }

    QString indices(const std::vector<std::pair<std::int64_t, std::string>>& list) const
    {
        QStringList parts;
        for (const auto& [i, why] : list) {
            parts << QString::number(i);
        }
        return parts.join(QLatin1Char(','));
    }
    QString eventIndices() const
    {
        QStringList parts;
        for (const auto& e : events) {
            parts << QString::number(e.index);
        }
        return parts.join(QLatin1Char(','));
    }
    std::string reasonAt(const std::vector<std::pair<std::int64_t, std::string>>& list, std::int64_t index) const
    {
        for (const auto& [i, why] : list) {
            if (i == index) {
                return why;
            }
        }
        return {};
    }
    const Event* eventAt(std::int64_t index) const
    {
        for (const auto& e : events) {
            if (e.index == index) {
                return &e.event;
            }
        }
        return nullptr;
    }
};

std::unique_ptr<InputStream> streamOf(std::string text, std::size_t chunk = 1 << 16)
{
    auto data = std::make_shared<std::string>(std::move(text));
    auto pos = std::make_shared<std::size_t>(0);
    return std::make_unique<InputStream>(
        [data, pos, chunk](char* out, std::size_t capacity) -> Result<std::size_t> {
            const std::size_t n = std::min({capacity, chunk, data->size() - *pos});
            std::memcpy(out, data->data() + *pos, n);
            *pos += n;
            return n;
        },
        4096);
}

Status readCsv(const std::string& text, Recorder& rec, DateOrder order = DateOrder::MonthFirst)
{
    auto in = streamOf(text, 4093);
    return CsvTableReader::read(*in, "export.csv", rec, order);
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// Every Event field, one per line, so a mismatch names the field.
QString describe(const Event& e, bool millisecondTime, bool upperResourceId = false)
{
    auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string("null"); };
    const std::int64_t ticks = millisecondTime ? Timestamp::floorDiv(e.time.ticks(), Timestamp::TicksPerMillisecond) *
                                                     Timestamp::TicksPerMillisecond
                                               : e.time.ticks();
    std::string rid = e.resourceId;
    if (upperResourceId) {
        std::transform(rid.begin(), rid.end(), rid.begin(), [](unsigned char c) { return std::toupper(c); });
    }
    std::string out;
    out += "time=" + Timestamp::fromTicks(ticks).toIso() + "\n";
    out += "resourceId=" + rid + "\n";
    out += "subscription=" + e.subscription + "\n";
    out += "resourceGroup=" + e.resourceGroup + "\n";
    out += std::string("resourceType=") + toString(e.resourceType) + "\n";
    out += "vault=" + e.vault + "\n";
    out += "operation=" + e.operation + "\n";
    out += "operationVersion=" + e.operationVersion + "\n";
    out += std::string("operationClass=") + toString(e.operationClass) + "\n";
    out += std::string("objectType=") + toString(e.objectType) + "\n";
    out += "objectName=" + e.objectName + "\n";
    out += "objectVersion=" + e.objectVersion + "\n";
    out += "httpStatus=" + opt(e.httpStatus) + "\n";
    out += "resultType=" + e.resultType + "\n";
    out += "resultSignature=" + e.resultSignature + "\n";
    out += "resultDescription=" + e.resultDescription + "\n";
    out += "durationMs=" + opt(e.durationMs) + "\n";
    out += "callerIp=" + e.callerIp + "\n";
    out += "identityObjectId=" + e.identityObjectId + "\n";
    out += "identityUpn=" + e.identityUpn + "\n";
    out += "identityAppId=" + e.identityAppId + "\n";
    out += std::string("identityKind=") + toString(e.identityKind) + "\n";
    out += "clientInfo=" + e.clientInfo + "\n";
    out += "requestUri=" + e.requestUri + "\n";
    out += "objectUri=" + e.objectUri + "\n";
    out += "correlationId=" + e.correlationId + "\n";
    out += "tlsVersion=" + e.tlsVersion + "\n";
    out += "isRbacAuthorized=" + opt(e.isRbacAuthorized) + "\n";
    out += "isAccessPolicyMatch=" + opt(e.isAccessPolicyMatch) + "\n";
    out += "trustedService=" + e.trustedService + "\n";
    return q(out);
}

// ---------------------------------------------------------------------------------------------------------------
// Writing Log Analytics exports the way the portal does (formats.md §9.1)

std::string csvCell(const std::string& v)
{
    if (v.find_first_of(",\"\r\n ") == std::string::npos) {
        return v;
    }
    std::string out = "\"";
    for (char c : v) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string csvHeaderCell(const std::string& name)
{
    return name.find(' ') != std::string::npos || name.front() == '_' ? "\"" + name + "\"" : name;
}

using Row = std::map<std::string, std::string>;

std::string csvLine(const std::vector<std::string>& header, const Row& row)
{
    std::string line;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const auto it = row.find(header[i]);
        line += (i ? "," : "") + (it == row.end() ? std::string{} : csvCell(it->second));
    }
    return line + "\r\n";
}

std::string csvHeader(const std::vector<std::string>& header)
{
    std::string line;
    for (std::size_t i = 0; i < header.size(); ++i) {
        line += (i ? "," : "") + csvHeaderCell(header[i]);
    }
    return line + "\r\n";
}

// The shared AzureDiagnostics table carries ~40 services' columns, empty on Key Vault rows.
std::vector<std::string> otherServiceColumns(int n)
{
    static const char* stems[] = {"backendPoolName", "clientIP", "httpMethod", "listenerName", "ruleName",
                                  "sslCipher",       "host",     "Message",    "Level_d",      "msg",
                                  "Computer",        "event",    "instanceId", "action",       "policy"};
    static const char* suffixes[] = {"_s", "_d", "_g", "_b", "_t"};
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(std::string(stems[i % 15]) + std::to_string(i / 15) + suffixes[i % 5]);
    }
    return out;
}

// "6/9/2023, 10:45:31.952 AM": en-US, millisecond precision, 12-hour clock.
std::string enUsTime(Timestamp t)
{
    const std::string iso = Timestamp::fromTicks(Timestamp::floorDiv(t.ticks(), Timestamp::TicksPerMillisecond) *
                                                 Timestamp::TicksPerMillisecond)
                                .toIso();
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
    std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &y, &mo, &d, &h, &mi, &s, &ms);
    const int h12 = h % 12 == 0 ? 12 : h % 12;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d/%d/%d, %d:%02d:%02d.%03d %s", mo, d, y, h12, mi, s, ms, h < 12 ? "AM" : "PM");
    return buf;
}

bool looksLikeGuid(const std::string& s)
{
    if (s.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) {
            return false;
        }
    }
    return true;
}

std::string scalarText(const json& v)
{
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? "true" : "false";
    }
    return v.dump();
}

// formats.md §5.1: path parts joined by '_', the top-level properties prefix dropped, a type suffix per value;
// arrays become JSON text in an _s column.
void flattenInto(Row& row, const json& node, const std::string& path)
{
    if (node.is_null()) {
        return;
    }
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            flattenInto(row, *it, path.empty() ? it.key() : path + "_" + it.key());
        }
        return;
    }
    std::string suffix = "_s";
    if (node.is_number()) {
        suffix = "_d";
    } else if (node.is_boolean()) {
        suffix = "_b";
    } else if (node.is_string() && looksLikeGuid(node.get<std::string>())) {
        suffix = "_g";
    }
    row[path + suffix] = scalarText(node);
}

// "http://schemas.microsoft.com/identity/claims/objectidentifier" -> "http_schemas_microsoft_com_identity_claims_…"
std::string claimColumnStem(const std::string& claim)
{
    std::string out;
    for (char c : claim) {
        const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        if (keep) {
            out += c;
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    return out;
}

json identityObject(const json& raw)
{
    const auto it = raw.find("identity");
    if (it == raw.end()) {
        return json::object();
    }
    return it->is_string() ? json::parse(it->get<std::string>()) : *it;
}

struct ResourceParts
{
    std::string subscription, group, resource, type;
};

ResourceParts resourceParts(const std::string& id)
{
    ResourceParts p;
    std::vector<std::string> seg;
    std::size_t start = 1;
    while (start <= id.size()) {
        const std::size_t end = id.find('/', start);
        seg.push_back(id.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    for (std::size_t i = 0; i + 1 < seg.size(); ++i) {
        if (seg[i] == "SUBSCRIPTIONS") {
            p.subscription = seg[i + 1];
        } else if (seg[i] == "RESOURCEGROUPS") {
            p.group = seg[i + 1];
        }
    }
    if (seg.size() >= 2) {
        p.type = seg[seg.size() - 2];
        p.resource = seg.back();
    }
    return p;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// One raw record as an AzureDiagnostics row (formats.md §5). With `overflow`, some fields go to AdditionalFields
// (rule 5) and the status to httpStatusCode_s (rule 4), as in workspaces past the 500-column cap.
Row toAzureDiagnostics(const json& r, bool overflow)
{
    Row row;
    const std::string id = r.value("resourceId", "");
    const ResourceParts parts = resourceParts(id);
    row["TenantId"] = "7f1c0c62-6a55-4c3e-9b7e-0d1a4c7d2b11";
    row["TimeGenerated [UTC]"] = enUsTime(*parseTimestamp(r.at("time").get<std::string>()));
    row["ResourceId"] = id;
    row["_ResourceId"] = lower(id);
    row["SubscriptionId"] = parts.subscription;
    row["ResourceGroup"] = parts.group;
    row["ResourceProvider"] = "MICROSOFT.KEYVAULT";
    row["Resource"] = parts.resource;
    row["ResourceType"] = parts.type;
    row["Category"] = r.value("category", "AuditEvent");
    row["OperationName"] = r.value("operationName", "");
    row["OperationVersion"] = r.value("operationVersion", "");
    row["ResultType"] = r.value("resultType", "");
    row["ResultSignature"] = r.value("resultSignature", "");
    row["ResultDescription"] = r.value("resultDescription", "");
    if (r.contains("durationMs")) {
        row["DurationMs"] = scalarText(r["durationMs"]);
    }
    row["CallerIPAddress"] = r.value("callerIpAddress", "");
    row["CorrelationId"] = r.value("correlationId", "");
    row["SourceSystem"] = "Azure";
    row["Type"] = "AzureDiagnostics";
    if (r.contains("properties")) {
        flattenInto(row, r["properties"], "");
    }
    const json identity = identityObject(r);
    if (identity.contains("claim")) {
        for (auto it = identity["claim"].begin(); it != identity["claim"].end(); ++it) {
            Row claim;
            flattenInto(claim, *it, "identity_claim_" + claimColumnStem(it.key()));
            row.insert(claim.begin(), claim.end());
        }
    }
    if (overflow) {
        json bag = json::object();
        for (const char* column : {"tlsVersion_s", "clientInfo_s"}) {
            if (const auto it = row.find(column); it != row.end()) {
                // One under its suffixed name, one bare: both spellings occur in the bag.
                bag[std::string(column) == "clientInfo_s" ? "clientInfo" : column] = it->second;
                row.erase(it);
            }
        }
        for (auto it = row.begin(); it != row.end();) {
            if (it->first.rfind("identity_claim_upn", 0) == 0) {
                bag[it->first] = it->second;
                it = row.erase(it);
            } else {
                ++it;
            }
        }
        if (const auto it = row.find("httpStatusCode_d"); it != row.end()) {
            row["httpStatusCode_s"] = it->second;
            row.erase(it);
        }
        if (!bag.empty()) {
            row["AdditionalFields"] = bag.dump();
        }
    }
    return row;
}

// One raw record as an AZKVAuditLogs row (formats.md §7), with typed values as the query API returns them.
json toAzkvObject(const json& r)
{
    json row = json::object();
    json props = r.value("properties", json::object());
    auto take = [&](const char* column, const char* key) {
        if (props.contains(key)) {
            row[column] = props[key];
            props.erase(key);
        }
    };
    row["TenantId"] = "7f1c0c62-6a55-4c3e-9b7e-0d1a4c7d2b11";
    row["TimeGenerated"] = r.at("time");
    row["OperationName"] = r.value("operationName", "");
    row["OperationVersion"] = r.value("operationVersion", "");
    row["ResultType"] = r.value("resultType", "");
    row["ResultSignature"] = r.value("resultSignature", "");
    row["ResultDescription"] = r.value("resultDescription", "");
    if (r.contains("durationMs")) {
        row["DurationMs"] = std::stoll(scalarText(r["durationMs"]));
    }
    row["CallerIpAddress"] = r.value("callerIpAddress", "");
    row["CorrelationId"] = r.value("correlationId", "");
    row["Identity"] = identityObject(r);
    take("Id", "id");
    take("RequestUri", "requestUri");
    take("HttpStatusCode", "httpStatusCode");
    take("ClientInfo", "clientInfo");
    take("Tlsversion", "tlsVersion");
    take("IsAccessPolicyMatch", "isAccessPolicyMatch");
    take("IsRbacAuthorized", "isRbacAuthorized");
    take("AppliedAssignmentId", "appliedAssignmentId");
    take("TrustedService", "trustedService");
    take("KeyProperties", "keyProperties");
    take("SecretProperties", "secretProperties");
    take("CertificateProperties", "certificateProperties");
    take("CertificatePolicyProperties", "certificatePolicyProperties");
    row["Properties"] = props;
    row["_ResourceId"] = lower(r.value("resourceId", ""));
    row["_SubscriptionId"] = lower(resourceParts(r.value("resourceId", "")).subscription);
    row["SourceSystem"] = "Azure";
    row["Type"] = "AZKVAuditLogs";
    return row;
}

// The same row as the portal writes it to CSV: dynamic values as JSON text, datetimes in en-US form.
Row toAzkvCsvRow(const json& object)
{
    Row row;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string name = it.key() == "TimeGenerated" ? "TimeGenerated [UTC]" : it.key();
        if (it.key() == "TimeGenerated") {
            row[name] = enUsTime(*parseTimestamp(it->get<std::string>()));
        } else {
            row[name] = scalarText(*it);
        }
    }
    return row;
}

std::string csvOf(const std::vector<Row>& rows, bool fillers)
{
    std::vector<std::string> header;
    for (const auto& row : rows) {
        for (const auto& [name, value] : row) {
            if (std::find(header.begin(), header.end(), name) == header.end()) {
                header.push_back(name);
            }
        }
    }
    if (fillers) {
        const auto others = otherServiceColumns(240);
        header.insert(header.begin() + static_cast<std::ptrdiff_t>(header.size() / 2), others.begin(), others.end());
    }
    std::string out = csvHeader(header);
    for (const auto& row : rows) {
        out += csvLine(header, row);
    }
    return out;
}

// A data-plane 403 with a multi-line RBAC denial, as real records carry (formats.md §2.1).
const char* BuiltInDenied =
    R"({"time":"2024-04-04T06:43:32.2816869Z","category":"AuditEvent","operationName":"SecretGet","resultType":"Success",)"
    R"("correlationId":"5e0f3c0a-8d7e-4d52-9a57-3b8f1f0c2a61","callerIpAddress":"203.0.113.7",)"
    R"("identity":{"claim":{"oid":"11111111-2222-3333-4444-555555555555","appid":"04b07795-8ddb-461a-bbee-02f9e1bf7b46",)"
    R"("upn":"mallory@contoso.example","idtyp":"user","xms_az_nwperimid":[]}},)"
    R"("properties":{"id":"https://kv-prod-01.vault.azure.net/secrets/db-password","clientInfo":"AZURECLI/2.58.0",)"
    R"("httpStatusCode":403,"requestUri":"https://kv-prod-01.vault.azure.net/secrets/db-password/?api-version=7.4",)"
    R"("isRbacAuthorized":false,"tlsVersion":"TLS1_3"},)"
    R"("resourceId":"/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG-SECRETS/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-PROD-01",)"
    R"("operationVersion":"7.4","resultSignature":"Forbidden",)"
    R"("resultDescription":"Caller is not authorized to perform action on resource.\r\nIf role assignments were recently changed, please wait several minutes.\r\nCaller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=11111111-2222-3333-4444-555555555555\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'",)"
    R"("durationMs":"9"})";

// A Managed HSM key operation with a numeric durationMs and the identity as JSON text (formats.md §3).
const char* BuiltInHsm =
    R"({"time":"2024-05-02T21:07:44.120Z","category":"AuditEvent","operationName":"KeyCreate","resultType":"Success",)"
    R"("correlationId":"a7f3bb9e-52d1-4b8c-90aa-1d3e5f7a9c02","callerIpAddress":"198.51.100.24",)"
    R"("identity":"{\"claim\":{\"http://schemas.microsoft.com/identity/claims/objectidentifier\":\"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\",\"appid\":\"2c8e6f1a-3b5d-4e7f-9a0b-1c2d3e4f5a6b\",\"idtyp\":\"app\"}}",)"
    R"("properties":{"id":"https://contoso-hsm.managedhsm.azure.net/keys/cmk-storage/4f1e2d3c4b5a69788796a5b4c3d2e1f0",)"
    R"("clientInfo":"azsdk-python-keyvault-keys/4.9.0","httpStatusCode":200,)"
    R"("requestUri":"https://contoso-hsm.managedhsm.azure.net/keys/cmk-storage/create?api-version=7.5",)"
    R"("isRbacAuthorized":true,"tlsVersion":"TLS1_2","keyProperties":{"type":"RSA-HSM","size":3072,"operations":["wrapKey","unwrapKey"]}},)"
    R"("resourceId":"/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG-HSM/PROVIDERS/MICROSOFT.KEYVAULT/MANAGEDHSMS/CONTOSO-HSM",)"
    R"("operationVersion":"7.5","resultSignature":"OK","durationMs":488})";

// ---------------------------------------------------------------------------------------------------------------
// Fixtures written as the portal exports them.

const std::vector<std::string>& diagnosticsHeader()
{
    static const std::vector<std::string> header = [] {
        std::vector<std::string> h{"TenantId",          "TimeGenerated [UTC]", "ResourceId",       "Category",
                                   "ResourceGroup",     "SubscriptionId",      "ResourceProvider", "Resource",
                                   "ResourceType",      "OperationName",       "ResultType",       "CorrelationId",
                                   "ResultDescription", "CallerIPAddress",     "DurationMs",       "OperationVersion",
                                   "ResultSignature"};
        const auto others = otherServiceColumns(300);
        h.insert(h.end(), others.begin(), others.end());
        for (const char* c :
             {"id_s", "requestUri_s", "clientInfo_s", "httpStatusCode_d", "httpStatusCode_s", "tlsVersion_s",
              "isRbacAuthorized_b", "isAccessPolicyMatch_b", "identity_claim_oid_g", "identity_claim_upn_s",
              "identity_claim_appid_g", "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g",
              "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s",
              "identity_claim_xms_az_nwperimid_s", "AdditionalFields", "SourceSystem", "Type", "_ResourceId"}) {
            h.emplace_back(c);
        }
        return h;
    }();
    return header;
}

const std::string KvId = "/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG-SECRETS/PROVIDERS/"
                         "MICROSOFT.KEYVAULT/VAULTS/KV-PROD-01";

Row diagnosticsBase(const std::string& time, const std::string& operation)
{
    return Row{{"TenantId", "7f1c0c62-6a55-4c3e-9b7e-0d1a4c7d2b11"},
               {"TimeGenerated [UTC]", time},
               {"ResourceId", KvId},
               {"_ResourceId", lower(KvId)},
               {"Category", "AuditEvent"},
               {"ResourceGroup", "RG-SECRETS"},
               {"SubscriptionId", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"},
               {"ResourceProvider", "MICROSOFT.KEYVAULT"},
               {"Resource", "KV-PROD-01"},
               {"ResourceType", "VAULTS"},
               {"OperationName", operation},
               {"ResultType", "Success"},
               {"SourceSystem", "Azure"},
               {"Type", "AzureDiagnostics"}};
}

// Lines: 1 header; 2 SecretGet; 3 a network row; 4-6 a 403 with a multi-line description; 7 an ARM VaultGet with
// URI claims and AdditionalFields; 8 malformed quoting; 9 extra cells; 10 a short row; 11 no TimeGenerated;
// 12 another category; 13 a Managed HSM row.
std::string diagnosticsFixture()
{
    const auto& h = diagnosticsHeader();
    std::string csv = csvHeader(h);

    Row get = diagnosticsBase("4/4/2024, 6:43:32.281 AM", "SecretGet");
    get.insert({{"OperationVersion", "7.4"},
                {"ResultSignature", "OK"},
                {"DurationMs", "12"},
                {"CallerIPAddress", "203.0.113.7"},
                {"CorrelationId", "5e0f3c0a-8d7e-4d52-9a57-3b8f1f0c2a61"},
                {"id_s", "https://kv-prod-01.vault.azure.net/secrets/db-password/7c5b3e2d1f0a49b8a7c6d5e4f3a2b1c0"},
                {"requestUri_s", "https://kv-prod-01.vault.azure.net/secrets/db-password/?api-version=7.4"},
                {"clientInfo_s", "azsdk-net-Security.KeyVault.Secrets/4.5.0 (.NET 8.0.1; Microsoft Windows)"},
                {"httpStatusCode_d", "200"},
                {"tlsVersion_s", "TLS1_3"},
                {"isRbacAuthorized_b", "true"},
                {"identity_claim_oid_g", "11111111-2222-3333-4444-555555555555"},
                {"identity_claim_upn_s", "alice@contoso.example"},
                {"identity_claim_appid_g", "04B07795-8DDB-461A-BBEE-02F9E1BF7B46"},
                {"identity_claim_xms_az_nwperimid_s", "[]"}});
    csv += csvLine(h, get);

    Row network = diagnosticsBase("4/4/2024, 6:43:33.002 AM", "ApplicationGatewayAccess");
    network["ResourceProvider"] = "MICROSOFT.NETWORK";
    network["ResourceType"] = "APPLICATIONGATEWAYS";
    network["Category"] = "ApplicationGatewayAccessLog";
    network["ResourceId"] = "/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG-NET/PROVIDERS/"
                            "MICROSOFT.NETWORK/APPLICATIONGATEWAYS/AGW-01";
    network["httpMethod2_s"] = "GET";
    csv += csvLine(h, network);

    Row denied = diagnosticsBase("4/4/2024, 6:44:01.500 AM", "SecretGet");
    denied.insert({{"ResultSignature", "Forbidden"},
                   {"ResultDescription", "Caller is not authorized to perform action on resource.\nIf role "
                                         "assignments were recently changed, please wait.\nAction: "
                                         "'Microsoft.KeyVault/vaults/secrets/getSecret/action'"},
                   {"DurationMs", "4"},
                   {"CallerIPAddress", "198.51.100.9"},
                   {"requestUri_s", "https://kv-prod-01.vault.azure.net/secrets/db-password/?api-version=7.4"},
                   {"id_s", "https://kv-prod-01.vault.azure.net/secrets/db-password"},
                   {"httpStatusCode_s", "403"},
                   {"isRbacAuthorized_b", "false"},
                   {"identity_claim_oid_g", "99999999-8888-7777-6666-555555555555"},
                   {"identity_claim_upn_s", "mallory@contoso.example"}});
    csv += csvLine(h, denied);

    Row arm = diagnosticsBase("4/4/2024, 1:05:09.000 PM", "VaultGet");
    arm.erase("ResourceId");
    arm.insert({{"OperationVersion", "2023-07-01"},
                {"ResultSignature", "OK"},
                {"DurationMs", "17"},
                {"CallerIPAddress", "20.42.1.8"},
                {"requestUri_s", "https://management.azure.com/subscriptions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/"
                                 "resourceGroups/rg-secrets/providers/Microsoft.KeyVault/vaults/kv-prod-01?"
                                 "api-version=2023-07-01"},
                {"id_s", "https://kv-prod-01.vault.azure.net/"},
                {"httpStatusCode_d", "200"},
                {"identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g",
                 "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"},
                {"identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s", "bob@contoso.example"},
                {"AdditionalFields", R"({"clientInfo":"azure-resource-manager/2.0","appliedAssignmentId_g":"x"})"}});
    csv += csvLine(h, arm);

    // A quoted field with text after its closing quote.
    std::string broken = csvLine(h, diagnosticsBase("4/4/2024, 6:45:00.000 AM", "SecretList"));
    broken.replace(broken.find("AuditEvent"), 10, "\"Audit\"Event");
    csv += broken;

    std::string extra = csvLine(h, diagnosticsBase("4/4/2024, 6:46:00.000 AM", "SecretList"));
    extra.insert(extra.size() - 2, ",surplus,cells");
    csv += extra;

    // Cut after DurationMs: the rest of the row is missing, which reads as empty.
    std::string shortRow = csvLine(h, [] {
        Row r = diagnosticsBase("4/4/2024, 6:47:00.000 AM", "KeyList");
        r["DurationMs"] = "3";
        return r;
    }());
    std::size_t commas = 0;
    std::size_t cut = 0;
    bool inQuotes = false;
    for (; cut < shortRow.size() && commas < 15; ++cut) {
        inQuotes = inQuotes != (shortRow[cut] == '"');
        commas += !inQuotes && shortRow[cut] == ',';
    }
    csv += shortRow.substr(0, cut - 1) + "\r\n";

    Row noTime = diagnosticsBase("", "SecretGet");
    csv += csvLine(h, noTime);

    Row policy = diagnosticsBase("4/4/2024, 6:48:00.000 AM", "AzurePolicyEvaluation");
    policy["Category"] = "AzurePolicyEvaluationDetails";
    csv += csvLine(h, policy);

    const std::string hsmId = "/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG-HSM/PROVIDERS/"
                              "MICROSOFT.KEYVAULT/MANAGEDHSMS/CONTOSO-HSM";
    Row hsm = diagnosticsBase("5/2/2024, 9:07:44.120 PM", "KeyCreate");
    hsm.insert({{"ResultSignature", "OK"},
                {"DurationMs", "488"},
                {"requestUri_s", "https://contoso-hsm.managedhsm.azure.net/keys/cmk-storage/create?api-version=7.5"},
                {"id_s", "https://contoso-hsm.managedhsm.azure.net/keys/cmk-storage/4f1e2d3c4b5a69788796a5b4c3d2e1f0"},
                {"httpStatusCode_d", "200"}});
    hsm["ResourceId"] = hsmId;
    hsm["_ResourceId"] = lower(hsmId);
    hsm["ResourceType"] = "MANAGEDHSMS";
    hsm["Resource"] = "CONTOSO-HSM";
    csv += csvLine(h, hsm);
    return csv;
}

// AZKVAuditLogs as the portal exports it: PascalCase, Identity/Properties as JSON text.
const char* AzkvFixture =
    "TenantId,\"TimeGenerated [UTC]\",OperationName,OperationVersion,ResultType,ResultSignature,ResultDescription,"
    "DurationMs,CallerIpAddress,CorrelationId,Identity,Properties,Id,RequestUri,HttpStatusCode,ClientInfo,Tlsversion,"
    "IsAccessPolicyMatch,IsRbacAuthorized,AppliedAssignmentId,IsAddressAuthorized,AddressAuthorizationType,SubnetId,"
    "TrustedService,Nsp,Algorithm,HsmPoolResourceId,SourceSystem,Type,\"_ResourceId\",\"_SubscriptionId\"\r\n"
    // line 2: data-plane SecretGet, claims under "claim"
    "7f1c0c62-6a55-4c3e-9b7e-0d1a4c7d2b11,\"4/4/2024, 6:43:32.281 AM\",SecretGet,7.4,Success,OK,,12,203.0.113.7,"
    "5e0f3c0a-8d7e-4d52-9a57-3b8f1f0c2a61,"
    "\"{\"\"claim\"\":{\"\"oid\"\":\"\"11111111-2222-3333-4444-555555555555\"\",\"\"upn\"\":\"\"alice@contoso."
    "example\"\","
    "\"\"appid\"\":\"\"04b07795-8ddb-461a-bbee-02f9e1bf7b46\"\",\"\"xms_az_nwperimid\"\":[]}}\","
    "\"{\"\"secretProperties\"\":{\"\"attributes\"\":{\"\"enabled\"\":true}}}\","
    "https://kv-prod-01.vault.azure.net/secrets/db-password/7c5b3e2d1f0a49b8a7c6d5e4f3a2b1c0,"
    "https://kv-prod-01.vault.azure.net/secrets/db-password/?api-version=7.4,200,"
    "\"azsdk-net-Security.KeyVault.Secrets/4.5.0 (.NET 8.0.1; Microsoft Windows)\",TLS1_3,,true,"
    "7b2f0e0c-1d2e-4f3a-9b8c-7d6e5f4a3b2c,true,PublicIP,,,,,,Azure,AZKVAuditLogs,"
    "/subscriptions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/resourcegroups/rg-secrets/providers/microsoft.keyvault/vaults/"
    "kv-prod-01,0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\r\n"
    // line 3: unauthenticated probe, Identity {}
    "7f1c0c62-6a55-4c3e-9b7e-0d1a4c7d2b11,\"4/4/2024, 6:43:31.907 AM\",Authentication,7.4,Success,Unauthorized,"
    "\"AKV10000: Request is missing a Bearer or PoP token.\",0,203.0.113.7,,{},,,"
    "https://kv-prod-01.vault.azure.net/secrets/db-password/?api-version=7.4,401,,TLS1_3,,,,,,,,,,,Azure,"
    "AZKVAuditLogs,/subscriptions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/resourcegroups/rg-secrets/providers/"
    "microsoft.keyvault/vaults/kv-prod-01,\r\n"
    // line 4: flat claims, status and id only in the Properties bag
    "7f1c0c62-6a55-4c3e-9b7e-0d1a4c7d2b11,\"4/4/2024, 6:50:00.000 AM\",KeyGet,7.4,Success,Not Found,,5,203.0.113.7,,"
    "\"{\"\"oid\"\":\"\"11111111-2222-3333-4444-555555555555\"\",\"\"idtyp\"\":\"\"user\"\"}\","
    "\"{\"\"httpStatusCode\"\":404,\"\"id\"\":\"\"https://kv-prod-01.vault.azure.net/keys/k1\"\"}\",,"
    "https://kv-prod-01.vault.azure.net/keys/k1/?api-version=7.4,,,TLS1_2,,,,,,,,,,,Azure,AZKVAuditLogs,"
    "/subscriptions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/resourcegroups/rg-secrets/providers/microsoft.keyvault/vaults/"
    "kv-prod-01,\r\n"
    // line 5: no OperationName
    "7f1c0c62-6a55-4c3e-9b7e-0d1a4c7d2b11,\"4/4/2024, 6:51:00.000 AM\",,7.4,Success,OK,,5,203.0.113.7,,,,,,,,,,,,,,,,,,"
    ",Azure,AZKVAuditLogs,,\r\n";

const char* SecurityAlertFixture =
    "TenantId,\"TimeGenerated [UTC]\",DisplayName,AlertName,AlertSeverity,Description,ProviderName,VendorName,"
    "VendorOriginalId,SystemAlertId,ResourceId,SourceComputerId,AlertType,ConfidenceLevel,ConfidenceScore,IsIncident,"
    "\"StartTime [UTC]\",\"EndTime [UTC]\",\"ProcessingEndTime [UTC]\",RemediationSteps,ExtendedProperties,Entities,"
    "SourceSystem,WorkspaceSubscriptionId,WorkspaceResourceGroup,ExtendedLinks,ProductName,ProductComponentName,"
    "AlertLink,Status,CompromisedEntity,Tactics,Techniques,SubTechniques,Type\r\n"
    "7f1c0c62-6a55-4c3e-9b7e-0d1a4c7d2b11,\"2/20/2025, 6:44:20.835 PM\","
    "\"Suspicious secret listing and query in a Key Vault\",\"Suspicious secret listing and query in a Key Vault\","
    "Medium,\"A Secret List operation was followed by many Secret Get operations.\",Azure Security Center,Microsoft,"
    "a1b2c3d4,dce2adb7-a249-3639-1574-c6571793f490,"
    "/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG-SECRETS/PROVIDERS/MICROSOFT.KEYVAULT/"
    "VAULTS/KV-PROD-01,,KV_ListGetAnomaly,,,false,\"2/20/2025, 6:44:10.589 PM\",\"2/20/2025, 6:44:10.589 PM\","
    "\"2/20/2025, 6:44:20.590 PM\",\"[\"\"Contact the user\"\"]\","
    "\"{\"\"Attacker IP Address\"\":\"\"203.0.113.7\"\",\"\"Suspicious Operations\"\":\"\"[SecretList, "
    "SecretGet]\"\"}\","
    "\"[{\"\"$id\"\":\"\"2\"\",\"\"Type\"\":\"\"ip\"\",\"\"Address\"\":\"\"203.0.113.7\"\"},{\"\"$id\"\":\"\"3\"\","
    "\"\"Type\"\":\"\"account\"\",\"\"AadUserId\"\":\"\"11111111-2222-3333-4444-555555555555\"\"}]\",Detection,,,,"
    "Azure Defender,KeyVault,https://portal.azure.com/#blade/alert,New,KV-PROD-01,CredentialAccess,,,SecurityAlert\r\n";

const char* MetricsFixture =
    "TenantId,SourceSystem,\"TimeGenerated [UTC]\",ResourceId,OperationName,ResultType,CorrelationId,ResultSignature,"
    "ResultDescription,DurationMs,CallerIpAddress,Category,Level,SubscriptionId,ResourceGroup,ResourceProvider,"
    "Resource,"
    "ResourceType,MetricName,Total,Count,Maximum,Minimum,Average,TimeGrain,UnitName,Type,\"_ResourceId\"\r\n"
    "7f1c0c62-6a55-4c3e-9b7e-0d1a4c7d2b11,Azure,\"4/4/2024, 6:43:00.000 AM\","
    "/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG-SECRETS/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/"
    "KV-PROD-01,,,,,,,,,,0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0,RG-SECRETS,MICROSOFT.KEYVAULT,KV-PROD-01,VAULTS,"
    "ServiceApiHit,42,42,1,1,1,PT1M,Count,AzureMetrics,"
    "/subscriptions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/resourcegroups/rg-secrets/providers/microsoft.keyvault/vaults/"
    "kv-prod-01\r\n";

std::vector<std::string> sekoiaLines()
{
    std::vector<std::string> lines;
    const std::string shared = kvw::test::sharedDir();
    if (shared.empty()) {
        return lines;
    }
    std::ifstream in(shared + "/samples/schema/derived/keyvault_auditevent_sekoia.jsonl");
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

} // namespace

class TestLogAnalyticsMapper : public QObject
{
    Q_OBJECT

private slots:
    void normalisesColumnNames_data();
    void normalisesColumnNames();
    void detectsTables_data();
    void detectsTables();
    void azureDiagnosticsCsv();
    void azkvAuditLogsCsv();
    void datetimeForms_data();
    void datetimeForms();
    void securityAlertAndMetricsCsvGoToOtherRecords_data();
    void securityAlertAndMetricsCsvGoToOtherRecords();
    void unrecognisedCsvIsAnError_data();
    void unrecognisedCsvIsAnError();
    void cancellationStopsReading();
    void rawTextIsValidJson_data();
    void rawTextIsValidJson();
    void queryApiResults_data();
    void queryApiResults();
    void rowObjects_data();
    void rowObjects();
    void sameRecordSameEventAcrossExports_data();
    void sameRecordSameEventAcrossExports();
};

void TestLogAnalyticsMapper::normalisesColumnNames_data()
{
    QTest::addColumn<QString>("exported");
    QTest::addColumn<QString>("expected");
    QTest::addRow("portal datetime suffix") << QStringLiteral("TimeGenerated [UTC]") << QStringLiteral("TimeGenerated");
    QTest::addRow("other datetime column") << QStringLiteral("StartTime [UTC]") << QStringLiteral("StartTime");
    QTest::addRow("plain") << QStringLiteral("OperationName") << QStringLiteral("OperationName");
    QTest::addRow("underscore housekeeping") << QStringLiteral("_ResourceId") << QStringLiteral("_ResourceId");
    QTest::addRow("padded") << QStringLiteral("  CallerIPAddress ") << QStringLiteral("CallerIPAddress");
    QTest::addRow("suffix alone is kept") << QStringLiteral(" [UTC]") << QStringLiteral("[UTC]");
}

void TestLogAnalyticsMapper::normalisesColumnNames()
{
    QFETCH(QString, exported);
    QFETCH(QString, expected);
    QCOMPARE(q(LogAnalyticsRowMapper::normaliseColumnName(exported.toStdString())), expected);
}

void TestLogAnalyticsMapper::detectsTables_data()
{
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<int>("table");
    const auto t = [](LogAnalyticsTable v) { return static_cast<int>(v); };
    QTest::addRow("AzureDiagnostics all columns")
        << QStringList{"TenantId",     "TimeGenerated [UTC]", "ResourceProvider",     "Category",   "OperationName",
                       "requestUri_s", "httpStatusCode_d",    "identity_claim_oid_g", "_ResourceId"}
        << t(LogAnalyticsTable::AzureDiagnostics);
    QTest::addRow("AzureDiagnostics standard columns only")
        << QStringList{"TimeGenerated", "ResourceProvider", "Category", "OperationName", "CallerIPAddress"}
        << t(LogAnalyticsTable::AzureDiagnostics);
    QTest::addRow("AzureDiagnostics projection without ResourceProvider")
        << QStringList{"TimeGenerated", "OperationName", "requestUri_s", "identity_claim_upn_s"}
        << t(LogAnalyticsTable::AzureDiagnostics);
    QTest::addRow("AZKVAuditLogs") << QStringList{"TimeGenerated [UTC]", "OperationName",
                                                  "CallerIpAddress",     "Identity",
                                                  "RequestUri",          "HttpStatusCode",
                                                  "Tlsversion",          "_ResourceId",
                                                  "_BilledSize",         "_IsBillable"}
                                   << t(LogAnalyticsTable::AzkvAuditLogs);
    QTest::addRow("AZKVAuditLogs minimal projection")
        << QStringList{"TimeGenerated", "OperationName", "HttpStatusCode"} << t(LogAnalyticsTable::AzkvAuditLogs);
    QTest::addRow("SecurityAlert") << QStringList{"TimeGenerated [UTC]", "DisplayName",   "AlertName",
                                                  "AlertSeverity",       "SystemAlertId", "Entities",
                                                  "ExtendedProperties"}
                                   << t(LogAnalyticsTable::SecurityAlert);
    QTest::addRow("AzureMetrics with deprecated columns")
        << QStringList{"TimeGenerated [UTC]", "ResourceProvider", "OperationName",
                       "CallerIpAddress",     "MetricName",       "Total",
                       "TimeGrain",           "UnitName"}
        << t(LogAnalyticsTable::AzureMetrics);
    QTest::addRow("custom log table")
        << QStringList{"TenantId", "SourceSystem", "MG",   "ManagementGroupName", "TimeGenerated [UTC]", "Computer",
                       "RawData",  "Message",      "Type", "_ResourceId"}
        << t(LogAnalyticsTable::Unknown);
    QTest::addRow("empty header") << QStringList{} << t(LogAnalyticsTable::Unknown);
}

void TestLogAnalyticsMapper::detectsTables()
{
    QFETCH(QStringList, columns);
    QFETCH(int, table);
    std::vector<std::string> names;
    for (const auto& c : columns) {
        names.push_back(c.toStdString());
    }
    QCOMPARE(static_cast<int>(LogAnalyticsRowMapper::detectTable(names)), table);
    QCOMPARE(static_cast<int>(LogAnalyticsRowMapper(names).table()), table);
}

void TestLogAnalyticsMapper::azureDiagnosticsCsv()
{
    const std::string csv = diagnosticsFixture();
    QVERIFY(csv.size() > 10000); // hundreds of other services' empty columns
    Recorder rec;
    const Status st = readCsv(csv, rec);
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().toString().c_str());
    QVERIFY(rec.formats == std::vector<SourceFormat>{SourceFormat::AzureDiagnosticsCsv});
    QCOMPARE(rec.eventIndices(), QStringLiteral("2,4,7,10,13"));
    QCOMPARE(rec.indices(rec.skips), QStringLiteral("3,12"));
    QCOMPARE(rec.indices(rec.rejects), QStringLiteral("8,9,11"));
    QVERIFY(rec.others.empty());

    QVERIFY(q(rec.reasonAt(rec.skips, 3)).contains(QStringLiteral("MICROSOFT.NETWORK")));
    QVERIFY(q(rec.reasonAt(rec.skips, 12)).contains(QStringLiteral("AzurePolicyEvaluationDetails")));
    QVERIFY2(q(rec.reasonAt(rec.rejects, 8)).contains(QStringLiteral("malformed quoted field")),
             rec.reasonAt(rec.rejects, 8).c_str());
    QVERIFY2(q(rec.reasonAt(rec.rejects, 9)).contains(QStringLiteral("line 9")), rec.reasonAt(rec.rejects, 9).c_str());
    QVERIFY(q(rec.reasonAt(rec.rejects, 9)).contains(QStringLiteral("header has")));
    QCOMPARE(q(rec.reasonAt(rec.rejects, 11)), QStringLiteral("row has no TimeGenerated"));

    const Event* get = rec.eventAt(2);
    QVERIFY(get);
    QCOMPARE(q(get->time.toIso()), QStringLiteral("2024-04-04T06:43:32.281Z"));
    QCOMPARE(q(get->resourceId), q(KvId));
    QCOMPARE(q(get->vault), QStringLiteral("kv-prod-01"));
    QCOMPARE(q(get->subscription), QStringLiteral("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"));
    QCOMPARE(q(get->resourceGroup), QStringLiteral("rg-secrets"));
    QCOMPARE(get->resourceType, ResourceType::Vault);
    QCOMPARE(get->operationClass, OperationClass::ReadSecret);
    QCOMPARE(get->objectType, ObjectType::Secret);
    QCOMPARE(q(get->objectName), QStringLiteral("db-password"));
    QCOMPARE(q(get->objectVersion), QStringLiteral("7c5b3e2d1f0a49b8a7c6d5e4f3a2b1c0"));
    QCOMPARE(get->httpStatus, std::optional<int>(200));
    QCOMPARE(get->durationMs, std::optional<std::int64_t>(12));
    QCOMPARE(q(get->callerIp), QStringLiteral("203.0.113.7"));
    QCOMPARE(q(get->identityObjectId), QStringLiteral("11111111-2222-3333-4444-555555555555"));
    QCOMPARE(q(get->identityUpn), QStringLiteral("alice@contoso.example"));
    QCOMPARE(q(get->identityAppId), QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46"));
    QCOMPARE(get->identityKind, IdentityKind::User);
    QCOMPARE(q(get->tlsVersion), QStringLiteral("TLS1_3"));
    QCOMPARE(get->isRbacAuthorized, std::optional<bool>(true));
    QVERIFY(!get->isAccessPolicyMatch.has_value());
    QCOMPARE(q(get->clientInfo),
             QStringLiteral("azsdk-net-Security.KeyVault.Secrets/4.5.0 (.NET 8.0.1; Microsoft Windows)"));

    // raw: the non-empty cells under their exported names, in header order.
    const auto raw = nlohmann::ordered_json::parse(rec.events.front().raw);
    QCOMPARE(q(raw.at("TimeGenerated [UTC]").get<std::string>()), QStringLiteral("4/4/2024, 6:43:32.281 AM"));
    QCOMPARE(q(raw.begin().key()), QStringLiteral("TenantId"));
    QVERIFY(!raw.contains("backendPoolName0_s"));
    QCOMPARE(q(raw.at("identity_claim_xms_az_nwperimid_s").get<std::string>()), QStringLiteral("[]"));

    const Event* denied = rec.eventAt(4);
    QVERIFY(denied);
    QCOMPARE(denied->httpStatus, std::optional<int>(403)); // httpStatusCode_s when _d is empty
    QVERIFY(denied->failed());
    QCOMPARE(denied->isRbacAuthorized, std::optional<bool>(false));
    QVERIFY(q(denied->resultDescription).contains(QStringLiteral("\nIf role assignments")));
    QCOMPARE(q(denied->objectName), QStringLiteral("db-password"));
    QVERIFY(denied->objectVersion.empty());

    const Event* arm = rec.eventAt(7);
    QVERIFY(arm);
    QCOMPARE(q(arm->time.toIso()), QStringLiteral("2024-04-04T13:05:09.000Z"));
    QCOMPARE(q(arm->resourceId), q(KvId)); // from _ResourceId, restored to the logged upper case
    QCOMPARE(q(arm->identityObjectId), QStringLiteral("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"));
    QCOMPARE(q(arm->identityUpn), QStringLiteral("bob@contoso.example"));
    QCOMPARE(q(arm->clientInfo), QStringLiteral("azure-resource-manager/2.0")); // from AdditionalFields
    QCOMPARE(arm->objectType, ObjectType::Vault);
    QCOMPARE(arm->operationClass, OperationClass::Read);

    const Event* shortRow = rec.eventAt(10);
    QVERIFY(shortRow);
    QCOMPARE(q(shortRow->operation), QStringLiteral("KeyList"));
    QCOMPARE(shortRow->durationMs, std::optional<std::int64_t>(3));
    QVERIFY(!shortRow->httpStatus.has_value());
    QCOMPARE(q(shortRow->vault), QStringLiteral("kv-prod-01"));

    const Event* hsm = rec.eventAt(13);
    QVERIFY(hsm);
    QCOMPARE(hsm->resourceType, ResourceType::ManagedHsm);
    QCOMPARE(q(hsm->vault), QStringLiteral("contoso-hsm"));
    QCOMPARE(q(hsm->time.toIso()), QStringLiteral("2024-05-02T21:07:44.120Z"));
    QCOMPARE(hsm->objectType, ObjectType::Key);
    QCOMPARE(hsm->operationClass, OperationClass::Write);
}

void TestLogAnalyticsMapper::azkvAuditLogsCsv()
{
    Recorder rec;
    const Status st = readCsv(AzkvFixture, rec);
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().toString().c_str());
    QVERIFY(rec.formats == std::vector<SourceFormat>{SourceFormat::AzkvAuditLogsCsv});
    QCOMPARE(rec.eventIndices(), QStringLiteral("2,3,4"));
    QCOMPARE(rec.indices(rec.rejects), QStringLiteral("5"));
    QCOMPARE(q(rec.reasonAt(rec.rejects, 5)), QStringLiteral("row has no OperationName"));

    const Event* get = rec.eventAt(2);
    QVERIFY(get);
    QCOMPARE(q(get->resourceId), q(KvId));
    QCOMPARE(q(get->identityObjectId), QStringLiteral("11111111-2222-3333-4444-555555555555"));
    QCOMPARE(q(get->identityUpn), QStringLiteral("alice@contoso.example"));
    QCOMPARE(q(get->identityAppId), QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46"));
    QCOMPARE(get->httpStatus, std::optional<int>(200));
    QCOMPARE(q(get->tlsVersion), QStringLiteral("TLS1_3"));
    QCOMPARE(get->isRbacAuthorized, std::optional<bool>(true));
    QCOMPARE(q(get->objectVersion), QStringLiteral("7c5b3e2d1f0a49b8a7c6d5e4f3a2b1c0"));
    QCOMPARE(q(get->callerIp), QStringLiteral("203.0.113.7"));
    const json raw = json::parse(rec.events.front().raw);
    QVERIFY(raw.at("Identity").is_string()); // exactly the exported text
    QVERIFY(!raw.contains("Nsp"));

    const Event* probe = rec.eventAt(3);
    QVERIFY(probe);
    QCOMPARE(probe->operationClass, OperationClass::Auth);
    QCOMPARE(probe->httpStatus, std::optional<int>(401));
    QCOMPARE(probe->identityKind, IdentityKind::Unknown);
    QCOMPARE(probe->durationMs, std::optional<std::int64_t>(0));

    const Event* flat = rec.eventAt(4);
    QVERIFY(flat);
    QCOMPARE(q(flat->identityObjectId), QStringLiteral("11111111-2222-3333-4444-555555555555"));
    QCOMPARE(flat->identityKind, IdentityKind::User);
    QCOMPARE(flat->httpStatus, std::optional<int>(404)); // from the Properties bag
    QCOMPARE(q(flat->objectName), QStringLiteral("k1"));
    QCOMPARE(q(flat->tlsVersion), QStringLiteral("TLS1_2"));
}

void TestLogAnalyticsMapper::datetimeForms_data()
{
    QTest::addColumn<QStringList>("times");
    QTest::addColumn<int>("configured");
    QTest::addColumn<QStringList>("expected");
    const int mf = static_cast<int>(DateOrder::MonthFirst);
    const int df = static_cast<int>(DateOrder::DayFirst);
    QTest::addRow("en-US portal form") << QStringList{"6/9/2023, 10:45:31.952 AM", "6/13/2023, 1:46:38.985 PM",
                                                      "12/31/2023, 12:00:00.000 AM"}
                                       << mf
                                       << QStringList{"2023-06-09T10:45:31.952Z", "2023-06-13T13:46:38.985Z",
                                                      "2023-12-31T00:00:00.000Z"};
    QTest::addRow("day-first detected from a later row")
        << QStringList{"05/06/2023 10:45:31", "06/06/2023 11:00:00", "13/06/2023 08:00:00.5"} << mf
        << QStringList{"2023-06-05T10:45:31.000Z", "2023-06-06T11:00:00.000Z", "2023-06-13T08:00:00.500Z"};
    QTest::addRow("month-first evidence overrides a day-first setting")
        << QStringList{"05/06/2023, 10:45:31.000 AM", "06/13/2023, 11:00:00.000 AM"} << df
        << QStringList{"2023-05-06T10:45:31.000Z", "2023-06-13T11:00:00.000Z"};
    QTest::addRow("day-first configured, no evidence")
        << QStringList{"05/06/2023 10:45:31", "07/06/2023 10:45:31"} << df
        << QStringList{"2023-06-05T10:45:31.000Z", "2023-06-07T10:45:31.000Z"};
    QTest::addRow("ja-JP year-first") << QStringList{"2020/10/16 0:00:01.403", "2020/10/16 13:20:00.000"} << mf
                                      << QStringList{"2020-10-16T00:00:01.403Z", "2020-10-16T13:20:00.000Z"};
    QTest::addRow("ISO (exports before Nov 2020)")
        << QStringList{"2020-10-15T00:00:00.247Z", "2020-10-15T00:00:00.2471234Z"} << mf
        << QStringList{"2020-10-15T00:00:00.247Z", "2020-10-15T00:00:00.2471234Z"};
}

void TestLogAnalyticsMapper::datetimeForms()
{
    QFETCH(QStringList, times);
    QFETCH(int, configured);
    QFETCH(QStringList, expected);
    std::string csv = "\"TimeGenerated [UTC]\",OperationName,HttpStatusCode,\"_ResourceId\"\n";
    for (const auto& t : times) {
        csv += "\"" + t.toStdString() + "\",SecretGet,200," + lower(KvId) + "\n";
    }
    Recorder rec;
    const Status st = readCsv(csv, rec, static_cast<DateOrder>(configured));
    QVERIFY(st.ok());
    QVERIFY2(rec.rejects.empty(), rec.rejects.empty() ? "" : rec.rejects.front().second.c_str());
    QStringList got;
    for (const auto& e : rec.events) {
        got << q(e.event.time.toIso());
    }
    QCOMPARE(got, expected);
}

void TestLogAnalyticsMapper::securityAlertAndMetricsCsvGoToOtherRecords_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<int>("kind");
    QTest::addRow("SecurityAlert") << QByteArray(SecurityAlertFixture)
                                   << static_cast<int>(OtherRecordKind::SecurityAlert);
    QTest::addRow("AzureMetrics") << QByteArray(MetricsFixture) << static_cast<int>(OtherRecordKind::Metric);
}

void TestLogAnalyticsMapper::securityAlertAndMetricsCsvGoToOtherRecords()
{
    QFETCH(QByteArray, csv);
    QFETCH(int, kind);
    Recorder rec;
    const Status st = readCsv(csv.toStdString(), rec);
    QVERIFY(st.ok());
    QVERIFY(rec.events.empty());
    QVERIFY(rec.rejects.empty());
    QVERIFY(rec.formats.empty());
    QCOMPARE(rec.others.size(), std::size_t{1});
    const auto& other = rec.others.front();
    QCOMPARE(static_cast<int>(other.kind), kind);
    QCOMPARE(other.index, std::int64_t{2});
    const json& r = other.record;
    if (other.kind == OtherRecordKind::SecurityAlert) {
        QCOMPARE(q(r.at("TimeGenerated").get<std::string>()), QStringLiteral("2025-02-20T18:44:20.835Z"));
        QCOMPARE(q(r.at("StartTime").get<std::string>()), QStringLiteral("2025-02-20T18:44:10.589Z"));
        QVERIFY(r.at("Entities").is_array());
        QCOMPARE(q(r.at("Entities")[0].at("Address").get<std::string>()), QStringLiteral("203.0.113.7"));
        QVERIFY(r.at("ExtendedProperties").is_object());
        QCOMPARE(q(r.at("ExtendedProperties").at("Suspicious Operations").get<std::string>()),
                 QStringLiteral("[SecretList, SecretGet]"));
        QCOMPARE(q(r.at("AlertType").get<std::string>()), QStringLiteral("KV_ListGetAnomaly"));
        QVERIFY(!r.contains("SourceComputerId"));
    } else {
        QCOMPARE(q(r.at("MetricName").get<std::string>()), QStringLiteral("ServiceApiHit"));
        QVERIFY(r.at("Total").is_number());
        QCOMPARE(r.at("Total").get<double>(), 42.0);
        QCOMPARE(q(r.at("TimeGenerated").get<std::string>()), QStringLiteral("2024-04-04T06:43:00.000Z"));
        QCOMPARE(q(r.at("TimeGrain").get<std::string>()), QStringLiteral("PT1M"));
    }
}

void TestLogAnalyticsMapper::unrecognisedCsvIsAnError_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QString>("message");
    QTest::addRow("spreadsheet") << QByteArray("Name,Amount\nrent,1200\n")
                                 << QStringLiteral("unrecognised CSV columns");
    QTest::addRow("empty file") << QByteArray("") << QStringLiteral("empty CSV file");
    QTest::addRow("broken header") << QByteArray("\"TimeGenerated [UTC],OperationName\n")
                                   << QStringLiteral("unreadable CSV header");
}

void TestLogAnalyticsMapper::unrecognisedCsvIsAnError()
{
    QFETCH(QByteArray, csv);
    QFETCH(QString, message);
    Recorder rec;
    const Status st = readCsv(csv.toStdString(), rec);
    QVERIFY(!st.ok());
    QCOMPARE(q(st.error().file), QStringLiteral("export.csv"));
    QVERIFY2(q(st.error().message).contains(message), st.error().message.c_str());
    QVERIFY(rec.events.empty() && rec.rejects.empty() && rec.formats.empty());
}

void TestLogAnalyticsMapper::cancellationStopsReading()
{
    std::string csv = "\"TimeGenerated [UTC]\",OperationName,HttpStatusCode,\"_ResourceId\"\n";
    for (int i = 0; i < 50; ++i) {
        csv += "2024-04-04T06:43:32.281Z,SecretGet,200," + lower(KvId) + "\n";
    }
    Recorder rec;
    rec.cancelAfter = 3;
    const Status st = readCsv(csv, rec);
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, Error::Code::Cancelled);
    QVERIFY(rec.events.size() >= 3 && rec.events.size() < 50);
}

void TestLogAnalyticsMapper::rawTextIsValidJson_data()
{
    QTest::addColumn<QByteArray>("cell");
    QTest::addColumn<QString>("expected");
    QTest::addRow("quotes and backslashes")
        << QByteArray(R"(say "hi" \ C:\temp)") << QStringLiteral(R"(say "hi" \ C:\temp)");
    QTest::addRow("line breaks and tabs") << QByteArray("a\r\nb\tc") << QStringLiteral("a\r\nb\tc");
    QTest::addRow("control character") << QByteArray("bell\x07") << QStringLiteral("bell\u0007");
    QTest::addRow("UTF-8 kept") << QByteArray("Zürich 東京 🙂") << QStringLiteral("Zürich 東京 🙂");
    QTest::addRow("Latin-1 byte replaced") << QByteArray("caf\xE9!") << QStringLiteral("caf\uFFFD!");
    QTest::addRow("truncated sequence replaced") << QByteArray("x\xE6\x9D") << QStringLiteral("x\uFFFD\uFFFD");
    QTest::addRow("surrogate encoding replaced") << QByteArray("\xED\xA0\x80") << QStringLiteral("\uFFFD\uFFFD\uFFFD");
}

void TestLogAnalyticsMapper::rawTextIsValidJson()
{
    QFETCH(QByteArray, cell);
    QFETCH(QString, expected);
    const LogAnalyticsRowMapper mapper({"TimeGenerated [UTC]", "OperationName", "ResultDescription", "HttpStatusCode"});
    const std::string raw = mapper.rawText({"6/9/2023, 10:45:31.952 AM", "SecretGet", cell.toStdString(), ""});
    const auto parsed = nlohmann::ordered_json::parse(raw, nullptr, false);
    QVERIFY2(!parsed.is_discarded(), raw.c_str());
    QCOMPARE(parsed.size(), std::size_t{3});
    QCOMPARE(q(parsed.begin().key()), QStringLiteral("TimeGenerated [UTC]"));
    QCOMPARE(q(parsed.at("ResultDescription").get<std::string>()), expected);
}

void TestLogAnalyticsMapper::queryApiResults_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("eventIndices");
    QTest::addColumn<QString>("otherIndices");
    QTest::addColumn<QString>("skipIndices");
    QTest::addColumn<QString>("rejectIndices");

    const std::string rid = lower(KvId);
    const std::string identity = R"({\"claim\":{\"oid\":\"11111111-2222-3333-4444-555555555555\"}})";
    QTest::addRow("current API, AZKVAuditLogs")
        << QByteArray::fromStdString(
               R"({"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"},)"
               R"({"name":"OperationName","type":"string"},{"name":"HttpStatusCode","type":"int"},)"
               R"({"name":"Identity","type":"dynamic"},{"name":"IsRbacAuthorized","type":"bool"},)"
               R"({"name":"_ResourceId","type":"string"},{"name":"Type","type":"string"}],"rows":[)"
               R"(["2024-04-04T06:43:32.2816869Z","SecretGet",200,")" +
               identity + R"(",true,")" + rid +
               R"(","AZKVAuditLogs"],)"
               R"(["2024-04-04T06:43:33Z","SecretList",200,null,null,")" +
               rid +
               R"(","AZKVAuditLogs"],)"
               R"(["2024-04-04T06:43:34Z",null,200,null,null,")" +
               rid + R"(","AZKVAuditLogs"]]}]})")
        << QStringLiteral("1,2") << QString() << QString() << QStringLiteral("3");
    QTest::addRow("older API spelling")
        << QByteArray::fromStdString(
               R"({"Tables":[{"TableName":"Table_0","Columns":[{"ColumnName":"TimeGenerated","DataType":"DateTime"},)"
               R"({"ColumnName":"ResourceProvider","DataType":"String"},{"ColumnName":"Category","DataType":"String"},)"
               R"({"ColumnName":"OperationName","DataType":"String"},{"ColumnName":"httpStatusCode_d","DataType":"Double"},)"
               R"({"ColumnName":"ResourceId","DataType":"String"}],"Rows":[)"
               R"(["2024-04-04T06:43:32.281Z","MICROSOFT.KEYVAULT","AuditEvent","VaultGet",200.0,")" +
               KvId +
               R"("],)"
               R"(["2024-04-04T06:43:32.281Z","MICROSOFT.WEB","AppServiceHTTPLogs","Get",200.0,"/x"]]}]})")
        << QStringLiteral("1") << QString() << QStringLiteral("2") << QString();
    QTest::addRow("union of tables by Type, indices across tables")
        << QByteArray::fromStdString(
               R"({"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"},)"
               R"({"name":"OperationName","type":"string"},{"name":"ResourceProvider","type":"string"},)"
               R"({"name":"Category","type":"string"},{"name":"requestUri_s","type":"string"},)"
               R"({"name":"RequestUri","type":"string"},{"name":"_ResourceId","type":"string"},)"
               R"({"name":"Type","type":"string"}],"rows":[)"
               R"(["2024-04-04T06:43:32Z","SecretGet","MICROSOFT.KEYVAULT","AuditEvent","https://kv-prod-01.vault.azure.net/secrets/a",null,")" +
               rid +
               R"(","AzureDiagnostics"],)"
               R"(["2024-04-04T06:43:33Z","SecretGet",null,null,null,"https://kv-prod-01.vault.azure.net/secrets/b",")" +
               rid +
               R"(","AZKVAuditLogs"],)"
               R"(["2024-04-04T06:43:34Z","SignIn",null,null,null,null,null,"SigninLogs"]]},)"
               R"({"name":"Alerts","columns":[{"name":"TimeGenerated","type":"datetime"},)"
               R"({"name":"AlertName","type":"string"},{"name":"AlertSeverity","type":"string"},)"
               R"({"name":"SystemAlertId","type":"string"},{"name":"Entities","type":"dynamic"}],"rows":[)"
               R"(["2025-02-20T18:44:20.835Z","KV alert","Medium","dce2adb7","[{\"Type\":\"ip\",\"Address\":\"203.0.113.7\"}]"]]}]})")
        << QStringLiteral("1,2") << QStringLiteral("4") << QStringLiteral("3") << QString();
    QTest::addRow("no tables") << QByteArray(R"({"error":{"code":"BadArgumentError"}})") << QString() << QString()
                               << QString() << QStringLiteral("0");
}

void TestLogAnalyticsMapper::queryApiResults()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, eventIndices);
    QFETCH(QString, otherIndices);
    QFETCH(QString, skipIndices);
    QFETCH(QString, rejectIndices);
    const json doc = json::parse(document.toStdString());
    QCOMPARE(LogAnalyticsQueryReader::looksLikeQueryResult(doc), rejectIndices != QStringLiteral("0"));
    Recorder rec;
    LogAnalyticsQueryReader::read(doc, rec);
    QVERIFY(rec.formats == std::vector<SourceFormat>{SourceFormat::LogAnalyticsJson});
    QCOMPARE(rec.eventIndices(), eventIndices);
    QStringList others;
    for (const auto& o : rec.others) {
        others << QString::number(o.index);
    }
    QCOMPARE(others.join(QLatin1Char(',')), otherIndices);
    QCOMPARE(rec.indices(rec.skips), skipIndices);
    QCOMPARE(rec.indices(rec.rejects), rejectIndices);
    for (const auto& e : rec.events) {
        QCOMPARE(q(e.event.vault), QStringLiteral("kv-prod-01"));
        QVERIFY(json::parse(e.raw).is_object());
    }
    if (QTest::currentDataTag() == QByteArrayLiteral("current API, AZKVAuditLogs")) {
        const Event& e = rec.events.front().event;
        QCOMPARE(q(e.time.toIso()), QStringLiteral("2024-04-04T06:43:32.2816869Z"));
        QCOMPARE(q(e.identityObjectId), QStringLiteral("11111111-2222-3333-4444-555555555555"));
        QCOMPARE(e.isRbacAuthorized, std::optional<bool>(true));
        QCOMPARE(q(rec.reasonAt(rec.rejects, 3)), QStringLiteral("row has no OperationName"));
    }
    if (!rec.others.empty()) {
        QVERIFY(rec.others.front().record.at("Entities").is_array());
        QCOMPARE(rec.others.front().kind, OtherRecordKind::SecurityAlert);
        QCOMPARE(q(rec.events.at(1).event.objectName), QStringLiteral("b"));
    }
}

void TestLogAnalyticsMapper::rowObjects_data()
{
    QTest::addColumn<QByteArray>("object");
    QTest::addColumn<bool>("isRow");
    QTest::addColumn<int>("table");
    QTest::addColumn<int>("outcome");
    const auto t = [](LogAnalyticsTable v) { return static_cast<int>(v); };
    const auto o = [](RecordOutcome::Kind k) { return static_cast<int>(k); };
    QTest::addRow("az cli AZKVAuditLogs row")
        << QByteArray(
               R"({"TimeGenerated":"2024-04-04T06:43:32.281Z","OperationName":"SecretGet","HttpStatusCode":200,)"
               R"("Identity":{"claim":{"oid":"11111111-2222-3333-4444-555555555555"}},"CallerIpAddress":"203.0.113.7",)"
               R"("_ResourceId":"/subscriptions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv1",)"
               R"("Type":"AZKVAuditLogs"})")
        << true << t(LogAnalyticsTable::AzkvAuditLogs) << o(RecordOutcome::Kind::Accepted);
    QTest::addRow("AzureDiagnostics row with typed values")
        << QByteArray(
               R"({"TimeGenerated [UTC]":"2024-04-04T06:43:32.281Z","ResourceProvider":"MICROSOFT.KEYVAULT",)"
               R"("Category":"AuditEvent","OperationName":"KeyGet","httpStatusCode_d":404.0,"isRbacAuthorized_b":true,)"
               R"("ResourceId":"/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1",)"
               R"("AdditionalFields":{"tlsVersion_s":"TLS1_2"},"DurationMs":7})")
        << true << t(LogAnalyticsTable::AzureDiagnostics) << o(RecordOutcome::Kind::Accepted);
    QTest::addRow("AzureDiagnostics row of another provider")
        << QByteArray(R"({"TimeGenerated":"2024-04-04T06:43:32.281Z","ResourceProvider":"MICROSOFT.SQL",)"
                      R"("Category":"SQLSecurityAuditEvents","OperationName":"AuditEvent","action_name_s":"SELECT"})")
        << true << t(LogAnalyticsTable::AzureDiagnostics) << o(RecordOutcome::Kind::Skipped);
    QTest::addRow("SecurityAlert row")
        << QByteArray(R"({"TimeGenerated":"2025-02-20T18:44:20.835Z","AlertName":"x","AlertSeverity":"Medium",)"
                      R"("SystemAlertId":"dce2adb7","Type":"SecurityAlert"})")
        << true << t(LogAnalyticsTable::SecurityAlert) << o(RecordOutcome::Kind::Skipped);
    QTest::addRow("raw record is not a row")
        << QByteArray(R"({"time":"2024-04-04T06:43:32.281Z","operationName":"SecretGet","TimeGenerated":"x",)"
                      R"("resourceId":"/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1"})")
        << false << t(LogAnalyticsTable::Unknown) << o(RecordOutcome::Kind::Rejected);
    QTest::addRow("row of another table")
        << QByteArray(R"({"TimeGenerated":"2024-04-04T06:43:32.281Z","UserPrincipalName":"a@b","Type":"SigninLogs"})")
        << false << t(LogAnalyticsTable::Unknown) << o(RecordOutcome::Kind::Skipped);
    QTest::addRow("unreadable time")
        << QByteArray(R"({"TimeGenerated":"yesterday","OperationName":"SecretGet","HttpStatusCode":200})") << true
        << t(LogAnalyticsTable::AzkvAuditLogs) << o(RecordOutcome::Kind::Rejected);
}

void TestLogAnalyticsMapper::rowObjects()
{
    QFETCH(QByteArray, object);
    QFETCH(bool, isRow);
    QFETCH(int, table);
    QFETCH(int, outcome);
    const json row = json::parse(object.toStdString());
    QCOMPARE(LogAnalyticsRowMapper::looksLikeRow(row), isRow);
    if (isRow) {
        QCOMPARE(static_cast<int>(LogAnalyticsRowMapper::detectTable(row)), table);
    }
    const RecordOutcome r = LogAnalyticsRowMapper::mapObject(row);
    QCOMPARE(static_cast<int>(r.kind), outcome);
    if (r.kind == RecordOutcome::Kind::Accepted) {
        QCOMPARE(q(r.event.vault), QStringLiteral("kv1"));
        QVERIFY(r.event.httpStatus.has_value());
        QCOMPARE(q(r.event.time.toIso()), QStringLiteral("2024-04-04T06:43:32.281Z"));
    }
    if (QTest::currentDataTag() == QByteArrayLiteral("AzureDiagnostics row with typed values")) {
        QCOMPARE(r.event.httpStatus, std::optional<int>(404));
        QCOMPARE(q(r.event.tlsVersion), QStringLiteral("TLS1_2"));
        QCOMPARE(r.event.durationMs, std::optional<std::int64_t>(7));
    }
    if (QTest::currentDataTag() == QByteArrayLiteral("unreadable time")) {
        QCOMPARE(q(r.reason), QStringLiteral("unreadable TimeGenerated 'yesterday'"));
    }
    if (QTest::currentDataTag() == QByteArrayLiteral("SecurityAlert row")) {
        const json obj = LogAnalyticsRowMapper::otherRecordObject(row, LogAnalyticsTable::SecurityAlert);
        QCOMPARE(q(obj.at("TimeGenerated").get<std::string>()), QStringLiteral("2025-02-20T18:44:20.835Z"));
    }
}

void TestLogAnalyticsMapper::sameRecordSameEventAcrossExports_data()
{
    QTest::addColumn<QByteArray>("record");
    QTest::addRow("built-in 403 with a multi-line description") << QByteArray(BuiltInDenied);
    QTest::addRow("built-in Managed HSM KeyCreate") << QByteArray(BuiltInHsm);
    const auto lines = sekoiaLines();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const json r = json::parse(lines[i]);
        QTest::addRow("sekoia line %d %s", static_cast<int>(i + 1), r.value("operationName", "").c_str())
            << QByteArray::fromStdString(lines[i]);
    }
}

void TestLogAnalyticsMapper::sameRecordSameEventAcrossExports()
{
    QFETCH(QByteArray, record);
    const json raw = json::parse(record.toStdString());
    const RecordOutcome fromRaw = RawRecordNormaliser::normalise(raw);
    QCOMPARE(static_cast<int>(fromRaw.kind), static_cast<int>(RecordOutcome::Kind::Accepted));
    const Event& expected = fromRaw.event;

    // AzureDiagnostics portal CSV, with and without the overflow bag, among other services' empty columns.
    for (const bool overflow : {false, true}) {
        Recorder rec;
        const Status st = readCsv(csvOf({toAzureDiagnostics(raw, overflow)}, true), rec);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().toString().c_str());
        QCOMPARE(rec.events.size(), std::size_t{1});
        QCOMPARE(rec.events.front().index, std::int64_t{2});
        QCOMPARE(describe(rec.events.front().event, true), describe(expected, true));
    }

    // AZKVAuditLogs has only the lower-cased _ResourceId; the mapper restores the upper case raw records log, which
    // is exact for real ids. The anonymised SEKOIA ids mix case, so resourceId alone is compared case-blind there.
    const json azkv = toAzkvObject(raw);
    const bool mixedCaseId = expected.resourceId != [&] {
        std::string s = expected.resourceId;
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
        return s;
    }();

    // AZKVAuditLogs JSON through the query API shape, typed values, full time precision.
    json columns = json::array();
    json values = json::array();
    for (auto it = azkv.begin(); it != azkv.end(); ++it) {
        const char* type = it->is_object()           ? "dynamic"
                           : it->is_number_integer() ? "int"
                           : it->is_boolean()        ? "bool"
                                                     : "string";
        columns.push_back({{"name", it.key()}, {"type", it.key() == "TimeGenerated" ? "datetime" : type}});
        values.push_back(*it);
    }
    const json doc = {
        {"tables", json::array({{{"name", "PrimaryResult"}, {"columns", columns}, {"rows", json::array({values})}}})}};
    {
        Recorder rec;
        LogAnalyticsQueryReader::read(doc, rec);
        QCOMPARE(rec.events.size(), std::size_t{1});
        QCOMPARE(describe(rec.events.front().event, false, mixedCaseId), describe(expected, false, mixedCaseId));
    }
    // The same row as an `az monitor log-analytics query` object.
    {
        const RecordOutcome r = LogAnalyticsRowMapper::mapObject(azkv);
        QCOMPARE(static_cast<int>(r.kind), static_cast<int>(RecordOutcome::Kind::Accepted));
        QCOMPARE(describe(r.event, false, mixedCaseId), describe(expected, false, mixedCaseId));
    }
    // And as the portal's AZKVAuditLogs CSV.
    {
        Recorder rec;
        const Status st = readCsv(csvOf({toAzkvCsvRow(azkv)}, false), rec);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().toString().c_str());
        QVERIFY(rec.formats == std::vector<SourceFormat>{SourceFormat::AzkvAuditLogsCsv});
        QCOMPARE(rec.events.size(), std::size_t{1});
        QCOMPARE(describe(rec.events.front().event, true, mixedCaseId), describe(expected, true, mixedCaseId));
    }
}

QTEST_GUILESS_MAIN(TestLogAnalyticsMapper)
#include "tst_loganalytics_mapper.moc"
