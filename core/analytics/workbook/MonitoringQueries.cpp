#include "core/analytics/workbook/MonitoringQueries.h"

#include "core/analytics/workbook/DurationPercentiles.h"
#include "core/analytics/workbook/KeyedSeriesBuilder.h"
#include "core/analytics/workbook/WorkbookSql.h"
#include "core/model/AzureResourceId.h"
#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"
#include "core/store/TextLookup.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace kvw::core {

using namespace workbook_sql;

namespace {

std::string statusClass(std::optional<std::int64_t> status)
{
    return status ? std::to_string(*status / 100) + "xx" : std::string("no status");
}

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
        const auto buckets = static_cast<std::size_t>(axis.buckets);
        r.availability.assign(buckets, 1.0);
        r.throttled.assign(buckets, 0.0);
        r.denied.assign(buckets, 0.0);
        const std::int64_t start = axis.start.ticks();
        const std::int64_t end = axis.end().ticks();
        // Latency percentiles per axis bucket, over the whole axis and per operation (over the whole range).
        DurationPercentiles durations(buckets + 1);
        const auto allGroup = static_cast<std::uint32_t>(buckets);
        struct Health
        {
            std::int64_t events = 0, succeeded = 0, failed = 0;
            std::uint32_t latencyGroup = DurationPercentiles::NoGroup;
        };
        std::unordered_map<std::string, Health> perOperation;
        // One pass over the filter's rows feeds both series, availability and the per-operation table. A rollup
        // row's bucket_time is its hour (five minutes), and an axis of that grain starts on one, so a row lies inside
        // the axis exactly when its bucket_time does. Rows read from events carry their own duration, so when
        // every row comes from events (buckets under an hour, filters the rollups cannot answer) the same pass
        // collects the latencies, instead of a second walk over the same events.
        const RollupSource src(m_case, RollupSource::Kind::Events, filter, {}, {}, axis.grain);
        const bool withDurations = !src.usesRollups();
        // The operation class by its id where the views show it: a text lookup per row took a third of the pass.
        const bool classIds = m_case.textIdsEnabled();
        std::optional<TextLookup> texts;
        if (classIds) {
            texts.emplace(db);
        }
        {
            KeyedSeriesBuilder byClass(axis);
            KeyedSeriesBuilder byStatus(axis);
            std::vector<std::int64_t> withStatus(buckets, 0);
            std::vector<std::int64_t> serverErrors(buckets, 0);
            std::string lastOperation;
            Health* health = nullptr;
            const std::string opClass = classIds ? "op_class_ref" : "op_class";
            auto st = src.rows(db, withDurations ? opClass + ", http_status, operation, bucket_time, n, duration_ms"
                                                 : opClass + ", http_status, operation, bucket_time, n");
            while (st.step()) {
                const std::optional<std::int64_t> status =
                    st.isNull(1) ? std::nullopt : std::optional<std::int64_t>(st.int64(1));
                const std::string_view operation = st.textView(2);
                const std::int64_t t = st.int64(3);
                const std::int64_t n = st.int64(4);
                const bool denied = status && (*status == 403 || (*status == 401 && operation != "Authentication"));
                r.requests += n;
                if (status) {
                    r.requestsWithStatus += n;
                    r.serverErrors += *status >= 500 ? n : 0;
                    r.throttledTotal += *status == 429 ? n : 0;
                }
                r.deniedTotal += denied ? n : 0;
                if (health == nullptr || operation != lastOperation) {
                    lastOperation.assign(operation);
                    const auto [it, added] = perOperation.try_emplace(lastOperation);
                    if (added) {
                        it->second.latencyGroup = durations.addGroup();
                    }
                    health = &it->second; // node-based: the pointer survives rehashing
                }
                Health& h = *health;
                h.events += n;
                if (status) {
                    (*status < 400 ? h.succeeded : h.failed) += n;
                }
                const bool inAxis = t >= start && t < end;
                const std::int64_t b = inAxis ? (t - start) / axis.grain : 0;
                if (withDurations && !st.isNull(5)) {
                    durations.add(st.int64(5), n, h.latencyGroup,
                                  inAxis ? static_cast<std::uint32_t>(b) : DurationPercentiles::NoGroup,
                                  inAxis ? allGroup : DurationPercentiles::NoGroup);
                }
                if (!inAxis) {
                    continue;
                }
                byClass.add(classIds ? std::string_view(texts->text(st.int64(0))) : st.textView(0), b, n);
                byStatus.add(statusClass(status), b, n);
                const auto i = static_cast<std::size_t>(b);
                if (status) {
                    withStatus[i] += n;
                    serverErrors[i] += *status >= 500 ? n : 0;
                    r.throttled[i] += *status == 429 ? static_cast<double>(n) : 0.0;
                }
                r.denied[i] += denied ? static_cast<double>(n) : 0.0;
            }
            r.byOperationClass = byClass.build(20);
            r.byStatusClass = byStatus.build(20);
            for (std::size_t i = 0; i < buckets; ++i) {
                if (withStatus[i] > 0) {
                    r.availability[i] = 1.0 - static_cast<double>(serverErrors[i]) / static_cast<double>(withStatus[i]);
                }
            }
        }
        if (!withDurations) {
            // The durations of the rollup rows' hours (and of the events at the range's edges) are in their own
            // source. Per bucket and overall only within the axis, per operation over the whole range.
            const RollupSource latency(m_case, RollupSource::Kind::Latency, filter, {}, {}, axis.grain);
            auto st = latency.rows(db, "bucket_time, operation, duration_ms, n");
            std::string lastOperation;
            std::uint32_t lastGroup = DurationPercentiles::NoGroup;
            bool first = true;
            while (st.step()) {
                const std::int64_t t = st.int64(0);
                const std::string_view op = st.textView(1);
                if (first || op != lastOperation) {
                    first = false;
                    lastOperation.assign(op);
                    const auto it = perOperation.find(lastOperation);
                    lastGroup = it == perOperation.end() ? DurationPercentiles::NoGroup : it->second.latencyGroup;
                }
                const bool inAxis = t >= start && t < end;
                durations.add(st.int64(2), st.int64(3), lastGroup,
                              inAxis ? static_cast<std::uint32_t>((t - start) / axis.grain)
                                     : DurationPercentiles::NoGroup,
                              inAxis ? allGroup : DurationPercentiles::NoGroup);
            }
        }
        const auto p = durations.compute({50, 95, 99});
        r.latency.axis = axis;
        r.latency.keys = {"p50", "p95", "p99"};
        r.latency.values.assign(3, std::vector<double>(buckets, 0.0));
        for (std::size_t i = 0; i < buckets; ++i) {
            for (std::size_t k = 0; k < 3; ++k) {
                r.latency.values[k][i] = p[i][k].value_or(0.0);
            }
        }
        r.p50Ms = p[allGroup][0];
        r.p95Ms = p[allGroup][1];
        r.p99Ms = p[allGroup][2];
        r.latency.totals = {r.p50Ms.value_or(0), r.p95Ms.value_or(0), r.p99Ms.value_or(0)};
        for (auto& [operation, h] : perOperation) {
            OperationHealth oh;
            oh.operation = operation;
            oh.events = h.events;
            oh.succeeded = h.succeeded;
            oh.failed = h.failed;
            oh.p99Ms = p[h.latencyGroup][2];
            r.operations.push_back(std::move(oh));
        }
        std::sort(r.operations.begin(), r.operations.end(), [](const auto& a, const auto& b) {
            return a.events != b.events ? a.events > b.events : a.operation < b.operation;
        });
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
