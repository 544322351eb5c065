#include "core/analytics/workbook/AlertQueries.h"

#include "core/analytics/workbook/TimeGrain.h"
#include "core/analytics/workbook/WorkbookSql.h"
#include "core/model/AzureResourceId.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <map>
#include <set>

namespace kvw::core {

using namespace workbook_sql;

namespace {

std::string placeholders(std::size_t n)
{
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += i == 0 ? "?" : ",?";
    }
    return s;
}

} // namespace

int AlertQueries::severityRank(const std::string& severity)
{
    const std::string s = toLower(severity);
    if (s == "high") {
        return 0;
    }
    if (s == "medium") {
        return 1;
    }
    if (s == "low") {
        return 2;
    }
    return 3;
}

Result<std::vector<AlertRow>> AlertQueries::load(const EventFilter& filter, const std::string& extraSql,
                                                 const std::vector<std::string>& extraValues) const
{
    return guarded(m_case, [&]() -> Result<std::vector<AlertRow>> {
        const Database& db = m_case.db();
        SqlWhere w;
        const std::string time = "COALESCE(a.time_generated, a.start_time, a.end_time, 0)";
        if (filter.from) {
            w.add(time + " >= ?", {filter.from->ticks()});
        }
        if (filter.to) {
            w.add(time + " < ?", {filter.to->ticks()});
        }
        if (!filter.vaults.empty()) {
            std::vector<SqlWhere::Value> v;
            for (const auto& x : filter.vaults) {
                v.emplace_back(toLower(x));
            }
            const std::string in = placeholders(v.size());
            w.add("lower(a.vault) IN (" + in + ")", std::move(v));
        }
        if (!filter.subscriptions.empty()) {
            std::vector<SqlWhere::Value> v;
            for (const auto& x : filter.subscriptions) {
                v.emplace_back(toLower(x));
            }
            const std::string in = placeholders(v.size());
            w.add("lower(a.subscription) IN (" + in + ")", std::move(v));
        }
        if (!extraSql.empty()) {
            w.add(extraSql, std::vector<SqlWhere::Value>(extraValues.begin(), extraValues.end()));
        }
        auto st = db.prepare("SELECT a.id, a.system_alert_id, a.alert_type, a.display_name, a.severity, " + time +
                             ", lower(a.vault), lower(a.subscription), a.resource_id, a.status, a.alert_link, "
                             "a.description, a.is_sample FROM alerts a" +
                             w.sql() + " ORDER BY 6 DESC, a.id DESC");
        w.bind(st);
        std::vector<AlertRow> rows;
        std::map<std::int64_t, std::size_t> index;
        while (st.step()) {
            AlertRow a;
            a.id = st.int64(0);
            a.systemAlertId = st.text(1);
            a.alertType = st.text(2);
            a.displayName = st.text(3);
            a.severity = st.text(4);
            a.time = Timestamp::fromTicks(st.int64(5));
            a.vault = st.text(6);
            a.subscription = st.text(7);
            a.resourceId = st.text(8);
            a.status = st.text(9);
            a.link = st.text(10);
            a.description = st.text(11);
            a.sample = st.int64(12) != 0;
            index[a.id] = rows.size();
            rows.push_back(std::move(a));
        }
        if (!rows.empty()) {
            auto e = db.prepare("SELECT alert_id, kind, value FROM alert_entities ORDER BY alert_id, rowid");
            while (e.step()) {
                if (const auto it = index.find(e.int64(0)); it != index.end()) {
                    rows[it->second].entities.push_back(AlertEntityRow{e.text(1), e.text(2)});
                }
            }
        }
        return rows;
    });
}

