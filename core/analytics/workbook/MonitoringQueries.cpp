#include "core/analytics/workbook/MonitoringQueries.h"

#include "core/analytics/workbook/WorkbookSql.h"
#include "core/model/AzureResourceId.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace kvw::core {

using namespace workbook_sql;

std::optional<double> MonitoringQueries::percentile(const std::vector<std::int64_t>& sorted, double p)
{
    if (sorted.empty()) {
        return std::nullopt;
    }
    const auto n = static_cast<double>(sorted.size());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return static_cast<double>(sorted[rank - 1]);
}

Result<MonitoringResult> MonitoringQueries::compute(const EventFilter& filter, const TimeAxis& axis) const
{
    return guarded(m_case, [&]() -> Result<MonitoringResult> {
        const Database& db = m_case.db();
        MonitoringResult r;
        r.byOperationClass = seriesByKey(db, filter, keyExpression(GroupKey::OperationClass), axis, 20);
        r.byStatusClass = seriesByKey(db, filter, keyExpression(GroupKey::StatusClass), axis, 20);
        const auto buckets = static_cast<std::size_t>(axis.buckets);
        r.availability.assign(buckets, 1.0);
        r.throttled.assign(buckets, 0.0);
        r.denied.assign(buckets, 0.0);

        SqlWhere w = filter.where();
        w.add("time >= ?", {axis.start.ticks()});
        w.add("time < ?", {axis.end().ticks()});
        {
            auto st = db.prepare(
                "SELECT (time - ?) / ? AS b, COUNT(*), COUNT(http_status), COALESCE(SUM(http_status >= 500), 0), "
                "COALESCE(SUM(http_status = 429), 0), "
                "COALESCE(SUM(http_status = 403 OR (http_status = 401 AND operation <> 'Authentication')), 0) "
                "FROM events" + w.sql() + " GROUP BY b");
            st.bind(1, axis.start.ticks());
            st.bind(2, axis.grain);
            w.bind(st, 3);
            while (st.step()) {
                const auto b = st.int64(0);
                r.requests += st.int64(1);
                r.requestsWithStatus += st.int64(2);
                r.serverErrors += st.int64(3);
                r.throttledTotal += st.int64(4);
                r.deniedTotal += st.int64(5);
                if (b < 0 || b >= axis.buckets) {
                    continue;
                }
                const auto i = static_cast<std::size_t>(b);
                const double withStatus = static_cast<double>(st.int64(2));
                r.availability[i] = withStatus > 0 ? 1.0 - static_cast<double>(st.int64(3)) / withStatus : 1.0;
                r.throttled[i] = static_cast<double>(st.int64(4));
                r.denied[i] = static_cast<double>(st.int64(5));
            }
        }
        // Latency: durations streamed sorted per bucket.
        r.latency.axis = axis;
        r.latency.keys = {"p50", "p95", "p99"};
        r.latency.values.assign(3, std::vector<double>(buckets, 0.0));
        r.latency.totals.assign(3, 0.0);
        {
            SqlWhere lw = w;
            lw.add("duration_ms IS NOT NULL");
            auto st = db.prepare("SELECT (time - ?) / ? AS b, duration_ms FROM events" + lw.sql() +
                                 " ORDER BY b, duration_ms");
            st.bind(1, axis.start.ticks());
            st.bind(2, axis.grain);
            lw.bind(st, 3);
            std::vector<std::int64_t> all;
            std::vector<std::int64_t> current;
            std::int64_t currentBucket = -1;
            auto flush = [&]() {
                if (currentBucket >= 0 && currentBucket < axis.buckets && !current.empty()) {
                    const auto i = static_cast<std::size_t>(currentBucket);
                    r.latency.values[0][i] = *percentile(current, 50);
                    r.latency.values[1][i] = *percentile(current, 95);
                    r.latency.values[2][i] = *percentile(current, 99);
                }
                current.clear();
            };
            while (st.step()) {
                const auto b = st.int64(0);
                if (b != currentBucket) {
                    flush();
                    currentBucket = b;
                }
                current.push_back(st.int64(1));
                all.push_back(st.int64(1));
            }
            flush();
            std::sort(all.begin(), all.end());
            r.p50Ms = percentile(all, 50);
            r.p95Ms = percentile(all, 95);
            r.p99Ms = percentile(all, 99);
            r.latency.totals = {r.p50Ms.value_or(0), r.p95Ms.value_or(0), r.p99Ms.value_or(0)};
        }
        // Per operation: count, successes, failures, p99.
        {
            const SqlWhere fw = filter.where();
            auto st = db.prepare("SELECT operation, COUNT(*) AS c, COALESCE(SUM(http_status < 400), 0), "
                                 "COALESCE(SUM(http_status >= 400), 0) FROM events" +
                                 fw.sql() + " GROUP BY operation ORDER BY c DESC, operation");
            fw.bind(st);
            std::map<std::string, std::size_t> index;
            while (st.step()) {
                OperationHealth h;
                h.operation = st.text(0);
                h.events = st.int64(1);
                h.succeeded = st.int64(2);
                h.failed = st.int64(3);
                index[h.operation] = r.operations.size();
                r.operations.push_back(std::move(h));
            }
            SqlWhere dw = fw;
            dw.add("duration_ms IS NOT NULL");
            auto d = db.prepare("SELECT operation, duration_ms FROM events" + dw.sql() + " ORDER BY operation, duration_ms");
            dw.bind(d);
            std::string op;
            std::vector<std::int64_t> values;
            auto flush = [&]() {
                if (const auto it = index.find(op); it != index.end()) {
                    r.operations[it->second].p99Ms = percentile(values, 99);
                }
                values.clear();
            };
            bool started = false;
            while (d.step()) {
                std::string next = d.text(0);
                if (!started || next != op) {
                    if (started) {
                        flush();
                    }
                    op = std::move(next);
                    started = true;
                }
                values.push_back(d.int64(1));
            }
            if (started) {
                flush();
            }
        }
        // AzureMetrics rows, when present: sums for counters, averages for percentages and latency.
        {
            SqlWhere mw;
            mw.add("time >= ?", {axis.start.ticks()});
            mw.add("time < ?", {axis.end().ticks()});
            if (!filter.vaults.empty()) {
                std::vector<SqlWhere::Value> v;
                std::string ph;
                for (const auto& x : filter.vaults) {
                    v.emplace_back(toLower(x));
                    ph += ph.empty() ? "?" : ",?";
                }
                mw.add("lower(vault) IN (" + ph + ")", std::move(v));
            }
            auto st = db.prepare("SELECT metric, (time - ?) / ? AS b, SUM(COALESCE(total, count, 0)), AVG(average) "
                                 "FROM metrics" + mw.sql() + " GROUP BY metric, b ORDER BY metric, b");
            st.bind(1, axis.start.ticks());
            st.bind(2, axis.grain);
            mw.bind(st, 3);
            r.metrics.axis = axis;
            std::map<std::string, std::size_t> index;
            while (st.step()) {
                const std::string metric = st.text(0);
                auto it = index.find(metric);
                if (it == index.end()) {
                    it = index.emplace(metric, r.metrics.keys.size()).first;
                    r.metrics.keys.push_back(metric);
                    r.metrics.values.emplace_back(buckets, 0.0);
                    r.metrics.totals.push_back(0.0);
                }
                const auto b = st.int64(1);
                if (b < 0 || b >= axis.buckets) {
                    continue;
                }
                const bool average = metric == "Availability" || metric == "ServiceApiLatency" ||
                                     metric == "SaturationShoebox";
                const double v = average ? (st.isNull(3) ? 0.0 : st.real(3)) : st.real(2);
                r.metrics.values[it->second][static_cast<std::size_t>(b)] = v;
                r.metrics.totals[it->second] += v;
            }
        }
        return r;
    });
}

} // namespace kvw::core
