#include "core/report/TableExport.h"

#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/query/EventQuery.h"
#include "core/report/CaseRecords.h"
#include "core/report/CsvWriter.h"
#include "core/report/EventJson.h"
#include "core/store/CaseFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace kvw::core {
namespace {

using AnnotationMap = std::map<std::string, std::vector<Annotation>>;

constexpr std::array<std::pair<TableExport::Table, const char*>, 7> kTables{{
    {TableExport::Table::Events, "events"},
    {TableExport::Table::Findings, "findings"},
    {TableExport::Table::Alerts, "alerts"},
    {TableExport::Table::ByVault, "by-vault"},
    {TableExport::Table::ByIp, "by-ip"},
    {TableExport::Table::ByIdentity, "by-identity"},
    {TableExport::Table::ByOperation, "by-operation"},
}};

std::string timeText(std::int64_t ticks) { return Timestamp::fromTicks(ticks).toIso(); }

AnnotationMap annotationsOf(const CaseFile& caseFile, AnnotationTarget kind)
{
    // Tags are decoration: a case without readable annotations still exports its tables.
    const SystemClock clock;
    auto m = AnnotationStore(caseFile, clock).byTarget(kind);
    return m ? std::move(*m) : AnnotationMap{};
}

void addAnnotationCells(std::vector<std::string>& row, const AnnotationMap& map, const std::string& key)
{
    const auto it = map.find(key);
    if (it == map.end()) {
        row.emplace_back();
        row.emplace_back();
        return;
    }
    row.push_back(AnnotationStore::tagsText(it->second));
    row.push_back(AnnotationStore::notesText(it->second));
}

std::string limitSql(std::int64_t limit) { return limit > 0 ? " LIMIT " + std::to_string(limit) : std::string{}; }

// by-vault / by-ip / by-identity / by-operation: one GROUP BY over the filtered events.
DataTable groupTable(const CaseFile& caseFile, TableExport::Table table, const EventFilter& filter, std::int64_t limit)
{
    DataTable t;
    t.id = TableExport::toString(table);
    const SqlWhere w = filter.where();
    std::string sql;
    AnnotationTarget kind = AnnotationTarget::Vault;
    switch (table) {
    case TableExport::Table::ByVault:
        t.title = "Events by vault";
        t.addColumn("vault");
        for (const char* c : {"events", "failed", "identities", "ips"}) {
            t.addColumn(c, true);
        }
        sql = "SELECT vault, COUNT(*), COALESCE(SUM(http_status >= 400), 0), COUNT(DISTINCT identity), "
              "COUNT(DISTINCT caller_ip), MIN(time), MAX(time) FROM events" + w.sql() +
              " GROUP BY vault ORDER BY 2 DESC, 1";
        break;
    case TableExport::Table::ByIp:
        t.title = "Events by caller IP";
        t.addColumn("caller_ip");
        for (const char* c : {"events", "failed", "identities"}) {
            t.addColumn(c, true);
        }
        t.addColumn("vaults");
        kind = AnnotationTarget::Ip;
        sql = "SELECT caller_ip, COUNT(*), COALESCE(SUM(http_status >= 400), 0), COUNT(DISTINCT identity), "
              "GROUP_CONCAT(DISTINCT vault), MIN(time), MAX(time) FROM events" + w.sql() +
              " GROUP BY caller_ip ORDER BY 2 DESC, 1";
        break;
    case TableExport::Table::ByIdentity:
        t.title = "Events by identity";
        t.addColumn("identity");
        t.addColumn("upn");
        t.addColumn("kind");
        for (const char* c : {"events", "failed", "ips"}) {
            t.addColumn(c, true);
        }
        t.addColumn("vaults");
        kind = AnnotationTarget::Identity;
        sql = "SELECT identity, MAX(identity_upn), MAX(identity_kind), COUNT(*), COALESCE(SUM(http_status >= 400), 0), "
              "COUNT(DISTINCT caller_ip), GROUP_CONCAT(DISTINCT vault), MIN(time), MAX(time) FROM events" + w.sql() +
              " GROUP BY identity ORDER BY 4 DESC, 1";
        break;
    default:
        t.title = "Events by operation";
        t.addColumn("operation");
        t.addColumn("class");
        for (const char* c : {"events", "failed", "identities"}) {
            t.addColumn(c, true);
        }
        kind = AnnotationTarget::Operation;
        sql = "SELECT operation, MAX(op_class), COUNT(*), COALESCE(SUM(http_status >= 400), 0), "
              "COUNT(DISTINCT identity), MIN(time), MAX(time) FROM events" + w.sql() +
              " GROUP BY operation ORDER BY 3 DESC, 1";
        break;
    }
    t.addColumn("first_seen");
    t.addColumn("last_seen");
    t.addColumn("tags");
    t.addColumn("notes");
    const AnnotationMap notes = annotationsOf(caseFile, kind);
    auto st = caseFile.db().prepare(sql + limitSql(limit));
    w.bind(st);
    while (st.step()) {
        std::vector<std::string> row;
        const int n = st.columnCount();
        for (int i = 0; i < n - 2; ++i) {
            row.push_back(st.isNull(i) ? std::string{} : st.text(i));
        }
        row.push_back(timeText(st.int64(n - 2)));
        row.push_back(timeText(st.int64(n - 1)));
        addAnnotationCells(row, notes, row.front());
        t.rows.push_back(std::move(row));
    }
    return t;
}

DataTable findingsTable(const CaseFile& caseFile, const EventFilter& filter, std::int64_t limit)
{
    DataTable t;
    t.id = "findings";
    t.title = "Findings";
    t.addColumn("id", true);
    for (const char* c : {"rule_id", "title", "severity", "start", "end"}) {
        t.addColumn(c);
    }
    t.addColumn("events", true);
    for (const char* c : {"vaults", "ips", "identities", "apps", "objects", "tactic", "technique", "explanation",
                          "tags", "notes"}) {
        t.addColumn(c);
    }
    auto findings = CaseRecords::findings(caseFile, filter);
    if (!findings) {
        throw DatabaseError(findings.error().message);
    }
    const AnnotationMap notes = annotationsOf(caseFile, AnnotationTarget::Finding);
    for (const auto& f : *findings) {
        if (limit > 0 && static_cast<std::int64_t>(t.rows.size()) >= limit) {
            break;
        }
        std::vector<std::string> row{std::to_string(f.id), f.ruleId, f.title, f.severity, timeText(f.start),
                                     timeText(f.end), std::to_string(f.eventCount), CaseRecords::join(f.vaults),
                                     CaseRecords::join(f.ips), CaseRecords::join(f.identities),
                                     CaseRecords::join(f.apps), CaseRecords::join(f.objects), f.tactic, f.technique,
                                     f.explanation};
        addAnnotationCells(row, notes, std::to_string(f.id));
        t.rows.push_back(std::move(row));
    }
    return t;
}

DataTable alertsTable(const CaseFile& caseFile, const EventFilter& filter, std::int64_t limit)
{
    DataTable t;
    t.id = "alerts";
    t.title = "Defender alerts";
    t.addColumn("id", true);
    for (const char* c : {"system_alert_id", "start", "end", "severity", "display_name", "alert_type", "vault",
                          "compromised_entity", "status", "tactics", "entities", "description", "tags", "notes"}) {
        t.addColumn(c);
    }
    auto alerts = CaseRecords::alerts(caseFile, filter);
    if (!alerts) {
        throw DatabaseError(alerts.error().message);
    }
    const AnnotationMap notes = annotationsOf(caseFile, AnnotationTarget::Alert);
    for (const auto& a : *alerts) {
        if (limit > 0 && static_cast<std::int64_t>(t.rows.size()) >= limit) {
            break;
        }
        std::vector<std::string> entities;
        for (const auto& [k, v] : a.entities) {
            entities.push_back(k + ": " + v);
        }
        std::vector<std::string> row{std::to_string(a.id), a.systemAlertId, timeText(a.start), timeText(a.end),
                                     a.severity, a.displayName, a.alertType, a.vault, a.compromisedEntity, a.status,
                                     a.tactics, CaseRecords::join(entities, "; "), a.description};
        addAnnotationCells(row, notes, std::to_string(a.id));
        t.rows.push_back(std::move(row));
    }
    return t;
}

DataTable eventsTable(const CaseFile& caseFile, const EventFilter& filter, std::int64_t limit)
{
    DataTable t;
    t.id = "events";
    t.title = "Events";
    for (const auto& c : EventJson::csvHeader()) {
        t.addColumn(c, c == "id" || c == "http_status" || c == "duration_ms" || c == "source_record");
    }
    t.addColumn("tags");
    t.addColumn("notes");
    const AnnotationMap notes = annotationsOf(caseFile, AnnotationTarget::Event);
    auto rows = EventQuery(caseFile).page(filter, EventQuery::Sort::Time, false, 0, limit > 0 ? limit : -1);
    if (!rows) {
        throw DatabaseError(rows.error().message);
    }
    for (const auto& r : *rows) {
        auto cells = EventJson::csvCells(r);
        addAnnotationCells(cells, notes, std::to_string(r.id));
        t.rows.push_back(std::move(cells));
    }
    return t;
}

} // namespace

