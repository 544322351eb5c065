#include "core/analytics/workbook/FindingQueries.h"

#include "core/analytics/workbook/WorkbookSql.h"
#include "core/model/AzureResourceId.h"
#include "core/store/CaseFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace kvw::core {

using namespace workbook_sql;
using nlohmann::json;

namespace {

std::string scalar(const json& v)
{
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_number_integer()) {
        return std::to_string(v.get<std::int64_t>());
    }
    if (v.is_number() || v.is_boolean()) {
        return v.dump();
    }
    return {};
}

const json* member(const json& j, std::initializer_list<const char*> names)
{
    for (const char* n : names) {
        if (const auto it = j.find(n); it != j.end()) {
            return &*it;
        }
    }
    return nullptr;
}

void addEntities(const json& v, const std::string& kind, std::vector<std::string>& out)
{
    if (v.is_string() || v.is_number()) {
        const std::string s = scalar(v);
        if (!s.empty()) {
            out.push_back(kind.empty() ? s : kind + ": " + s);
        }
    } else if (v.is_array()) {
        for (const auto& x : v) {
            addEntities(x, kind, out);
        }
    } else if (v.is_object()) {
        const json* k = member(v, {"kind", "type"});
        const json* value = member(v, {"value", "name", "id"});
        if (k && value) {
            addEntities(*value, scalar(*k), out);
            return;
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            addEntities(*it, it.key(), out);
        }
    }
}

} // namespace

int FindingQueries::severityRank(const std::string& severity)
{
    const std::string s = toLower(severity);
    if (s == "critical") {
        return 0;
    }
    if (s == "high") {
        return 1;
    }
    if (s == "medium") {
        return 2;
    }
    if (s == "low") {
        return 3;
    }
    return 4;
}

FindingRow FindingQueries::parse(FindingRow row)
{
    const json j = json::parse(row.detailJson, nullptr, false);
    if (!j.is_object()) {
        return row;
    }
    if (const json* v = member(j, {"vaults", "vault"})) {
        if (v->is_array()) {
            for (const auto& x : *v) {
                if (!scalar(x).empty()) {
                    row.vaults.push_back(toLower(scalar(x)));
                }
            }
        } else if (!scalar(*v).empty()) {
            row.vaults.push_back(toLower(scalar(*v)));
        }
    }
    if (const json* v = member(j, {"entities"})) {
        addEntities(*v, "", row.entities);
    } else {
        for (const char* k : {"ip", "callerIp", "identity", "app", "object"}) {
            if (const auto it = j.find(k); it != j.end()) {
                addEntities(*it, k, row.entities);
            }
        }
    }
    if (const json* v = member(j, {"evidence", "evidenceIds", "evidence_ids", "eventIds", "event_ids", "events"})) {
        if (v->is_array()) {
            for (const auto& x : *v) {
                if (x.is_number_integer()) {
                    row.evidence.push_back(x.get<std::int64_t>());
                } else if (x.is_object()) {
                    if (const json* id = member(x, {"id", "eventId", "event_id"}); id && id->is_number_integer()) {
                        row.evidence.push_back(id->get<std::int64_t>());
                    }
                }
            }
        }
    }
    row.evidenceCount = static_cast<std::int64_t>(row.evidence.size());
    if (const json* v = member(j, {"evidenceCount", "evidence_count", "event_count", "count"}); v && v->is_number_integer()) {
        row.evidenceCount = std::max(row.evidenceCount, v->get<std::int64_t>());
    }
    if (const json* v = member(j, {"summary", "explanation", "description", "why"}); v && v->is_string()) {
        row.summary = v->get<std::string>();
    }
    return row;
}

Result<std::vector<FindingRow>> FindingQueries::list(const EventFilter& filter) const
{
    return mentioning(filter, {});
}

Result<std::vector<FindingRow>> FindingQueries::mentioning(const EventFilter& filter,
                                                           const std::vector<std::string>& values) const
{
    return guarded(m_case, [&]() -> Result<std::vector<FindingRow>> {
        SqlWhere w;
        if (filter.from) {
            w.add("end_time >= ?", {filter.from->ticks()});
        }
        if (filter.to) {
            w.add("start_time < ?", {filter.to->ticks()});
        }
        auto st = m_case.db().prepare("SELECT id, rule_id, title, severity, start_time, end_time, detail_json FROM "
                                      "findings" + w.sql());
        w.bind(st);
        std::set<std::string> vaults;
        for (const auto& v : filter.vaults) {
            vaults.insert(toLower(v));
        }
        std::vector<std::string> needles;
        for (const auto& v : values) {
            if (!v.empty()) {
                needles.push_back("\"" + toLower(v) + "\"");
            }
        }
        std::vector<FindingRow> out;
        while (st.step()) {
            FindingRow r;
            r.id = st.int64(0);
            r.ruleId = st.text(1);
            r.title = st.text(2);
            r.severity = st.text(3);
            r.start = Timestamp::fromTicks(st.int64(4));
            r.end = Timestamp::fromTicks(st.int64(5));
            r.detailJson = st.text(6);
            if (!needles.empty()) {
                const std::string lower = toLower(r.detailJson);
                if (std::none_of(needles.begin(), needles.end(),
                                 [&](const std::string& n) { return lower.find(n) != std::string::npos; })) {
                    continue;
                }
            }
            r = parse(std::move(r));
            if (!vaults.empty() && !r.vaults.empty() &&
                std::none_of(r.vaults.begin(), r.vaults.end(), [&](const std::string& v) { return vaults.count(v); })) {
                continue;
            }
            out.push_back(std::move(r));
        }
        std::stable_sort(out.begin(), out.end(), [](const FindingRow& a, const FindingRow& b) {
            const int ra = severityRank(a.severity);
            const int rb = severityRank(b.severity);
            return ra != rb ? ra < rb : a.start > b.start;
        });
        return out;
    });
}

} // namespace kvw::core