Result<AlertsOverview> AlertQueries::overview(const EventFilter& filter, std::optional<TimeAxis> axis) const
{
    auto rows = load(filter, {}, {});
    if (!rows) {
        return rows.error();
    }
    AlertsOverview o;
    o.alerts = std::move(*rows);
    if (!axis && !o.alerts.empty()) {
        const auto [lo, hi] = std::minmax_element(o.alerts.begin(), o.alerts.end(),
                                                  [](const AlertRow& a, const AlertRow& b) { return a.time < b.time; });
        axis = TimeGrain::axis(lo->time, hi->time + 1);
    }
    const TimeAxis ax = axis.value_or(TimeAxis{});
    const auto buckets = static_cast<std::size_t>(std::max(ax.buckets, 0));
    std::map<std::string, SeverityCount> bySeverity;
    SeverityCount all{"All", 0, std::vector<double>(buckets, 0.0)};
    std::map<std::string, std::int64_t> perVault;
    for (const auto& a : o.alerts) {
        auto& s = bySeverity[a.severity.empty() ? std::string("Unknown") : a.severity];
        if (s.trend.empty()) {
            s.severity = a.severity.empty() ? std::string("Unknown") : a.severity;
            s.trend.assign(buckets, 0.0);
        }
        ++s.count;
        ++all.count;
        if (const int i = ax.indexOf(a.time); i >= 0) {
            s.trend[static_cast<std::size_t>(i)] += 1;
            all.trend[static_cast<std::size_t>(i)] += 1;
        }
        ++perVault[a.vault];
    }
    o.severities.push_back(std::move(all));
    std::vector<SeverityCount> rest;
    for (auto& [name, s] : bySeverity) {
        rest.push_back(std::move(s));
    }
    std::stable_sort(rest.begin(), rest.end(), [](const SeverityCount& a, const SeverityCount& b) {
        return severityRank(a.severity) < severityRank(b.severity);
    });
    // High, Medium and Low always have a tile, even at zero.
    for (const char* name : {"High", "Medium", "Low"}) {
        const bool present = std::any_of(rest.begin(), rest.end(),
                                         [&](const SeverityCount& s) { return toLower(s.severity) == toLower(name); });
        if (!present) {
            rest.push_back(SeverityCount{name, 0, std::vector<double>(buckets, 0.0)});
        }
    }
    std::stable_sort(rest.begin(), rest.end(), [](const SeverityCount& a, const SeverityCount& b) {
        return severityRank(a.severity) < severityRank(b.severity);
    });
    for (auto& s : rest) {
        o.severities.push_back(std::move(s));
    }
    for (const auto& [vault, n] : perVault) {
        o.perVault.emplace_back(vault, n);
    }
    std::stable_sort(o.perVault.begin(), o.perVault.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    // Alerts over time, one series per vault.
    o.overTime.axis = ax;
    for (const auto& [vault, n] : o.perVault) {
        o.overTime.keys.push_back(vault);
        o.overTime.totals.push_back(static_cast<double>(n));
        o.overTime.values.emplace_back(buckets, 0.0);
    }
    for (const auto& a : o.alerts) {
        const int i = ax.indexOf(a.time);
        const auto k = std::find(o.overTime.keys.begin(), o.overTime.keys.end(), a.vault) - o.overTime.keys.begin();
        if (i >= 0) {
            o.overTime.values[static_cast<std::size_t>(k)][static_cast<std::size_t>(i)] += 1;
        }
    }
    // Defender evidence per subscription (inferred: a Key Vault alert exists for it).
    auto evidence = guarded(m_case, [&]() -> Result<std::vector<std::pair<std::string, bool>>> {
        std::map<std::string, bool> subs;
        auto st = m_case.db().prepare("SELECT DISTINCT subscription FROM events WHERE subscription <> ''");
        while (st.step()) {
            subs[st.text(0)] = false;
        }
        auto a = m_case.db().prepare("SELECT lower(subscription), MAX(alert_type LIKE 'KV\\_%' ESCAPE '\\' OR "
                                     "alert_type LIKE 'SIMULATED\\_KV\\_%' ESCAPE '\\') FROM alerts "
                                     "WHERE subscription <> '' GROUP BY lower(subscription)");
        while (a.step()) {
            subs[a.text(0)] = subs[a.text(0)] || a.int64(1) != 0;
        }
        std::vector<std::pair<std::string, bool>> out(subs.begin(), subs.end());
        std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
        return out;
    });
    if (!evidence) {
        return evidence.error();
    }
    o.defenderEvidence = std::move(*evidence);
    return o;
}

Result<std::vector<AlertRow>> AlertQueries::forEntity(const EventFilter& filter, EntityKind kind,
                                                      const std::vector<std::string>& values) const
{
    std::vector<std::string> lower;
    for (const auto& v : values) {
        if (!v.empty()) {
            lower.push_back(kind == EntityKind::Ip ? v : toLower(v));
        }
    }
    if (lower.empty() || kind == EntityKind::Operation) {
        return std::vector<AlertRow>{};
    }
    EventFilter scope = filter;
    scope.vaults.clear();
    if (kind == EntityKind::Vault) {
        return load(scope, "lower(a.vault) IN (" + placeholders(lower.size()) + ")", lower);
    }
    const char* entityKind = kind == EntityKind::Ip           ? "ip"
                             : kind == EntityKind::Identity    ? "account"
                             : kind == EntityKind::Application ? "application"
                                                               : "object";
    std::vector<std::string> values2{entityKind};
    values2.insert(values2.end(), lower.begin(), lower.end());
    return load(scope,
                "a.id IN (SELECT alert_id FROM alert_entities WHERE kind = ? AND value IN (" +
                    placeholders(lower.size()) + "))",
                values2);
}

} // namespace kvw::core
