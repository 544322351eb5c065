// The demo bundle generator: determinism, the storage path grammar, record shape, the equivalence of the single-
// format outputs, the incidents manifest against the records, the diurnal rhythm and the portal CSV dialect.
#include "common/TestSupport.h"
#include "core/demo/DemoAzkvAuditLogsJsonWriter.h"
#include "core/demo/DemoAzureDiagnosticsCsvWriter.h"
#include "core/demo/DemoBundleGenerator.h"

#include <QtTest>
#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

using namespace kvw;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// What the tests need of one audit record, whatever the format it was read from.
struct Rec
{
    std::string vault;        // lower-case name
    std::string resourceType; // VAULTS / MANAGEDHSMS
    std::string op;
    std::string time; // as written
    std::string ip;
    std::string oid;
    std::string upn;
    std::string appid;
    std::string requestUri;
    std::string correlationId;
    int status = 0;
};

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string lastSegment(const std::string& id)
{
    return id.substr(id.rfind('/') + 1);
}

std::string str(const json& j, const char* key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Rec fromRaw(const json& r)
{
    Rec x;
    const std::string rid = r.at("resourceId").get<std::string>();
    x.vault = lower(lastSegment(rid));
    x.resourceType = rid.find("/MANAGEDHSMS/") != std::string::npos ? "MANAGEDHSMS" : "VAULTS";
    x.op = r.at("operationName").get<std::string>();
    x.time = r.at("time").get<std::string>();
    x.ip = r.at("callerIpAddress").get<std::string>();
    x.correlationId = r.at("correlationId").get<std::string>();
    const json& claims = r.at("identity").contains("claim") ? r.at("identity").at("claim") : json::object();
    x.oid = str(claims, "oid");
    if (x.oid.empty()) {
        x.oid = str(claims, "http://schemas.microsoft.com/identity/claims/objectidentifier");
    }
    x.upn = str(claims, "upn");
    if (x.upn.empty()) {
        x.upn = str(claims, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn");
    }
    x.appid = str(claims, "appid");
    x.requestUri = r.at("properties").at("requestUri").get<std::string>();
    x.status = r.at("properties").at("httpStatusCode").get<int>();
    return x;
}

std::vector<std::string> filesUnder(const fs::path& root)
{
    std::vector<std::string> out;
    if (!fs::exists(root)) {
        return out;
    }
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.is_regular_file()) {
            out.push_back(fs::relative(e.path(), root).generic_string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::size_t end = nl == std::string::npos ? text.size() : nl;
        if (end > pos) {
            out.push_back(text.substr(pos, end - pos));
        }
        pos = end + 1;
    }
    return out;
}

std::vector<Rec> readJsonLines(const fs::path& root)
{
    std::vector<Rec> out;
    for (const auto& f : filesUnder(root / "insights-logs-auditevent")) {
        for (const auto& line : lines(test::readFile((root / "insights-logs-auditevent" / f).string()))) {
            out.push_back(fromRaw(json::parse(line)));
        }
    }
    return out;
}

std::vector<Rec> readEventHub(const fs::path& root)
{
    std::vector<Rec> out;
    for (const auto& f : filesUnder(root / "eventhub")) {
        for (const auto& line : lines(test::readFile((root / "eventhub" / f).string()))) {
            const json doc = json::parse(line); // keep the document alive while iterating its records
            for (const auto& r : doc.at("records")) {
                out.push_back(fromRaw(r));
            }
        }
    }
    return out;
}

// A strict RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks; a quote inside an
// unquoted field or text after a closing quote is an error. Accepts CRLF or LF record ends.
bool parseCsv(const std::string& text, std::vector<std::vector<std::string>>& rows, std::string& error)
{
    std::vector<std::string> row;
    std::string field;
    std::size_t i = 0;
    bool fieldStarted = false;
    while (i < text.size()) {
        const char c = text[i];
        if (!fieldStarted && c == '"') {
            ++i;
            for (;;) {
                if (i >= text.size()) {
                    error = "unterminated quoted field";
                    return false;
                }
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field.push_back(text[i++]);
            }
            if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                error = "text after a closing quote at offset " + std::to_string(i);
                return false;
            }
            fieldStarted = true;
            continue;
        }
        if (c == ',') {
            row.push_back(field);
            field.clear();
            fieldStarted = false;
            ++i;
        } else if (c == '\r' || c == '\n') {
            row.push_back(field);
            field.clear();
            fieldStarted = false;
            rows.push_back(row);
            row.clear();
            i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
        } else {
            if (c == '"') {
                error = "quote inside an unquoted field at offset " + std::to_string(i);
                return false;
            }
            field.push_back(c);
            fieldStarted = true;
            ++i;
        }
    }
    if (fieldStarted || !row.empty()) {
        row.push_back(field);
        rows.push_back(row);
    }
    return true;
}

std::vector<Rec> readAzureDiagnostics(const fs::path& root, std::vector<std::string>* header = nullptr)
{
    std::vector<Rec> out;
    for (const auto& f : filesUnder(root / "AzureDiagnostics")) {
        std::vector<std::vector<std::string>> rows;
        std::string error;
        if (!parseCsv(test::readFile((root / "AzureDiagnostics" / f).string()), rows, error)) {
            qWarning("%s: %s", f.c_str(), error.c_str());
            return {};
        }
        std::map<std::string, std::size_t> col;
        for (std::size_t i = 0; i < rows.front().size(); ++i) {
            col[rows.front()[i]] = i;
        }
        if (header != nullptr) {
            *header = rows.front();
        }
        auto cell = [&](const std::vector<std::string>& row, const char* name) { return row.at(col.at(name)); };
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const auto& row = rows[r];
            Rec x;
            x.vault = lower(cell(row, "Resource"));
            x.resourceType = cell(row, "ResourceType");
            x.op = cell(row, "OperationName");
            x.time = cell(row, "TimeGenerated [UTC]");
            x.ip = cell(row, "CallerIPAddress");
            x.correlationId = cell(row, "CorrelationId");
            x.oid = cell(row, "identity_claim_oid_g");
            if (x.oid.empty()) {
                x.oid = cell(row, "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g");
            }
            x.upn = cell(row, "identity_claim_upn_s");
            if (x.upn.empty()) {
                x.upn = cell(row, "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s");
            }
            x.appid = cell(row, "identity_claim_appid_g");
            x.requestUri = cell(row, "requestUri_s");
            x.status = std::stoi(cell(row, "httpStatusCode_d"));
            out.push_back(x);
        }
    }
    return out;
}

