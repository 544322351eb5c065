#include "core/report/CaseRecords.h"

#include "core/report/TableExport.h"
#include "core/store/CaseFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace kvw::core {
namespace {

std::string scalarText(const nlohmann::json& v)
{
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_null()) {
        return {};
    }
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> stringList(const nlohmann::json& j, const char* key)
{
    std::vector<std::string> out;
    if (!j.is_object() || !j.contains(key)) {
        return out;
    }
    const auto& v = j.at(key);
    if (v.is_array()) {
        for (const auto& x : v) {
            out.push_back(scalarText(x));
        }
    } else if (!v.is_null()) {
        out.push_back(scalarText(v));
    }
    return out;
}

std::string stringField(const nlohmann::json& j, const char* key)
{
    return j.is_object() && j.contains(key) ? scalarText(j.at(key)) : std::string{};
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

FindingRecord parseFinding(FindingRecord f, const std::string& detailJson)
{
    const auto j = nlohmann::json::parse(detailJson, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return f;
    }
    if (j.contains("entities")) {
        const auto& e = j.at("entities");
        f.ips = stringList(e, "ips");
        f.identities = stringList(e, "identities");
        f.apps = stringList(e, "apps");
        f.objects = stringList(e, "objects");
    }
    f.vaults = stringList(j, "vaults");
    if (j.contains("event_count") && j.at("event_count").is_number_integer()) {
        f.eventCount = j.at("event_count").get<std::int64_t>();
    }
    if (j.contains("event_ids") && j.at("event_ids").is_array()) {
        for (const auto& id : j.at("event_ids")) {
            if (id.is_number_integer()) {
                f.eventIds.push_back(id.get<std::int64_t>());
            }
        }
    }
    if (f.eventCount == 0) {
        f.eventCount = static_cast<std::int64_t>(f.eventIds.size());
    }
    if (j.contains("parameters") && j.at("parameters").is_object()) {
        for (const auto& [k, v] : j.at("parameters").items()) {
            f.parameters.emplace_back(k, scalarText(v));
        }
    }
    f.source = stringField(j, "source");
    f.tactic = stringField(j, "tactic");
    f.technique = stringField(j, "technique");
    f.explanation = stringField(j, "explanation");
    return f;
}

} // namespace

int CaseRecords::severityRank(const std::string& severity)
{
    const std::string s = lower(severity);
    if (s == "high" || s == "critical") {
        return 0;
    }
    if (s == "medium") {
        return 1;
    }
    if (s == "low") {
        return 2;
    }
    if (s == "informational" || s == "info") {
        return 3;
    }
    return 4;
}

std::string CaseRecords::join(const std::vector<std::string>& values, const std::string& separator)
{
    std::string out;
    for (const auto& v : values) {
        out += (out.empty() ? "" : separator) + v;
    }
    return out;
}

Result<std::vector<FindingRecord>> CaseRecords::findings(const CaseFile& caseFile, const EventFilter& filter)
{
    std::vector<FindingRecord> out;
    try {
        auto st = caseFile.db().prepare(
            "SELECT id, rule_id, title, severity, start_time, end_time, detail_json FROM findings ORDER BY start_time, id");
        while (st.step()) {
            FindingRecord f;
            f.id = st.int64(0);
            f.ruleId = st.text(1);
            f.title = st.text(2);
            f.severity = st.text(3);
            f.start = st.int64(4);
            f.end = st.int64(5);
            f = parseFinding(std::move(f), st.text(6));
            if (TableExport::inScope(filter, f.start, f.end, f.vaults)) {
                out.push_back(std::move(f));
            }
        }
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, e.what()};
    }
    std::stable_sort(out.begin(), out.end(), [](const FindingRecord& a, const FindingRecord& b) {
        return severityRank(a.severity) < severityRank(b.severity);
    });
    return out;
}

Result<std::vector<AlertRecord>> CaseRecords::alerts(const CaseFile& caseFile, const EventFilter& filter)
{
    std::vector<AlertRecord> out;
    try {
        auto st = caseFile.db().prepare(
            "SELECT id, system_alert_id, alert_type, display_name, severity, COALESCE(start_time, time_generated, 0), "
            "COALESCE(end_time, start_time, time_generated, 0), COALESCE(time_generated, start_time, 0), vault, "
            "compromised_entity, description, status, tactics, product_name FROM alerts "
            "ORDER BY COALESCE(start_time, time_generated), id");
        auto ent = caseFile.db().prepare("SELECT kind, value FROM alert_entities WHERE alert_id = ? ORDER BY kind, value");
        while (st.step()) {
            AlertRecord a;
            a.id = st.int64(0);
            a.systemAlertId = st.text(1);
            a.alertType = st.text(2);
            a.displayName = st.text(3);
            a.severity = st.text(4);
            a.start = st.int64(5);
            a.end = st.int64(6);
            a.timeGenerated = st.int64(7);
            a.vault = lower(st.text(8));
            a.compromisedEntity = st.text(9);
            a.description = st.text(10);
            a.status = st.text(11);
            a.tactics = st.text(12);
            a.productName = st.text(13);
            const std::vector<std::string> vaults = a.vault.empty() ? std::vector<std::string>{}
                                                                    : std::vector<std::string>{a.vault};
            if (!TableExport::inScope(filter, a.start, a.end, vaults)) {
                continue;
            }
            ent.bind(1, a.id);
            while (ent.step()) {
                a.entities.emplace_back(ent.text(0), ent.text(1));
            }
            ent.reset();
            out.push_back(std::move(a));
        }
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, e.what()};
    }
    return out;
}

} // namespace kvw::core
