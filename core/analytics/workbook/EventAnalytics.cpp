#include "core/analytics/workbook/EventAnalytics.h"

#include "core/analytics/workbook/TimeGrain.h"
#include "core/analytics/workbook/WorkbookSql.h"
#include "core/model/AzureResourceId.h"
#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"
#include "core/store/TextLookup.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

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

// Counts the findings whose detail names each key (quoted, so "10.0.0.1" does not match "10.0.0.10").
std::map<std::string, std::int64_t> findingMentions(const Database& db, const std::vector<std::string>& keys)
{
    std::map<std::string, std::int64_t> out;
    std::vector<std::string> details;
    auto st = db.prepare("SELECT detail_json FROM findings");
    while (st.step()) {
        details.push_back(toLower(st.text(0)));
    }
    if (details.empty()) {
        return out;
    }
    for (const auto& k : keys) {
        if (k.empty()) {
            continue;
        }
        const std::string needle = "\"" + toLower(k) + "\"";
        std::int64_t n = 0;
        for (const auto& d : details) {
            n += d.find(needle) != std::string::npos ? 1 : 0;
        }
        if (n > 0) {
            out[k] = n;
        }
    }
    return out;
}

} // namespace

Result<std::optional<TimeAxis>> EventAnalytics::axis(const EventFilter& filter) const
{
    return guarded(m_case, [&]() -> Result<std::optional<TimeAxis>> {
        return scopeAxis(m_case, filter, TimeGrain::MaxBuckets);
    });
}

Result<KeyedSeries> EventAnalytics::eventsOverTime(const EventFilter& filter, GroupKey key, const TimeAxis& axis,
                                                   int topN) const
{
    return guarded(m_case, [&]() -> Result<KeyedSeries> {
        return seriesByKey(m_case, filter, keyExpression(key), axis, topN,
                           key == GroupKey::Identity ? "identity <> ''" : "");
    });
}

Result<std::vector<KeyTotal>> EventAnalytics::totals(const EventFilter& filter, GroupKey key) const
{
    return guarded(m_case, [&]() -> Result<std::vector<KeyTotal>> {
        const Database& db = m_case.db();
        const RollupSource src(m_case, RollupSource::Kind::Events, filter);
        SqlWhere w;
        const bool identity = key == GroupKey::Identity;
        if (identity) {
            w.add("identity <> ''");
        }
        // Summed here, row by row: a GROUP BY over the rollup union would also run it through a co-routine.
        struct Acc
        {
            KeyTotal total;
            std::string oid;
        };
        std::unordered_map<std::string, Acc> byKey;
        {
            const std::string columns = keyExpression(key) + ", n, http_status, first_time, last_time" +
                                        (identity ? ", identity_upn, identity_appid, identity_oid" : "");
            auto st = src.rows(db, columns, w);
            std::string lastKey;
            Acc* acc = nullptr;
            while (st.step()) {
                if (acc == nullptr || st.textView(0) != lastKey) {
                    lastKey.assign(st.textView(0));
                    auto [it, inserted] = byKey.try_emplace(lastKey);
                    acc = &it->second; // node-based: the pointer survives rehashing
                    if (inserted) {
                        acc->total.key = lastKey;
                        acc->total.first = Timestamp::fromTicks(st.int64(3));
                        acc->total.last = Timestamp::fromTicks(st.int64(4));
                    }
                }
                KeyTotal& t = acc->total;
                const std::int64_t n = st.int64(1);
                t.events += n;
                if (!st.isNull(2) && st.int64(2) >= 400) {
                    t.failed += n;
                }
                t.first = std::min(t.first, Timestamp::fromTicks(st.int64(3)));
                t.last = std::max(t.last, Timestamp::fromTicks(st.int64(4)));
                if (identity) {
                    // MAX() of each claim, as SQLite compares text (byte-wise, as std::string does).
                    for (auto [field, c] : {std::pair{&t.upn, 5}, std::pair{&t.appId, 6}, std::pair{&acc->oid, 7}}) {
                        if (st.textView(c) > *field) {
                            field->assign(st.textView(c));
                        }
                    }
                }
            }
        }
        std::vector<KeyTotal> rows;
        rows.reserve(byKey.size());
        for (auto& [k, acc] : byKey) {
            if (identity) {
                acc.total.identifier = !acc.total.upn.empty() ? "User" : (!acc.oid.empty() ? "ObjectId" : "AppId");
            }
            rows.push_back(std::move(acc.total));
        }
        std::sort(rows.begin(), rows.end(), [](const KeyTotal& a, const KeyTotal& b) {
            return a.events != b.events ? a.events > b.events : a.key < b.key;
        });
        if (key == GroupKey::CallerIp || identity) {
            // Distinct alerts whose entities name the key (the workbook counted joined rows; see §1.4c).
            auto a = db.prepare(identity ? "SELECT lower(value), COUNT(DISTINCT alert_id) FROM alert_entities WHERE "
                                           "lower(kind) IN ('account', 'aaduser', 'user') GROUP BY lower(value)"
                                         : "SELECT value, COUNT(DISTINCT alert_id) FROM alert_entities WHERE "
                                           "lower(kind) IN ('ip', 'ipaddress') GROUP BY value");
            std::map<std::string, std::int64_t> alerts;
            while (a.step()) {
                alerts[a.text(0)] = a.int64(1);
            }
            std::vector<std::string> keys;
            for (const auto& r : rows) {
                keys.push_back(r.key);
            }
            const auto mentions = findingMentions(db, keys);
            for (auto& r : rows) {
                auto lookup = [&](const std::string& v) {
                    const auto it = alerts.find(identity ? toLower(v) : v);
                    return it == alerts.end() ? std::int64_t{0} : it->second;
                };
                r.relatedAlerts = lookup(r.key);
                if (identity && r.relatedAlerts == 0 && !r.upn.empty()) {
                    r.relatedAlerts = lookup(r.upn);
                }
                if (const auto it = mentions.find(r.key); it != mentions.end()) {
                    r.relatedFindings = it->second;
                }
            }
        }
        return rows;
    });
}