std::vector<Rec> readAzkv(const fs::path& root)
{
    std::vector<Rec> out;
    for (const auto& f : filesUnder(root / "AZKVAuditLogs")) {
        const json doc = json::parse(test::readFile((root / "AZKVAuditLogs" / f).string()));
        const json& table = doc.at("tables").at(0);
        std::map<std::string, std::size_t> col;
        for (std::size_t i = 0; i < table.at("columns").size(); ++i) {
            col[table.at("columns")[i].at("name").get<std::string>()] = i;
        }
        for (const auto& row : table.at("rows")) {
            if (row.size() != col.size()) {
                return {};
            }
            Rec x;
            const std::string rid = row.at(col.at("_ResourceId")).get<std::string>();
            x.vault = lastSegment(rid);
            x.resourceType = rid.find("/managedhsms/") != std::string::npos ? "MANAGEDHSMS" : "VAULTS";
            x.op = row.at(col.at("OperationName")).get<std::string>();
            x.time = row.at(col.at("TimeGenerated")).get<std::string>();
            x.ip = row.at(col.at("CallerIpAddress")).get<std::string>();
            x.correlationId = row.at(col.at("CorrelationId")).get<std::string>();
            const json identity = json::parse(row.at(col.at("Identity")).get<std::string>());
            const json& claims = identity.contains("claim") ? identity.at("claim") : json::object();
            x.oid = str(claims, "oid");
            if (x.oid.empty()) {
                x.oid = str(claims, "http://schemas.microsoft.com/identity/claims/objectidentifier");
            }
            x.upn = str(claims, "upn");
            x.appid = str(claims, "appid");
            x.requestUri = row.at(col.at("RequestUri")).get<std::string>();
            x.status = row.at(col.at("HttpStatusCode")).get<int>();
            out.push_back(x);
        }
    }
    return out;
}

std::vector<Rec> readEcs(const fs::path& root)
{
    std::vector<Rec> out;
    for (const auto& f : filesUnder(root / "ecs")) {
        for (const auto& line : lines(test::readFile((root / "ecs" / f).string()))) {
            const json d = json::parse(line);
            const json& az = d.at("azure");
            const json& pl = az.at("platformlogs");
            Rec x;
            x.vault = lower(az.at("resource").at("name").get<std::string>());
            x.resourceType = lastSegment(az.at("resource").at("provider").get<std::string>());
            x.op = d.at("event").at("action").get<std::string>();
            x.time = d.at("@timestamp").get<std::string>();
            x.ip = d.at("source").at("ip").get<std::string>();
            x.correlationId = az.at("correlation_id").get<std::string>();
            const json& claims = pl.at("identity").contains("claim") ? pl.at("identity").at("claim") : json::object();
            x.oid = str(claims, "oid");
            if (x.oid.empty()) {
                x.oid = str(claims, "http://schemas.microsoft.com/identity/claims/objectidentifier");
            }
            x.upn = str(claims, "upn");
            x.appid = str(claims, "appid");
            x.requestUri = pl.at("properties").at("requestUri").get<std::string>();
            x.status = pl.at("properties").at("httpStatusCode").get<int>();
            out.push_back(x);
        }
    }
    return out;
}