const std::vector<std::string>& TableExport::tableNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& [t, name] : kTables) {
            n.emplace_back(name);
        }
        return n;
    }();
    return names;
}

std::optional<TableExport::Table> TableExport::tableFromString(const std::string& name)
{
    for (const auto& [t, n] : kTables) {
        if (name == n) {
            return t;
        }
    }
    return std::nullopt;
}

const char* TableExport::toString(Table table)
{
    for (const auto& [t, n] : kTables) {
        if (t == table) {
            return n;
        }
    }
    return "events";
}

bool TableExport::inScope(const EventFilter& filter, std::int64_t start, std::int64_t end,
                          const std::vector<std::string>& vaults)
{
    if (filter.from && end < filter.from->ticks()) {
        return false;
    }
    if (filter.to && start >= filter.to->ticks()) {
        return false;
    }
    if (filter.vaults.empty() || vaults.empty()) {
        return true;
    }
    for (const auto& v : vaults) {
        std::string lv = v;
        std::transform(lv.begin(), lv.end(), lv.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        for (const auto& fv : filter.vaults) {
            std::string lf = fv;
            std::transform(lf.begin(), lf.end(), lf.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (lv == lf) {
                return true;
            }
        }
    }
    return false;
}

Result<DataTable> TableExport::build(const CaseFile& caseFile, Table table, const EventFilter& filter,
                                     std::int64_t limit)
{
    try {
        switch (table) {
        case Table::Events:
            return eventsTable(caseFile, filter, limit);
        case Table::Findings:
            return findingsTable(caseFile, filter, limit);
        case Table::Alerts:
            return alertsTable(caseFile, filter, limit);
        default:
            return groupTable(caseFile, table, filter, limit);
        }
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, e.what()};
    }
}

void TableExport::writeCsv(const DataTable& table, std::ostream& out)
{
    CsvWriter csv(out);
    csv.row(table.columns);
    for (const auto& r : table.rows) {
        csv.row(r);
    }
}

void TableExport::writeJson(const DataTable& table, std::ostream& out)
{
    out << "[";
    bool first = true;
    for (const auto& r : table.rows) {
        nlohmann::ordered_json o = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < table.columns.size() && i < r.size(); ++i) {
            if (table.isNumeric(i) && !r[i].empty()) {
                // Only a cell that is a number as a whole becomes a JSON number ("12.5" must not turn into 12).
                const char* begin = r[i].data();
                const char* end = begin + r[i].size();
                std::int64_t whole = 0;
                if (const auto [p, ec] = std::from_chars(begin, end, whole); ec == std::errc() && p == end) {
                    o[table.columns[i]] = whole;
                    continue;
                }
                char* stop = nullptr;
                const double real = std::strtod(r[i].c_str(), &stop);
                if (stop == r[i].c_str() + r[i].size() && std::isfinite(real)) {
                    o[table.columns[i]] = real;
                    continue;
                }
            }
            o[table.columns[i]] = r[i];
        }
        out << (first ? "\n" : ",\n") << o.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        first = false;
    }
    out << "\n]\n";
}

