#include "core/report/ReportBuilder.h"

#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/query/EventQuery.h"
#include "core/report/ChartViews.h"
#include "core/report/TableExport.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace kvw::core {
namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string timeText(std::int64_t ticks) { return Timestamp::fromTicks(ticks).toDisplay(); }

std::vector<std::string> splitList(const std::string& s)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size() && !s.empty()) {
        const auto comma = s.find(',', start);
        const auto part = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty()) {
            out.push_back(part);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    std::sort(out.begin(), out.end());
    return out;
}

void addUnique(std::vector<std::string>& list, const std::string& v)
{
    if (!v.empty() && std::find(list.begin(), list.end(), v) == list.end()) {
        list.push_back(v);
    }
}

// Runs a grouped query over the filtered events into a table; the last two columns are first/last times.
DataTable queryTable(const Database& db, const EventFilter& filter, const std::string& id, const std::string& title,
                     const std::vector<std::pair<std::string, bool>>& columns, const std::string& select,
                     const std::string& extraWhere, const std::string& tail)
{
    DataTable t;
    t.id = id;
    t.title = title;
    for (const auto& [name, numeric] : columns) {
        t.addColumn(name, numeric);
    }
    SqlWhere w = filter.where();
    if (!extraWhere.empty()) {
        w.add(extraWhere);
    }
    auto st = db.prepare("SELECT " + select + " FROM events" + w.sql() + " " + tail);
    w.bind(st);
    while (st.step()) {
        std::vector<std::string> row;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const int c = static_cast<int>(i);
            const bool isTime = columns[i].first == "first" || columns[i].first == "last" || columns[i].first == "time";
            row.push_back(st.isNull(c) ? std::string{} : isTime ? timeText(st.int64(c)) : st.text(c));
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

constexpr const char* kIdentityLabel = "COALESCE(NULLIF(MAX(identity_upn), ''), identity)";

// The TI rules' default for snapshot_lookback, used when no detection run recorded its value.
constexpr std::int64_t kDefaultSnapshotLookback = 7 * Timestamp::TicksPerDay;

struct ThreatWindow
{
    std::optional<Timestamp> from;
    std::optional<Timestamp> until;
    std::string basis;
};

// When an indicator counts, with the same rule as the TI detections: valid_from .. valid_until when stated; a dated
// snapshot without an end (a Tor exit list entry, a plain list's date) also covers `lookback` before its date.
ThreatWindow threatWindow(std::optional<Timestamp> validFrom, std::optional<Timestamp> validUntil,
                          std::optional<Timestamp> listDate, std::int64_t lookback)
{
    const std::string days = std::to_string(lookback / Timestamp::TicksPerDay) + " d";
    if (validFrom && validUntil) {
        return {validFrom, validUntil, "indicator valid_from .. valid_until"};
    }
    if (validFrom) {
        return {*validFrom - lookback, std::nullopt, "indicator valid_from (no end), from " + days + " before"};
    }
    if (validUntil) {
        return {std::nullopt, validUntil, "indicator valid_until"};
    }
    if (listDate) {
        return {*listDate - lookback, std::nullopt, "list date (snapshot), from " + days + " before"};
    }
    return {std::nullopt, std::nullopt, "no validity stated"};
}

} // namespace

Result<ReportData> ReportBuilder::build(const Options& o) const
{
    ReportData r;
    r.title = o.title;
    r.casePath = m_case.path();
    r.toolVersion = std::string("KV Workbook ") + KVW_VERSION;
    r.generatedAt = m_clock.now().toIso();
    r.commandLine = o.commandLine;
    r.invocationLabel = o.invocationLabel.empty() ? std::string("Command line") : o.invocationLabel;
    r.filter = o.filter;
    r.filterDescription = o.filter.describe();
    auto summary = CaseSummary::compute(m_case, o.filter);
    if (!summary) {
        return summary.error();
    }
    r.summary = std::move(*summary);
    const AnnotationStore notes(m_case, m_clock);
    const Database& db = m_case.db();
    try {
        {
            auto st = db.prepare("SELECT key, value FROM case_info ORDER BY key");
            while (st.step()) {
                r.caseInfo.emplace_back(st.text(0), st.text(1));
            }
        }

        // Findings, their evidence and the thresholds they ran with.
        auto findings = CaseRecords::findings(m_case, o.filter);
        if (!findings) {
            return findings.error();
        }
        auto findingNotes = notes.byTarget(AnnotationTarget::Finding);
        const EventQuery query(m_case);
        std::map<std::pair<std::string, std::string>, std::string> thresholds;
        for (auto& f : *findings) {
            ReportFinding rf;
            std::vector<std::int64_t> ids = f.eventIds;
            std::sort(ids.begin(), ids.end());
            if (ids.size() > 200) {
                ids.resize(200);
            }
            if (auto ev = query.byIds(ids)) {
                rf.firstEvents = std::move(*ev);
                if (rf.firstEvents.size() > o.firstEventsPerFinding) {
                    rf.firstEvents.resize(o.firstEventsPerFinding);
                }
            }
            if (findingNotes) {
                if (const auto it = findingNotes->find(std::to_string(f.id)); it != findingNotes->end()) {
                    rf.annotations = it->second;
                }
            }
            for (const auto& [k, v] : f.parameters) {
                thresholds[{f.ruleId, k}] = v;
            }
            ++r.findingsBySeverity[f.severity];
            for (const auto& v : f.vaults) {
                addUnique(r.vaultsInvolved, lower(v));
            }
            for (const auto& v : f.identities) {
                addUnique(r.identitiesInvolved, v);
            }
            for (const auto& v : f.ips) {
                addUnique(r.ipsInvolved, v);
            }
            const auto s = Timestamp::fromTicks(f.start);
            const auto e = Timestamp::fromTicks(f.end);
            r.incidentStart = r.incidentStart ? std::min(*r.incidentStart, s) : s;
            r.incidentEnd = r.incidentEnd ? std::max(*r.incidentEnd, e) : e;
            rf.record = std::move(f);
            r.findings.push_back(std::move(rf));
        }
        r.thresholds.id = "thresholds";
        r.thresholds.title = "Detection thresholds in force";
        r.thresholds.addColumn("rule");
        r.thresholds.addColumn("parameter");
        r.thresholds.addColumn("value");
        for (const auto& [key, value] : thresholds) {
            r.thresholds.rows.push_back({key.first, key.second, value});
        }

        // Defender alerts.
        auto alerts = CaseRecords::alerts(m_case, o.filter);
        if (!alerts) {
            return alerts.error();
        }
        auto alertNotes = notes.byTarget(AnnotationTarget::Alert);
        for (auto& a : *alerts) {
            ReportAlert ra;
            if (alertNotes) {
                if (const auto it = alertNotes->find(std::to_string(a.id)); it != alertNotes->end()) {
                    ra.annotations = it->second;
                }
            }
            addUnique(r.vaultsInvolved, a.vault);
            for (const auto& [kind, value] : a.entities) {
                if (kind == "ip") {
                    addUnique(r.ipsInvolved, value);
                } else if (kind == "account") {
                    addUnique(r.identitiesInvolved, value);
                }
            }
            if (a.start > 0) {   // alerts without times do not widen the window to 1970
                const auto s = Timestamp::fromTicks(a.start);
                const auto e = Timestamp::fromTicks(std::max(a.start, a.end));
                r.incidentStart = r.incidentStart ? std::min(*r.incidentStart, s) : s;
                r.incidentEnd = r.incidentEnd ? std::max(*r.incidentEnd, e) : e;
            }
            ra.record = std::move(a);
            r.alerts.push_back(std::move(ra));
        }

        // Threat-intelligence matches: caller IPs of the scope that a loaded list names, counted only inside the
        // indicator's validity window (as the TI detection rules do).
        {
            std::int64_t lookback = kDefaultSnapshotLookback;
            if (const auto it = thresholds.find({"sentinel-ti-map-ip", "snapshot_lookback"}); it != thresholds.end()) {
                lookback = parseDurationTicks(it->second).value_or(lookback);
            }
            struct Indicator
            {
                std::string list, kind, description, ip;
                ThreatWindow window;
            };
            std::vector<Indicator> indicators;
            {
                SqlWhere seen = o.filter.where();
                auto st = db.prepare("SELECT l.name, l.kind, l.list_date, i.ip, i.description, i.valid_from, i.valid_until "
                                     "FROM ti_indicators i JOIN ti_lists l ON l.id = i.list_id WHERE i.ip IN "
                                     "(SELECT DISTINCT caller_ip FROM events" + seen.sql() + ") ORDER BY i.ip, l.name, i.id");
                seen.bind(st);
                while (st.step()) {
                    const auto from = st.isNull(5) ? std::nullopt : std::optional<Timestamp>(Timestamp::fromTicks(st.int64(5)));
                    const auto until = st.isNull(6) ? std::nullopt : std::optional<Timestamp>(Timestamp::fromTicks(st.int64(6)));
                    indicators.push_back({st.text(0), st.text(1), st.text(4), st.text(3),
                                          threatWindow(from, until, parseTimestamp(st.text(2)), lookback)});
                }
            }
            for (const auto& ind : indicators) {
                SqlWhere w = o.filter.where();
                w.add("caller_ip = ?", {ind.ip});
                if (ind.window.from) {
                    w.add("time >= ?", {ind.window.from->ticks()});
                }
                if (ind.window.until) {
                    w.add("time <= ?", {ind.window.until->ticks()});
                }
                auto st = db.prepare("SELECT COUNT(*), MIN(time), MAX(time), GROUP_CONCAT(DISTINCT vault) FROM events" +
                                     w.sql());
                w.bind(st);
                if (!st.step() || st.int64(0) == 0) {
                    continue;   // listed, but not while the indicator was valid
                }
                ReportThreatMatch m;
                m.ip = ind.ip;
                m.list = ind.list;
                m.listKind = ind.kind;
                m.description = ind.description;
                m.events = st.int64(0);
                m.first = st.int64(1);
                m.last = st.int64(2);
                m.vaults = CaseRecords::join(splitList(st.text(3)));
                m.windowFrom = ind.window.from;
                m.windowUntil = ind.window.until;
                m.windowBasis = ind.window.basis;
                addUnique(r.ipsInvolved, m.ip);
                r.threatMatches.push_back(std::move(m));
            }
            std::stable_sort(r.threatMatches.begin(), r.threatMatches.end(),
                             [](const ReportThreatMatch& a, const ReportThreatMatch& b) { return a.events > b.events; });
        }

        // With nothing detected, the involved vaults are those of the scope.
        if (r.vaultsInvolved.empty()) {
            for (const auto& [v, n] : r.summary.byVault) {
                addUnique(r.vaultsInvolved, v);
            }
        }
        std::sort(r.vaultsInvolved.begin(), r.vaultsInvolved.end());

        // The workbook's charts and tables for the scope.
        for (const auto& name : ChartViews::names()) {
            auto c = ChartViews::build(m_case, name, o.filter);
            if (c && !c->empty()) {
                r.charts.push_back(std::move(*c));
            }
        }
        const auto top = static_cast<std::int64_t>(o.topRows);
        for (const auto table : {TableExport::Table::ByVault, TableExport::Table::ByIp, TableExport::Table::ByIdentity,
                                 TableExport::Table::ByOperation}) {
            auto t = TableExport::build(m_case, table, o.filter, top);
            if (!t) {
                return t.error();
            }
            // The tag and note columns are shown in the annotations section instead; times are for reading.
            for (auto& row : t->rows) {
                row.resize(row.size() - 2);
                for (std::size_t c = row.size() - 2; c < row.size(); ++c) {
                    if (const auto ts = parseTimestamp(row[c])) {
                        row[c] = ts->toDisplay();
                    }
                }
            }
            t->columns.resize(t->columns.size() - 2);
            t->numeric.resize(t->columns.size());
            if (table == TableExport::Table::ByIdentity) {
                // One readable identity column: the UPN when there is one, else the object or app id.
                for (auto& row : t->rows) {
                    if (!row[1].empty()) {
                        row[0] = row[1];
                    }
                    row.erase(row.begin() + 1);
                }
                t->columns.erase(t->columns.begin() + 1);
                t->numeric.erase(t->numeric.begin() + 1);
            }
            r.views.push_back(std::move(*t));
        }
        const std::string limit = " LIMIT " + std::to_string(o.topRows);
        r.views.push_back(queryTable(
            db, o.filter, "sensitive-operations", "Sensitive operations (deletes, purges, backups, restores, policy)",
            {{"operation", false}, {"identity", false}, {"vaults", false}, {"events", true}, {"failed", true},
             {"first", false}, {"last", false}},
            std::string("operation, ") + kIdentityLabel +
                ", GROUP_CONCAT(DISTINCT vault), COUNT(*), COALESCE(SUM(http_status >= 400), 0), MIN(time), MAX(time)",
            "op_class IN ('delete','purge','backup','restore','recover','policy')",
            "GROUP BY operation, identity ORDER BY 4 DESC, 1" + limit));
        r.views.push_back(queryTable(
            db, o.filter, "mass-retrieval", "Secret retrieval by identity and vault (mass retrieval)",
            {{"identity", false}, {"vault", false}, {"reads", true}, {"distinct secrets", true}, {"ips", true},
             {"first", false}, {"last", false}},
            std::string(kIdentityLabel) +
                ", vault, COUNT(*), COUNT(DISTINCT object_name), COUNT(DISTINCT caller_ip), MIN(time), MAX(time)",
            "op_class = 'read_secret'", "GROUP BY identity, vault ORDER BY 4 DESC, 3 DESC" + limit));
        r.views.push_back(queryTable(
            db, o.filter, "failures", "Failed requests by status, identity and IP",
            {{"status", true}, {"result", false}, {"identity", false}, {"caller_ip", false}, {"events", true},
             {"first", false}, {"last", false}},
            std::string("http_status, MAX(result_signature), ") + kIdentityLabel +
                ", caller_ip, COUNT(*), MIN(time), MAX(time)",
            "http_status >= 400", "GROUP BY http_status, identity, caller_ip ORDER BY 5 DESC" + limit));
        for (const auto& c : r.charts) {
            if (c.id != "daily-activity" || c.series.size() < 2) {
                continue;
            }
            DataTable t;
            t.id = "anomalies";
            t.title = "Daily activity against its baseline (series_decompose_anomalies)";
            t.addColumn("day");
            t.addColumn("events", true);
            t.addColumn("baseline", true);
            t.addColumn("anomaly");
            for (std::size_t i = 0; i < c.x.size(); ++i) {
                const bool flagged = std::find(c.markers.begin(), c.markers.end(), c.x[i]) != c.markers.end();
                const double base = i < c.series[1].values.size() ? c.series[1].values[i] : 0.0;
                if (flagged) {
                    t.rows.push_back({Timestamp::fromTicks(c.x[i]).toIso().substr(0, 10),
                                      std::to_string(static_cast<std::int64_t>(c.series[0].values[i])),
                                      std::to_string(static_cast<std::int64_t>(base + 0.5)), "spike"});
                }
            }
            t.note = "Days whose count lies above the decomposed baseline (Tukey fences on the residual, k = 1.5).";
            r.views.push_back(std::move(t));
        }
        {
            // Platform metrics (monitoring), when exported with the logs.
            DataTable t;
            t.id = "metrics";
            t.title = "Platform metrics (AzureMetrics)";
            for (const auto& [n, num] : std::vector<std::pair<std::string, bool>>{
                     {"metric", false}, {"vault", false}, {"points", true}, {"total", true}, {"maximum", true},
                     {"first", false}, {"last", false}}) {
                t.addColumn(n, num);
            }
            std::string sql = "SELECT metric, vault, COUNT(*), CAST(COALESCE(SUM(total), 0) AS INTEGER), "
                              "CAST(COALESCE(MAX(maximum), 0) AS INTEGER), MIN(time), MAX(time) FROM metrics WHERE 1";
            if (o.filter.from) {
                sql += " AND time >= ?";
            }
            if (o.filter.to) {
                sql += " AND time < ?";
            }
            auto st = db.prepare(sql + " GROUP BY metric, vault ORDER BY vault, metric");
            int i = 1;
            if (o.filter.from) {
                st.bind(i++, o.filter.from->ticks());
            }
            if (o.filter.to) {
                st.bind(i++, o.filter.to->ticks());
            }
            while (st.step()) {
                if (!o.filter.vaults.empty() &&
                    std::find(o.filter.vaults.begin(), o.filter.vaults.end(), lower(st.text(1))) == o.filter.vaults.end()) {
                    continue;
                }
                t.rows.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4),
                                  timeText(st.int64(5)), timeText(st.int64(6))});
            }
            if (!t.rows.empty()) {
                r.views.push_back(std::move(t));
            }
        }

        // Entity appendix: the IPs and identities the findings, alerts and threat intel name; else the busiest.
        auto annotatedIps = notes.byTarget(AnnotationTarget::Ip);
        auto annotatedIds = notes.byTarget(AnnotationTarget::Identity);
        if (annotatedIps) {
            for (const auto& [k, v] : *annotatedIps) {
                addUnique(r.ipsInvolved, k);
            }
        }
        if (annotatedIds) {
            for (const auto& [k, v] : *annotatedIds) {
                addUnique(r.identitiesInvolved, k);
            }
        }
        std::vector<std::pair<AnnotationTarget, std::string>> wanted;
        for (const auto& ip : r.ipsInvolved) {
            wanted.emplace_back(AnnotationTarget::Ip, ip);
        }
        for (const auto& id : r.identitiesInvolved) {
            wanted.emplace_back(AnnotationTarget::Identity, id);
        }
        if (wanted.empty()) {
            for (const char* col : {"caller_ip", "identity"}) {
                const SqlWhere w = o.filter.where();
                auto st = db.prepare(std::string("SELECT ") + col + ", COUNT(*) FROM events" + w.sql() + " GROUP BY 1 "
                                     "ORDER BY 2 DESC, 1 LIMIT 5");
                w.bind(st);
                while (st.step()) {
                    if (!st.text(0).empty()) {
                        wanted.emplace_back(std::string(col) == "caller_ip" ? AnnotationTarget::Ip
                                                                            : AnnotationTarget::Identity,
                                            st.text(0));
                    }
                }
            }
        }
        if (wanted.size() > o.maxEntities) {
            wanted.resize(o.maxEntities);
        }
        for (const auto& [kind, key] : wanted) {
            ReportEntity p;
            p.kind = kind;
            p.key = key;
            SqlWhere w = o.filter.where();
            if (kind == AnnotationTarget::Ip) {
                w.add("caller_ip = ?", {key});
            } else {
                w.add("(identity = ? OR lower(identity_upn) = ?)", {key, lower(key)});
            }
            auto st = db.prepare("SELECT COUNT(*), COALESCE(SUM(http_status >= 400), 0), MIN(time), MAX(time), "
                                 "MAX(identity_upn), MAX(identity_kind), GROUP_CONCAT(DISTINCT vault) FROM events" +
                                 w.sql());
            w.bind(st);
            st.step();
            p.events = st.int64(0);
            p.failed = st.int64(1);
            if (!st.isNull(2)) {
                p.first = Timestamp::fromTicks(st.int64(2));
                p.last = Timestamp::fromTicks(st.int64(3));
            }
            if (kind == AnnotationTarget::Identity) {
                p.label = st.isNull(4) ? std::string{} : st.text(4);
                p.identityKind = st.isNull(5) ? std::string{} : st.text(5);
            }
            p.vaults = splitList(st.isNull(6) ? std::string{} : st.text(6));
            auto ops = db.prepare("SELECT operation, COUNT(*) FROM events" + w.sql() +
                                  " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 6");
            w.bind(ops);
            while (ops.step()) {
                p.operations.emplace_back(ops.text(0), ops.int64(1));
            }
            const char* other = kind == AnnotationTarget::Ip ? "COALESCE(NULLIF(identity_upn, ''), identity)"
                                                             : "caller_ip";
            auto others = db.prepare(std::string("SELECT DISTINCT ") + other + " FROM events" + w.sql() +
                                     " ORDER BY 1 LIMIT 8");
            w.bind(others);
            while (others.step()) {
                addUnique(p.ips, others.text(0));
            }
            auto related = db.prepare("SELECT DISTINCT a.display_name, a.severity FROM alerts a "
                                      "LEFT JOIN alert_entities x ON x.alert_id = a.id "
                                      "WHERE lower(x.value) = ? OR lower(x.value) = ? OR lower(a.compromised_entity) = ? "
                                      "ORDER BY a.id");
            related.bind(1, lower(key)).bind(2, lower(p.label.empty() ? key : p.label)).bind(3, lower(key));
            while (related.step()) {
                addUnique(p.relatedAlerts, related.text(0) + " (" + related.text(1) + ")");
            }
            for (const auto& m : r.threatMatches) {
                if (m.ip == key) {
                    addUnique(p.threatLists, m.list);
                }
            }
            const auto& map = kind == AnnotationTarget::Ip ? annotatedIps : annotatedIds;
            if (map) {
                if (const auto it = map->find(key); it != map->end()) {
                    p.annotations = it->second;
                }
            }
            r.entities.push_back(std::move(p));
        }

        // The analyst's annotations, each with what it is attached to.
        auto all = notes.list();
        if (!all) {
            return all.error();
        }
        for (auto& a : *all) {
            ReportAnnotation ra;
            if (a.kind == AnnotationTarget::Event) {
                if (auto ev = query.byId(std::stoll(a.target))) {
                    const Event& e = ev->event;
                    ra.targetDescription = e.time.toDisplay() + " " + e.operation + " on " + e.vault + " by " +
                                           (e.identityUpn.empty() ? e.identityObjectId : e.identityUpn) + " from " +
                                           e.callerIp;
                }
            } else if (a.kind == AnnotationTarget::Finding) {
                auto st = db.prepare("SELECT title FROM findings WHERE id = ?");
                st.bind(1, static_cast<std::int64_t>(std::stoll(a.target)));
                if (st.step()) {
                    ra.targetDescription = st.text(0);
                }
            } else if (a.kind == AnnotationTarget::Alert) {
                auto st = db.prepare("SELECT display_name FROM alerts WHERE id = ?");
                st.bind(1, static_cast<std::int64_t>(std::stoll(a.target)));
                if (st.step()) {
                    ra.targetDescription = st.text(0);
                }
            }
            ra.annotation = std::move(a);
            r.annotations.push_back(std::move(ra));
        }
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, m_case.path(), 0, e.what()};
    } catch (const std::exception& e) {
        return Error{Error::Code::Format, m_case.path(), 0, std::string("cannot build the report: ") + e.what()};
    }
    return r;
}

} // namespace kvw::core