Result<std::vector<VaultCoverage>> EventAnalytics::coverage(const EventFilter& filter) const
{
    return guarded(m_case, [&]() -> Result<std::vector<VaultCoverage>> {
        const Database& db = m_case.db();
        std::map<std::string, VaultCoverage> byVault;
        {
            // Each vault's greatest subscription, resource id and type (in SQLite's byte order, as MAX over the
            // texts gives them). With the ids at hand, grouped by them first and each text looked up once.
            const RollupSource src(m_case, RollupSource::Kind::Events, filter.withoutTime());
            const bool ids = m_case.textIdsEnabled();
            auto st = db.prepare(
                ids ? src.query("vault, subscription_ref, resource_id_ref, resource_type_ref",
                                " GROUP BY vault, subscription_ref, resource_id_ref, resource_type_ref")
                    : src.query("vault, MAX(subscription), MAX(resource_id), MAX(resource_type)", " GROUP BY vault"));
            src.bind(st);
            std::optional<TextLookup> texts;
            if (ids) {
                texts.emplace(db);
            }
            while (st.step()) {
                const std::string vault = st.text(0);
                auto [it, added] = byVault.try_emplace(vault);
                VaultCoverage& c = it->second;
                c.vault = vault;
                for (const auto& [field, i] :
                     {std::pair{&c.subscription, 1}, std::pair{&c.resourceId, 2}, std::pair{&c.resourceType, 3}}) {
                    const std::string& value = ids ? texts->text(st.int64(i)) : st.text(i);
                    if (added || *field < value) {
                        *field = value;
                    }
                }
            }
        }
        {
            // One pass over the range's rows. Gaps lie between consecutive rows' spans per bucket_time: a rollup row
            // spans less than an hour, so the longest gap in whole hours is the same as between single events.
            struct Span
            {
                std::int64_t bucket, first, last;
            };
            std::map<std::string, std::vector<Span>> spans;
            const RollupSource src(m_case, RollupSource::Kind::Events, filter, {}, {}, Timestamp::TicksPerDay);
            auto st = src.rows(db, "vault, bucket_time, first_time, last_time, n");
            std::string lastVault;
            std::vector<Span>* rows = nullptr;
            while (st.step()) {
                if (rows == nullptr || st.textView(0) != lastVault) {
                    lastVault.assign(st.textView(0));
                    rows = &spans[lastVault];
                }
                rows->push_back({st.int64(1), st.int64(2), st.int64(3)});
                byVault[lastVault].events += st.int64(4);
            }
            for (auto& [vault, v] : spans) {
                auto& c = byVault[vault];
                c.vault = vault;
                std::sort(v.begin(), v.end(), [](const Span& a, const Span& b) { return a.bucket < b.bucket; });
                std::vector<Span> merged; // one span per bucket_time
                std::set<std::int64_t> days;
                for (const Span& x : v) {
                    if (!merged.empty() && merged.back().bucket == x.bucket) {
                        merged.back().first = std::min(merged.back().first, x.first);
                        merged.back().last = std::max(merged.back().last, x.last);
                    } else {
                        merged.push_back(x);
                        days.insert(x.bucket / Timestamp::TicksPerDay); // truncating, as SQLite divides
                    }
                }
                std::sort(merged.begin(), merged.end(), [](const Span& a, const Span& b) { return a.first < b.first; });
                std::int64_t longest = 0;
                std::int64_t first = merged.front().first;
                std::int64_t last = merged.front().last;
                for (std::size_t i = 1; i < merged.size(); ++i) {
                    longest = std::max(longest, merged[i].first - merged[i - 1].last);
                    first = std::min(first, merged[i].first);
                    last = std::max(last, merged[i].last);
                }
                c.first = Timestamp::fromTicks(first);
                c.last = Timestamp::fromTicks(last);
                c.activeDays = static_cast<std::int64_t>(days.size());
                c.longestGapHours = longest / Timestamp::TicksPerHour;
            }
        }
        // Vaults that alerts or metrics name but that have no audit rows at all.
        std::vector<std::string> vaultFilter;
        for (const auto& v : filter.vaults) {
            vaultFilter.push_back(toLower(v));
        }
        auto addElsewhere = [&](const std::string& sql) {
            auto st = db.prepare(sql);
            while (st.step()) {
                const std::string v = toLower(st.text(0));
                if (v.empty() || byVault.count(v) != 0) {
                    continue;
                }
                if (!vaultFilter.empty() && std::find(vaultFilter.begin(), vaultFilter.end(), v) == vaultFilter.end()) {
                    continue;
                }
                VaultCoverage c;
                c.vault = v;
                c.subscription = toLower(st.text(1));
                c.resourceId = st.text(2);
                c.namedOnlyElsewhere = true;
                byVault[v] = std::move(c);
            }
        };
        addElsewhere("SELECT vault, MAX(subscription), MAX(resource_id) FROM alerts GROUP BY vault");
        addElsewhere("SELECT vault, '', MAX(resource_id) FROM metrics GROUP BY vault");
        std::vector<VaultCoverage> out;
        for (auto& [name, c] : byVault) {
            out.push_back(std::move(c));
        }
        std::stable_sort(out.begin(), out.end(), [](const VaultCoverage& a, const VaultCoverage& b) {
            return a.hasLogs() != b.hasLogs() ? !a.hasLogs() : a.events > b.events;
        });
        return out;
    });
}

