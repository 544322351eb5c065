#include "core/analytics/workbook/MonitoringQueries.h"

#include "core/analytics/workbook/WorkbookSql.h"
#include "core/model/AzureResourceId.h"
#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace kvw::core {

using namespace workbook_sql;

namespace {

// Request durations as value -> count, since the rollups keep one row per distinct duration.
class DurationHistogram
{
public:
    void add(std::int64_t duration, std::int64_t n)
    {
        m_counts[duration] += n;
        m_total += n;
    }
    bool empty() const { return m_total == 0; }
    // Nearest rank, as MonitoringQueries::percentile over the sorted values.
    std::optional<double> percentile(double p) const
    {
        if (m_total == 0) {
            return std::nullopt;
        }
        auto rank = static_cast<std::int64_t>(std::ceil(p / 100.0 * static_cast<double>(m_total)));
        rank = std::clamp<std::int64_t>(rank, 1, m_total);
        std::int64_t seen = 0;
        for (const auto& [value, n] : m_counts) {
            seen += n;
            if (seen >= rank) {
                return static_cast<double>(value);
            }
        }
        return static_cast<double>(m_counts.rbegin()->first);
    }

private:
    std::map<std::int64_t, std::int64_t> m_counts;
    std::int64_t m_total = 0;
};

} // namespace

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
        r.byOperationClass = seriesByKey(m_case, filter, keyExpression(GroupKey::OperationClass), axis, 20);
        r.byStatusClass = seriesByKey(m_case, filter, keyExpression(GroupKey::StatusClass), axis, 20);
        const auto buckets = static_cast<std::size_t>(axis.buckets);
        r.availability.assign(buckets, 1.0);
        r.throttled.assign(buckets, 0.0);
        r.denied.assign(buckets, 0.0);
        {
            const RollupSource src(m_case, RollupSource::Kind::Events, filter, axis.start, axis.end(), axis.grain);
            auto st = db.prepare(
                "SELECT (bucket_time - ?) / ? AS b, SUM(n), COALESCE(SUM(CASE WHEN http_status IS NOT NULL THEN n END), 0), "
                "COALESCE(SUM(CASE WHEN http_status >= 500 THEN n END), 0), "
                "COALESCE(SUM(CASE WHEN http_status = 429 THEN n END), 0), "
                "COALESCE(SUM(CASE WHEN http_status = 403 OR (http_status = 401 AND operation <> 'Authentication') "
                "THEN n END), 0) FROM " + src.sql() + " GROUP BY b");
            st.bind(1, axis.start.ticks());
            st.bind(2, axis.grain);
            src.bind(st, 3);
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
        // Per operation: count, successes, failures (the p99 follows with the latency).
        std::unordered_map<std::string, std::size_t> index;
        {
            const RollupSource src(m_case, RollupSource::Kind::Events, filter);
            auto st = db.prepare("SELECT operation, SUM(n) AS c, COALESCE(SUM(CASE WHEN http_status < 400 THEN n END), 0), "
                                 "COALESCE(SUM(CASE WHEN http_status >= 400 THEN n END), 0) FROM " + src.sql() +
                                 " GROUP BY operation ORDER BY c DESC, operation");
            src.bind(st);
            while (st.step()) {
                OperationHealth h;
                h.operation = st.text(0);
                h.events = st.int64(1);
                h.succeeded = st.int64(2);
                h.failed = st.int64(3);
                index[h.operation] = r.operations.size();
                r.operations.push_back(std::move(h));
            }
        }
        // Latency: one pass over the durations of the filter's range. Per bucket and overall only within the axis,
        // per operation over the whole range. A rollup row's bucket_time is its hour, and an axis of whole-hour
        // grain starts on an hour, so a row lies inside the axis exactly when its bucket_time does.
        r.latency.axis = axis;
        r.latency.keys = {"p50", "p95", "p99"};
        r.latency.values.assign(3, std::vector<double>(buckets, 0.0));
        r.latency.totals.assign(3, 0.0);
        {
            const RollupSource src(m_case, RollupSource::Kind::Latency, filter, {}, {}, axis.grain);
            auto st = db.prepare("SELECT bucket_time, operation, duration_ms, n FROM " + src.sql());
            src.bind(st);
            std::vector<DurationHistogram> perBucket(buckets);
            DurationHistogram all;
            std::vector<DurationHistogram> perOperation(r.operations.size());
            const std::int64_t start = axis.start.ticks();
            const std::int64_t end = axis.end().ticks();
            std::string lastOperation;
            std::size_t lastIndex = r.operations.size();
            while (st.step()) {
                const std::int64_t t = st.int64(0);
                const std::int64_t duration = st.int64(2);
                const std::int64_t n = st.int64(3);
                const std::string_view op = st.textView(1);
                if (op != lastOperation) {
                    lastOperation = std::string(op);
                    const auto it = index.find(lastOperation);
                    lastIndex = it == index.end() ? r.operations.size() : it->second;
                }
                if (lastIndex < perOperation.size()) {
                    perOperation[lastIndex].add(duration, n);
                }
                if (t >= start && t < end) {
                    perBucket[static_cast<std::size_t>((t - start) / axis.grain)].add(duration, n);
                    all.add(duration, n);
                }
            }
            for (std::size_t i = 0; i < buckets; ++i) {
                if (!perBucket[i].empty()) {
                    r.latency.values[0][i] = *perBucket[i].percentile(50);
                    r.latency.values[1][i] = *perBucket[i].percentile(95);
                    r.latency.values[2][i] = *perBucket[i].percentile(99);
                }
            }
            r.p50Ms = all.percentile(50);
            r.p95Ms = all.percentile(95);
            r.p99Ms = all.percentile(99);
            r.latency.totals = {r.p50Ms.value_or(0), r.p95Ms.value_or(0), r.p99Ms.value_or(0)};
            for (std::size_t i = 0; i < perOperation.size(); ++i) {
                r.operations[i].p99Ms = perOperation[i].percentile(99);
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