std::map<std::pair<std::string, std::string>, int> countByVaultAndOperation(const std::vector<Rec>& records)
{
    std::map<std::pair<std::string, std::string>, int> counts;
    for (const auto& r : records) {
        ++counts[{r.vault, r.op}];
    }
    return counts;
}

// series_decompose_anomalies(x) with the workbook's defaults when no period is found: avg trend, ctukey 10/90.
std::vector<double> anomalyScores(const std::vector<double>& x)
{
    double mean = 0;
    for (double v : x) {
        mean += v;
    }
    mean /= static_cast<double>(x.size());
    std::vector<double> r;
    for (double v : x) {
        r.push_back(v - mean);
    }
    std::vector<double> s = r;
    std::sort(s.begin(), s.end());
    auto pct = [&](double p) {
        const double h = (static_cast<double>(s.size()) - 1) * p / 100.0;
        const auto j = static_cast<std::size_t>(h);
        return j + 1 < s.size() ? s[j] + (h - static_cast<double>(j)) * (s[j + 1] - s[j]) : s[j];
    };
    const double lo = pct(10);
    const double hi = pct(90);
    std::vector<double> scores;
    for (double v : r) {
        const double k = 2.772605605507915;
        scores.push_back(hi == lo ? 0.0 : v > hi ? k * (v - hi) / (hi - lo) : v < lo ? k * (v - lo) / (hi - lo) : 0.0);
    }
    return scores;
}

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::map<std::string, core::DemoSummary> m_generated;

    // Generates (once per name) into the shared temporary folder.
    const core::DemoSummary& generate(const std::string& name, core::DemoFormat format, std::uint64_t events,
                                      std::uint64_t seed = 1)
    {
        auto it = m_generated.find(name);
        if (it == m_generated.end()) {
            core::DemoOptions o;
            o.events = events;
            o.seed = seed;
            o.format = format;
            auto r = core::DemoBundleGenerator(o).write(path(name));
            if (!r) {
                qFatal("demo generation failed: %s", r.error().toString().c_str());
            }
            it = m_generated.emplace(name, *r).first;
        }
        return it->second;
    }
    fs::path path(const std::string& name) const { return fs::path(m_dir.path().toStdString()) / name; }
    json manifest(const std::string& name) const
    {
        return json::parse(test::readFile((path(name) / "incidents.json").string()));
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void determinism()
    {
        generate("a", core::DemoFormat::Bundle, 3000, 7);
        generate("b", core::DemoFormat::Bundle, 3000, 7);
        generate("c", core::DemoFormat::Bundle, 3000, 8);
        const auto fa = filesUnder(path("a"));
        const auto fb = filesUnder(path("b"));
        QVERIFY(fa.size() > 100);
        QCOMPARE(fa, fb);
        for (const auto& f : fa) {
            if (test::readFile((path("a") / f).string()) != test::readFile((path("b") / f).string())) {
                QFAIL(("differs between two runs with the same seed: " + f).c_str());
            }
        }
        QVERIFY(test::readFile((path("a") / "incidents.json").string()) !=
                test::readFile((path("c") / "incidents.json").string()));
    }

    void storagePathGrammar()
    {
        generate("bundle", core::DemoFormat::Bundle, 6000);
        const std::regex grammar(R"(insights-logs-auditevent/resourceId=/SUBSCRIPTIONS/[0-9A-F-]{36}/RESOURCEGROUPS/)"
                                 R"([A-Z0-9_.()-]+/PROVIDERS/MICROSOFT\.KEYVAULT/(VAULTS|MANAGEDHSMS)/[A-Z0-9-]+/)"
                                 R"(y=(\d{4})/m=(\d{2})/d=(\d{2})/h=(\d{2})/m=00/PT1H\.json)");
        int blobs = 0;
        int late = 0;
        std::set<std::string> types;
        for (const auto& f : filesUnder(path("bundle"))) {
            if (f.rfind("insights-logs-auditevent/", 0) != 0) {
                continue;
            }
            std::smatch m;
            QVERIFY2(std::regex_match(f, m, grammar), f.c_str());
            types.insert(m[1]);
            ++blobs;
            const std::string hour = m[2].str() + "-" + m[3].str() + "-" + m[4].str() + "T" + m[5].str();
            const std::string rid =
                f.substr(std::string("insights-logs-auditevent/resourceId=").size(),
                         f.find("/y=") - std::string("insights-logs-auditevent/resourceId=").size());
            for (const auto& line : lines(test::readFile((path("bundle") / f).string()))) {
                const json r = json::parse(line);
                QCOMPARE(r.at("resourceId").get<std::string>(), rid);
                // The path's hour is the arrival hour: the record's own hour, or the previous one's last seconds.
                const std::string t = r.at("time").get<std::string>();
                if (t.substr(0, 13) != hour) {
                    QVERIFY2(t.substr(14, 4) == "59:3" || t.substr(14, 4) == "59:4" || t.substr(14, 4) == "59:5",
                             (f + " " + t).c_str());
                    ++late;
                }
            }
        }
        QVERIFY(blobs > 1000);
        QCOMPARE(types, (std::set<std::string>{"MANAGEDHSMS", "VAULTS"}));
        QVERIFY(late > 0);
    }

    void jsonLinesRecords()
    {
        generate("bundle", core::DemoFormat::Bundle, 6000);
        const std::regex time7(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z)");
        std::set<std::string> correlationIds;
        std::map<std::string, int> seen;
        std::uint64_t total = 0;
        for (const auto& f : filesUnder(path("bundle") / "insights-logs-auditevent")) {
            for (const auto& line : lines(test::readFile((path("bundle") / "insights-logs-auditevent" / f).string()))) {
                ++total;
                QVERIFY(line.find('\n') == std::string::npos);
                const auto r = nlohmann::ordered_json::parse(line);
                for (const char* key :
                     {"time", "category", "operationName", "resultType", "correlationId", "callerIpAddress", "identity",
                      "properties", "resourceId", "operationVersion", "resultSignature", "durationMs"}) {
                    QVERIFY2(r.contains(key), (std::string(key) + " missing: " + line).c_str());
                }
                // Real-record key order: time first, resourceId after properties, durationMs last.
                QCOMPARE(r.begin().key(), std::string("time"));
                std::vector<std::string> keys;
                for (auto it = r.begin(); it != r.end(); ++it) {
                    keys.push_back(it.key());
                }
                QVERIFY(std::find(keys.begin(), keys.end(), "properties") <
                        std::find(keys.begin(), keys.end(), "resourceId"));
                QCOMPARE(keys.back(), std::string("durationMs"));
                QVERIFY(std::regex_match(r.at("time").get<std::string>(), time7));
                QCOMPARE(r.at("category").get<std::string>(), std::string("AuditEvent"));
                QCOMPARE(r.at("resultType").get<std::string>(), std::string("Success"));
                const bool hsm = r.at("resourceId").get<std::string>().find("/MANAGEDHSMS/") != std::string::npos;
                QVERIFY(hsm ? r.at("durationMs").is_number() : r.at("durationMs").is_string());
                const auto& p = r.at("properties");
                QVERIFY(p.at("httpStatusCode").is_number_integer());
                QVERIFY(p.at("requestUri").is_string());
                QVERIFY(p.at("clientInfo").is_string());
                QVERIFY(correlationIds.insert(r.at("correlationId").get<std::string>()).second);
                const std::string op = r.at("operationName").get<std::string>();
                ++seen[op];
                if (op == "Authentication") {
                    QVERIFY(r.at("identity").empty());
                    QCOMPARE(p.at("httpStatusCode").get<int>(), 401);
                    QCOMPARE(r.at("resultSignature").get<std::string>(), std::string("Unauthorized"));
                } else {
                    QVERIFY(r.at("identity").at("claim").is_object());
                }
                if (op == "VaultGet" || op == "VaultPatch" || op == "VaultDelete") {
                    QVERIFY(p.at("requestUri").get<std::string>().find("management.azure.com/subscriptions/") !=
                            std::string::npos);
                    QVERIFY(r.at("identity")
                                .at("claim")
                                .contains("http://schemas.microsoft.com/identity/claims/objectidentifier"));
                    QVERIFY(!p.contains("tlsVersion"));
                } else if (op != "Authentication") {
                    QVERIFY(p.at("tlsVersion").get<std::string>().rfind("TLS1_", 0) == 0);
                    QVERIFY(p.contains("isRbacAuthorized") || p.contains("isAccessPolicyMatch") ||
                            p.at("httpStatusCode").get<int>() == 429 || p.at("httpStatusCode").get<int>() >= 500);
                }
            }
        }
        QCOMPARE(total, generate("bundle", core::DemoFormat::Bundle, 6000).records);
        for (const char* op : {"SecretGet", "KeyGet", "KeyUnwrap", "KeySign", "SecretList", "VaultGet",
                               "Authentication", "CertificateGet", "SecretSet"}) {
            QVERIFY2(seen[op] > 0, op);
        }
    }

    void singleFormatsAreEquivalent()
    {
        const std::uint64_t n = 4000;
        const auto& s = generate("jsonl", core::DemoFormat::JsonLines, n);
        generate("records", core::DemoFormat::EventHubRecords, n);
        generate("csv", core::DemoFormat::AzureDiagnosticsCsv, n);
        generate("azkv", core::DemoFormat::AzkvAuditLogsJson, n);
        generate("ecs", core::DemoFormat::EcsNdjson, n);
        const auto jsonl = readJsonLines(path("jsonl"));
        QCOMPARE(jsonl.size(), static_cast<std::size_t>(s.records));
        const auto base = countByVaultAndOperation(jsonl);
        std::set<std::string> baseIds;
        for (const auto& r : jsonl) {
            baseIds.insert(r.correlationId);
        }
        QCOMPARE(baseIds.size(), jsonl.size());
        const std::vector<std::pair<const char*, std::vector<Rec>>> others = {
            {"records", readEventHub(path("records"))},
            {"azurediagnostics-csv", readAzureDiagnostics(path("csv"))},
            {"azkvauditlogs-json", readAzkv(path("azkv"))},
            {"ecs", readEcs(path("ecs"))},
        };
        for (const auto& [name, records] : others) {
            QVERIFY2(records.size() == jsonl.size(), name);
            QVERIFY2(countByVaultAndOperation(records) == base, name);
            std::set<std::string> ids;
            for (const auto& r : records) {
                ids.insert(r.correlationId);
            }
            QVERIFY2(ids == baseIds, name);
        }
        // The manifest states the same counts.
        const json m = manifest("jsonl");
        for (const auto& [key, count] : base) {
            QCOMPARE(m.at("records_per_vault_operation").at(key.first).at(key.second).get<int>(), count);
        }
        // Milliseconds are unique, so the CSV's truncated times still order and identify records.
        std::set<std::string> csvTimes;
        for (const auto& r : others[1].second) {
            csvTimes.insert(r.time);
        }
        QCOMPARE(csvTimes.size(), jsonl.size());
    }

    void manifestMatchesRecords()
    {
        generate("bundle", core::DemoFormat::Bundle, 6000);
        const json m = manifest("bundle");
        const auto records = readJsonLines(path("bundle"));
        QCOMPARE(m.at("record_count").get<std::size_t>(), records.size());
        QCOMPARE(m.at("incidents").size(), std::size_t{8});
        const std::string start = m.at("start").get<std::string>();
        const std::string firstWeekEnd = "2026-11-08";
        std::set<std::string> kinds;
        for (const auto& inc : m.at("incidents")) {
            const std::string kind = inc.at("kind").get<std::string>();
            kinds.insert(kind);
            const std::string from = inc.at("start").get<std::string>();
            const std::string to = inc.at("end").get<std::string>();
            QVERIFY2(from >= firstWeekEnd, kind.c_str()); // a week of baseline before every incident
            QVERIFY(from <= to);
            const std::string ip = inc.at("actor").at("ip").get<std::string>();
            if (kind == "volume_spike") {
                continue; // its address also carries normal traffic
            }
            // Attacker addresses are used by nothing else: every record from them belongs to the incident.
            int n = 0;
            std::map<std::string, int> ops;
            for (const auto& r : records) {
                if (r.ip == ip) {
                    QVERIFY2(r.time >= from && r.time <= to, (kind + " " + r.time).c_str());
                    ++n;
                    ++ops[r.op];
                }
            }
            QCOMPARE(n, inc.at("event_count").get<int>());
            QCOMPARE(json(ops), inc.at("operations"));
        }
        QCOMPARE(kinds, (std::set<std::string>{"mass_secret_dump", "sensitive_operations", "access_denied_burst",
                                               "access_policy_manipulation", "volume_spike", "tor_access",
                                               "threat_intel_ip", "hsm_compromise"}));

        auto incident = [&](const std::string& kind) {
            for (const auto& inc : m.at("incidents")) {
                if (inc.at("kind") == kind) {
                    return inc;
                }
            }
            return json();
        };

        // 1. Mass dump: Sentinel (> 10 distinct URIs, > 50 events a day) and Elastic (>= 10 reads, >= 2 actions in a
        //    minute by the UPN), with SecretList before the first SecretGet.
        {
            const json inc = incident("mass_secret_dump");
            const std::string ip = inc.at("actor").at("ip").get<std::string>();
            const std::string upn = inc.at("actor").at("upn").get<std::string>();
            std::set<std::string> uris;
            int gets = 0;
            std::string firstList;
            std::string firstGet;
            std::map<std::string, std::pair<int, std::set<std::string>>> minutes;
            for (const auto& r : records) {
                if (r.ip != ip) {
                    continue;
                }
                if (r.op == "SecretGet" && r.status == 200) {
                    uris.insert(r.requestUri);
                    ++gets;
                    firstGet = firstGet.empty() ? r.time : std::min(firstGet, r.time);
                }
                if (r.op == "SecretList") {
                    firstList = firstList.empty() ? r.time : std::min(firstList, r.time);
                }
                if (r.upn == upn && (r.op == "SecretGet" || r.op == "SecretList" || r.op == "VaultGet")) {
                    auto& [count, actions] = minutes[r.time.substr(0, 16)];
                    ++count;
                    actions.insert(r.op);
                }
            }
            QVERIFY(uris.size() > 100);
            QVERIFY(gets > 50);
            QVERIFY(!firstList.empty() && firstList < firstGet);
            bool elastic = false;
            for (const auto& [minute, v] : minutes) {
                elastic = elastic || (v.first >= 10 && v.second.size() >= 2);
            }
            QVERIFY(elastic);
        }
        // 2. Sensitive operations: the Sentinel list, all successful, by a user.
        {
            const json inc = incident("sensitive_operations");
            QVERIFY(!inc.at("actor").at("upn").get<std::string>().empty());
            for (const char* op :
                 {"SecretBackup", "KeyBackup", "SecretDelete", "SecretPurge", "KeyDelete", "KeyPurge", "VaultDelete"}) {
                QVERIFY2(inc.at("operations").contains(op), op);
            }
            for (const auto& [status, n] : inc.at("http_statuses").items()) {
                QVERIFY(status == "200" || status == "204" || status == "401");
            }
        }
        // 3. 403 burst: an app id never seen before, denied on several vaults.
        {
            const json inc = incident("access_denied_burst");
            const std::string app = inc.at("actor").at("app_id").get<std::string>();
            std::set<std::string> vaults;
            for (const auto& r : records) {
                if (r.appid == app) {
                    QVERIFY(r.time >= inc.at("start").get<std::string>());
                    QCOMPARE(r.status, 403);
                    vaults.insert(r.vault);
                }
            }
            QVERIFY(vaults.size() >= 5);
        }
        // 4. Access policy added and removed within 10 minutes; SecretGet by the added object id in between.
        {
            const json inc = incident("access_policy_manipulation");
            const std::string oid = inc.at("details").at("granted_object_id").get<std::string>();
            QCOMPARE(oid, inc.at("actor").at("object_id").get<std::string>());
            const std::string added = inc.at("details").at("policy_added").get<std::string>();
            const std::string removed = inc.at("details").at("policy_removed").get<std::string>();
            QVERIFY(inc.at("details").at("seconds_between_add_and_remove").get<int>() < 600);
            int reads = 0;
            for (const auto& r : records) {
                if (r.oid == oid && r.op == "SecretGet" && r.time > added && r.time < removed && r.status == 200) {
                    ++reads;
                }
            }
            QVERIFY(reads > 0);
        }
        // 5. Volume spike: the vault's daily anomaly score is far above 3 on the spike day.
        {
            const json inc = incident("volume_spike");
            const std::string vault = inc.at("vaults").at(0).get<std::string>();
            const auto daily = m.at("daily_event_counts").at(vault).get<std::vector<double>>();
            const auto scores = anomalyScores(daily);
            const std::string day = inc.at("details").at("day").get<std::string>();
            const auto index = static_cast<std::size_t>((std::stoi(day.substr(8, 2)) - std::stoi(start.substr(8, 2))));
            QVERIFY2(scores.at(index) > 3.0, std::to_string(scores.at(index)).c_str());
            QVERIFY(inc.at("http_statuses").contains("429"));
        }
        // 6. Tor and threat-intel addresses are in the bundle's lists.
        {
            const std::string tor = test::readFile((path("bundle") / "threat-intel/tor-exit-addresses.txt").string());
            QVERIFY(tor.find("ExitAddress " + incident("tor_access").at("actor").at("ip").get<std::string>() + " ") !=
                    std::string::npos);
            std::vector<std::vector<std::string>> rows;
            std::string error;
            QVERIFY(parseCsv(test::readFile((path("bundle") / "threat-intel/indicators.csv").string()), rows, error));
            QCOMPARE(rows.front().front(), std::string("indicator"));
            bool listed = false;
            for (const auto& row : rows) {
                listed = listed || row.front() == incident("threat_intel_ip").at("actor").at("ip").get<std::string>();
            }
            QVERIFY(listed);
            const json vaults = incident("threat_intel_ip").at("vaults");
            QVERIFY(std::find(vaults.begin(), vaults.end(), "mhsm-pay-prod") != vaults.end());
        }
        // 7. Managed HSM: security-domain download, key delete + purge, role-assignment changes.
        {
            const json inc = incident("hsm_compromise");
            for (const char* op :
                 {"SecurityDomainBackup", "KeyDelete", "KeyPurge", "RoleAssignmentCreate", "RoleAssignmentDelete"}) {
                QVERIFY2(inc.at("operations").contains(op), op);
            }
            QCOMPARE(inc.at("resource_ids").at(0).get<std::string>().find("/MANAGEDHSMS/") != std::string::npos, true);
        }
    }

    void benignTrafficStaysBelowTheRules()
    {
        generate("bundle", core::DemoFormat::Bundle, 6000);
        const json m = manifest("bundle");
        const auto records = readJsonLines(path("bundle"));
        std::set<std::string> attackerIps;
        for (const auto& inc : m.at("incidents")) {
            if (inc.at("kind") != "volume_spike") {
                attackerIps.insert(inc.at("actor").at("ip").get<std::string>());
            }
        }
        std::set<std::string> expected;
        for (const auto& f : m.at("benign_expected_findings")) {
            if (f.contains("object_id")) {
                expected.insert(f.at("object_id").get<std::string>());
            }
        }
        // Sentinel mass retrieval per calendar day, over benign records only.
        std::map<std::pair<std::string, std::string>, std::pair<int, std::map<std::string, std::set<std::string>>>>
            days;
        for (const auto& r : records) {
            if (attackerIps.count(r.ip) != 0U || r.oid.empty()) {
                continue;
            }
            const bool allowListed = r.op == "VaultGet" && (r.appid == "509e4652-da8d-478d-a730-e9d4a1996ca4" ||
                                                            r.appid == "8cae6e77-e04e-42ce-b5cb-50d82bce26b1");
            if ((r.op == "SecretGet" || r.op == "KeyGet" || r.op == "VaultGet") && !allowListed) {
                auto& [gets, uris] = days[{r.oid, r.time.substr(0, 10)}];
                ++gets;
                uris[r.op].insert(r.requestUri);
            }
        }
        for (const auto& [key, value] : days) {
            std::size_t distinct = 0;
            for (const auto& [op, uris] : value.second) {
                distinct = std::max(distinct, uris.size());
            }
            if (distinct > 10 && value.first > 50) {
                QVERIFY2(expected.count(key.first) != 0U, ("unexpected benign finding " + key.first).c_str());
            }
        }
    }

    void diurnalShape()
    {
        generate("bundle", core::DemoFormat::Bundle, 6000);
        std::array<int, 24> hours{};
        for (const auto& r : readJsonLines(path("bundle"))) {
            ++hours[static_cast<std::size_t>(std::stoi(r.time.substr(11, 2)))];
        }
        double day = 0;
        double night = 0;
        for (int h = 9; h <= 16; ++h) {
            day += hours[static_cast<std::size_t>(h)] / 8.0;
        }
        for (int h = 0; h <= 5; ++h) {
            night += hours[static_cast<std::size_t>(h)] / 6.0;
        }
        QVERIFY2(day > 1.5 * night, (std::to_string(day) + " vs " + std::to_string(night)).c_str());
    }

    void azureDiagnosticsCsvIsPortalRfc4180()
    {
        generate("csv", core::DemoFormat::AzureDiagnosticsCsv, 4000);
        const std::regex enUs(R"(\d{1,2}/\d{1,2}/\d{4}, \d{1,2}:\d{2}:\d{2}\.\d{3} (AM|PM))");
        bool embeddedNewline = false;
        std::size_t rowsSeen = 0;
        for (const auto& f : filesUnder(path("csv") / "AzureDiagnostics")) {
            const std::string text = test::readFile((path("csv") / "AzureDiagnostics" / f).string());
            QVERIFY(text.rfind("TenantId,\"TimeGenerated [UTC]\",ResourceId,", 0) == 0);
            QVERIFY(text.find("\"_ResourceId\"\r\n") != std::string::npos);
            std::vector<std::vector<std::string>> rows;
            std::string error;
            QVERIFY2(parseCsv(text, rows, error), (f + ": " + error).c_str());
            QCOMPARE(rows.front(), core::DemoAzureDiagnosticsCsvWriter::columns());
            std::map<std::string, std::size_t> col;
            for (std::size_t i = 0; i < rows.front().size(); ++i) {
                col[rows.front()[i]] = i;
            }
            for (const char* name : {"TimeGenerated [UTC]",
                                     "ResourceProvider",
                                     "ResourceType",
                                     "Resource",
                                     "OperationName",
                                     "CallerIPAddress",
                                     "DurationMs",
                                     "ResultDescription",
                                     "requestUri_s",
                                     "httpStatusCode_d",
                                     "id_s",
                                     "clientInfo_s",
                                     "identity_claim_oid_g",
                                     "identity_claim_upn_s",
                                     "identity_claim_appid_g",
                                     "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g",
                                     "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s",
                                     "properties_enableRbacAuthorization_b",
                                     "addedAccessPolicy_ObjectId_g",
                                     "removedAccessPolicy_ObjectId_g",
                                     "isRbacAuthorized_b",
                                     "isAccessPolicyMatch_b",
                                     "_ResourceId"}) {
                QVERIFY2(col.count(name) != 0U, name);
            }
            for (std::size_t r = 1; r < rows.size(); ++r) {
                const auto& row = rows[r];
                QCOMPARE(row.size(), rows.front().size());
                QVERIFY(std::regex_match(row[col["TimeGenerated [UTC]"]], enUs));
                QCOMPARE(row[col["ResourceProvider"]], std::string("MICROSOFT.KEYVAULT"));
                const std::string type = row[col["ResourceType"]];
                QVERIFY(type == "VAULTS" || type == "MANAGEDHSMS");
                QCOMPARE(row[col["Type"]], std::string("AzureDiagnostics"));
                embeddedNewline = embeddedNewline || row[col["ResultDescription"]].find('\n') != std::string::npos;
                ++rowsSeen;
            }
        }
        QVERIFY(embeddedNewline);
        QCOMPARE(rowsSeen,
                 static_cast<std::size_t>(generate("csv", core::DemoFormat::AzureDiagnosticsCsv, 4000).records));
    }

    void azkvAuditLogsQueryApiShape()
    {
        generate("azkv", core::DemoFormat::AzkvAuditLogsJson, 4000);
        const auto files = filesUnder(path("azkv") / "AZKVAuditLogs");
        QVERIFY(!files.empty());
        const json doc = json::parse(test::readFile((path("azkv") / "AZKVAuditLogs" / files.front()).string()));
        const json& table = doc.at("tables").at(0);
        QCOMPARE(table.at("name").get<std::string>(), std::string("PrimaryResult"));
        const auto& expected = core::DemoAzkvAuditLogsJsonWriter::columns();
        QCOMPARE(table.at("columns").size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(table.at("columns")[i].at("name").get<std::string>(), expected[i].first);
            QCOMPARE(table.at("columns")[i].at("type").get<std::string>(), expected[i].second);
        }
        for (const auto& row : table.at("rows")) {
            QCOMPARE(row.size(), expected.size());
            for (std::size_t i = 0; i < expected.size(); ++i) {
                if (expected[i].second == "dynamic" && !row[i].is_null()) {
                    QVERIFY(row[i].is_string());
                    QVERIFY(json::accept(row[i].get<std::string>()));
                }
            }
        }
    }

    void bundleSideFiles()
    {
        const auto& s = generate("bundle", core::DemoFormat::Bundle, 6000);
        // Defender alerts: one per alerting incident plus a SIMULATED_ sample, in the continuous-export shape.
        const auto alerts = filesUnder(path("bundle") / "defender-alerts");
        QVERIFY(alerts.size() >= 3);
        bool listGet = false;
        bool simulated = false;
        for (const auto& f : alerts) {
            const json a = json::parse(test::readFile((path("bundle") / "defender-alerts" / f).string()));
            for (const char* key :
                 {"AlertType", "AlertDisplayName", "Severity", "StartTimeUtc", "EndTimeUtc", "SystemAlertId",
                  "AzureResourceId", "CompromisedEntity", "Entities", "ExtendedProperties", "AlertUri"}) {
                QVERIFY2(a.contains(key), key);
            }
            std::set<std::string> types;
            for (const auto& e : a.at("Entities")) {
                types.insert(e.at("Type").get<std::string>());
            }
            QCOMPARE(types, (std::set<std::string>{"azure-resource", "account", "ip"}));
            const std::string type = a.at("AlertType").get<std::string>();
            simulated = simulated || type.rfind("SIMULATED_", 0) == 0;
            if (type == "KV_ListGetAnomaly") {
                listGet = true;
                QCOMPARE(a.at("Entities")[2].at("Address").get<std::string>(), std::string("203.0.113.45"));
            }
        }
        QVERIFY(listGet);
        QVERIFY(simulated);
        // AzureMetrics: ServiceApiHit counts add up to the audit records per resource.
        std::vector<std::vector<std::string>> rows;
        std::string error;
        QVERIFY(parseCsv(test::readFile((path("bundle") / "metrics/AzureMetrics.csv").string()), rows, error));
        std::map<std::string, std::size_t> col;
        for (std::size_t i = 0; i < rows.front().size(); ++i) {
            col[rows.front()[i]] = i;
        }
        QVERIFY(col.count("TimeGenerated [UTC]") != 0U && col.count("MetricName") != 0U);
        std::map<std::string, std::uint64_t> hits;
        std::set<std::string> metrics;
        for (std::size_t r = 1; r < rows.size(); ++r) {
            metrics.insert(rows[r][col["MetricName"]]);
            if (rows[r][col["MetricName"]] == "ServiceApiHit") {
                hits[lower(rows[r][col["Resource"]])] += std::stoull(rows[r][col["Count"]]);
            }
        }
        QCOMPARE(metrics, (std::set<std::string>{"Availability", "ServiceApiHit", "ServiceApiLatency"}));
        QCOMPARE(hits, s.recordsPerResource);
    }

    void rejectsBadOptionsAndNonEmptyFolders()
    {
        core::DemoOptions o;
        o.events = 10;
        QVERIFY(!o.validate());
        o.events = 5000;
        o.days = 3;
        QVERIFY(!o.validate());
        o.days = 14;
        QVERIFY(o.validate().ok());
        QVERIFY(core::DemoOptions::parseStartDate("2026-11-01").has_value());
        QVERIFY(!core::DemoOptions::parseStartDate("2026-02-30").has_value());
        QVERIFY(core::demoFormatFromString("azurediagnostics-csv") == core::DemoFormat::AzureDiagnosticsCsv);
        QVERIFY(!core::demoFormatFromString("xml").has_value());
        test::writeFile(m_dir, "occupied/file.txt", "x");
        auto r = core::DemoBundleGenerator(o).write(path("occupied"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, core::Error::Code::Usage);
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