const std::vector<std::string>& EventAnalytics::sensitiveOperationNames()
{
    static const std::vector<std::string> names{"VaultDelete",  "KeyDelete",    "SecretDelete", "SecretPurge",
                                                "KeyPurge",     "SecretBackup", "KeyBackup"};
    return names;
}

const std::vector<std::string>& EventAnalytics::sensitiveOperationExtensions()
{
    static const std::vector<std::string> names{"SecretRestore", "KeyRestore", "CertificateRestore",
                                                "CertificatePurge", "CertificateBackup", "VaultPutAccessPolicy",
                                                "VaultPatch"};
    return names;
}

Result<std::vector<SensitiveOperation>> EventAnalytics::sensitiveOperations(const EventFilter& filter) const
{
    return guarded(m_case, [&]() -> Result<std::vector<SensitiveOperation>> {
        SqlWhere w = filter.where();
        std::vector<SqlWhere::Value> ops;
        for (const auto& n : sensitiveOperationNames()) {
            ops.emplace_back(toLower(n));
        }
        for (const auto& n : sensitiveOperationExtensions()) {
            ops.emplace_back(toLower(n));
        }
        std::string table = "events";
        const RollupSource names(m_case, RollupSource::Kind::Events, filter);
        if (names.usesRollups()) {
            // The operation names as stored, from the rollups: an exact IN list the operation index can seek.
            std::set<std::string> wanted;
            for (const auto& v : ops) {
                wanted.insert(std::get<std::string>(v));
            }
            auto st = m_case.db().prepare(names.query("DISTINCT operation"));
            names.bind(st);
            ops.clear();
            while (st.step()) {
                if (wanted.count(toLower(st.text(0))) != 0) {
                    ops.emplace_back(st.text(0));
                }
            }
            if (ops.empty()) {
                return std::vector<SensitiveOperation>{};
            }
            const std::string in = placeholders(ops.size());
            w.add("operation IN (" + in + ")", std::move(ops));
            // Without statistics the planner prefers the vault index for one vault and reads all of its events.
            table = m_case.eventsVia("events_operation_time");
        } else {
            const std::string in = placeholders(ops.size());
            w.add("lower(operation) IN (" + in + ")", std::move(ops));
        }
        // Success by HTTP status (resultType says "Success" even for 403s); result text only when no status.
        w.add("(success = 1 OR (success IS NULL AND lower(result_type) = 'success'))");
        auto st = m_case.db().prepare(
            "SELECT id, time, vault, resource_id, result_type, operation, caller_ip, identity_appid, identity_oid, "
            "identity_upn, object_name, request_uri, client_info FROM " +
            table + w.sql() + " ORDER BY time DESC, id DESC");
        w.bind(st);
        std::set<std::string> base;
        for (const auto& n : sensitiveOperationNames()) {
            base.insert(toLower(n));
        }
        std::vector<SensitiveOperation> out;
        while (st.step()) {
            SensitiveOperation s;
            s.eventId = st.int64(0);
            s.time = Timestamp::fromTicks(st.int64(1));
            s.vault = st.text(2);
            s.resourceId = st.text(3);
            s.result = st.text(4);
            s.operation = st.text(5);
            s.callerIp = st.text(6);
            s.appId = st.text(7);
            s.objectId = st.text(8);
            s.upn = st.text(9);
            s.objectName = st.text(10);
            s.requestUri = st.text(11);
            s.clientInfo = st.text(12);
            s.extension = base.count(toLower(s.operation)) == 0;
            out.push_back(std::move(s));
        }
        return out;
    });
}