Result<std::int64_t> TableExport::exportEvents(const CaseFile& caseFile, const EventFilter& filter, Format format,
                                               std::ostream& out, std::int64_t limit)
{
    const EventQuery query(caseFile);
    const AnnotationMap notes = annotationsOf(caseFile, AnnotationTarget::Event);
    CsvWriter csv(out);
    if (format == Format::Csv) {
        auto header = EventJson::csvHeader();
        header.emplace_back("tags");
        header.emplace_back("notes");
        csv.row(header);
    } else {
        out << "[";
    }
    // Pages keep memory flat however many events match.
    constexpr std::int64_t kPage = 5000;
    std::int64_t written = 0;
    for (std::int64_t offset = 0;; offset += kPage) {
        const std::int64_t want = limit == 0 ? kPage : std::min(kPage, limit - written);
        if (want <= 0) {
            break;
        }
        auto rows = query.page(filter, EventQuery::Sort::Time, false, offset, want);
        if (!rows) {
            return rows.error();
        }
        for (const auto& r : *rows) {
            const auto it = notes.find(std::to_string(r.id));
            const std::string tags = it == notes.end() ? std::string{} : AnnotationStore::tagsText(it->second);
            const std::string text = it == notes.end() ? std::string{} : AnnotationStore::notesText(it->second);
            if (format == Format::Csv) {
                auto cells = EventJson::csvCells(r);
                cells.push_back(tags);
                cells.push_back(text);
                csv.row(cells);
            } else {
                auto j = EventJson::toJson(r);
                j["tags"] = tags;
                j["notes"] = text;
                out << (written == 0 ? "\n" : ",\n") << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            }
            ++written;
        }
        if (static_cast<std::int64_t>(rows->size()) < want) {
            break;
        }
    }
    if (format == Format::Json) {
        out << "\n]\n";
    }
    return written;
}

} // namespace kvw::core