Result<std::vector<MassRetrieval>> EventAnalytics::massSecretRetrieval(const EventFilter& filter,
                                                                       std::int64_t threshold, std::int64_t periodTicks,
                                                                       std::size_t detailSample) const
{
    return guarded(m_case, [&]() -> Result<std::vector<MassRetrieval>> {
        const std::int64_t period = std::max<std::int64_t>(periodTicks, Timestamp::TicksPerMinute);
        SqlWhere w;
        w.add("operation IN ('SecretGet', 'KeyGet', 'VaultGet')");
        w.add("(success = 1 OR (success IS NULL AND lower(result_type) = 'success'))");
        w.add("identity_oid <> ''");
        // One pass over the rows (from the rollups when the period is whole hours or five minutes) sums each vault x
        // caller x window and collects its operations and caller IPs; windows are aligned to multiples of the period
        // (floor division, which also holds before 1970).
        struct Window
        {
            MassRetrieval row;
            std::set<std::string> operations;
            std::set<std::string> ips;
        };
        std::unordered_map<std::string, Window> windows;
        {
            const RollupSource src(m_case, RollupSource::Kind::Events, filter, {}, {}, period);
            auto st =
                src.rows(m_case.db(),
                         "vault, bucket_time, identity_oid, identity_appid, identity_upn, operation, caller_ip, n", w);
            std::string key;
            while (st.step()) {
                const std::int64_t win = Timestamp::floorDiv(st.int64(1), period) * period;
                key.clear();
                for (const int c : {0, 2, 3, 4}) {
                    const std::string_view v = st.textView(c);
                    key += std::to_string(v.size()) + ':';
                    key += v; // length-prefixed: no log value can make two callers share a key
                }
                key += std::to_string(win);
                auto [it, inserted] = windows.try_emplace(key);
                Window& x = it->second;
                if (inserted) {
                    x.row.vault = st.text(0);
                    x.row.windowStart = Timestamp::fromTicks(win);
                    x.row.windowEnd = x.row.windowStart + period;
                    x.row.objectId = st.text(2);
                    x.row.appId = st.text(3);
                    x.row.upn = st.text(4);
                }
                x.row.events += st.int64(7);
                for (auto [set, c] : {std::pair{&x.operations, 5}, std::pair{&x.ips, 6}}) {
                    if (!st.textView(c).empty()) {
                        set->emplace(st.textView(c));
                    }
                }
            }
        }
        std::vector<MassRetrieval> out;
        for (auto& [key, x] : windows) {
            if (x.row.events > threshold) {
                x.row.operations.assign(x.operations.begin(), x.operations.end());
                x.row.callerIps.assign(x.ips.begin(), x.ips.end());
                out.push_back(std::move(x.row));
            }
        }
        std::sort(out.begin(), out.end(), [](const MassRetrieval& a, const MassRetrieval& b) {
            return std::tie(b.events, a.vault, a.windowStart, a.objectId, a.appId, a.upn) <
                   std::tie(a.events, b.vault, b.windowStart, b.objectId, b.appId, b.upn);
        });
        // URIs and client strings are only in events: those of the window's first `detailSample` retrievals,
        // through the identity index (identity is the object id here, since that is never empty); the unary +
        // keeps the planner off the vault index, which would read the vault's whole window. The filter's own
        // range is folded into the window so that only one time range reaches the planner.
        SqlWhere sample = filter.withoutTime().where();
        sample.add("identity = ?");
        sample.add("+vault = ?");
        sample.add("time >= ?");
        sample.add("time < ?");
        sample.add("identity_oid = ?");
        sample.add("identity_appid = ?");
        sample.add("identity_upn = ?");
        auto d = m_case.db().prepare("SELECT request_uri, client_info FROM events" + sample.sql() + w.andSql() +
                                     " ORDER BY time LIMIT ?");
        for (auto& m : out) {
            d.reset();
            int i = sample.bind(d);
            std::int64_t from = m.windowStart.ticks();
            std::int64_t to = m.windowEnd.ticks();
            if (filter.from) {
                from = std::max(from, filter.from->ticks());
            }
            if (filter.to) {
                to = std::min(to, filter.to->ticks());
            }
            d.bind(i++, m.objectId);
            d.bind(i++, m.vault);
            d.bind(i++, from);
            d.bind(i++, to);
            d.bind(i++, m.objectId);
            d.bind(i++, m.appId);
            d.bind(i++, m.upn);
            d.bind(w.bind(d, i), static_cast<std::int64_t>(detailSample));
            std::set<std::string> uris;
            std::set<std::string> clients;
            while (d.step()) {
                ++m.sampledEvents;
                for (auto [set, k] : {std::pair{&uris, 0}, std::pair{&clients, 1}}) {
                    if (set->size() < MassDetailValues && !d.textView(k).empty()) {
                        set->emplace(d.textView(k));
                    }
                }
            }
            m.requestUris.assign(uris.begin(), uris.end());
            m.clientInfos.assign(clients.begin(), clients.end());
        }
        return out;
    });
}

Result<KeyedSeries> EventAnalytics::operationAnalysis(const EventFilter& filter, ObjectKind objects, ActorKind actors,
                                                      ScaleKind scale, const TimeAxis& axis) const
{
    return guarded(m_case, [&]() -> Result<KeyedSeries> {
        const char* condition = objects == ObjectKind::Secrets ? "operation LIKE '%secret%'"
                                : objects == ObjectKind::Keys  ? "operation LIKE '%key%'"
                                                               : "operation LIKE '%certificate%'";
        std::string extra = condition;
        if (actors == ActorKind::Users) {
            extra += " AND has_upn = 1";
        } else if (actors == ActorKind::Services) {
            extra += " AND has_upn = 0";
        }
        const TimeAxis fine = TimeGrain::axisWithGrain(axis.start, axis.end(), std::max<std::int64_t>(
                                                                                   axis.grain / 10, Timestamp::TicksPerMinute));
        KeyedSeries s =
            seriesByKey(m_case, filter, "operation", fine, 1000, extra, {}, RollupSource::Kind::OperationMinutes);
        if (scale == ScaleKind::Log) {
            for (std::size_t k = 0; k < s.keys.size(); ++k) {
                if (toLower(s.keys[k]).find("get") == std::string::npos) {
                    continue;
                }
                for (auto& v : s.values[k]) {
                    v = v > 0 ? std::log(v) : 0.0;
                }
            }
        }
        return s;
    });
}

} // namespace kvw::core
