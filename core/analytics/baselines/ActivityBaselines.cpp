#include "core/analytics/baselines/ActivityBaselines.h"

#include "core/analytics/detections/AllowList.h"
#include "core/analytics/series/MakeSeries.h"
#include "core/analytics/series/SeriesDecomposeAnomalies.h"
#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"
#include "core/store/Database.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace kvw::core {

BaselineOptions BaselineOptions::workbookDaily() { return {}; }

BaselineOptions BaselineOptions::hourlyPerVault()
{
    BaselineOptions o;
    o.step = Timestamp::TicksPerHour;
    o.window = 7 * Timestamp::TicksPerDay;
    return o;
}

BaselineOptions BaselineOptions::callerIpRule()
{
    BaselineOptions o;
    o.by = By::Ip;
    o.trend = SeriesDecompose::Trend::LineFit;
    o.retrievalsOnly = true;
    o.positiveOnly = true;
    return o;
}

const char* toString(BaselineOptions::By by)
{
    switch (by) {
    case BaselineOptions::By::Vault: return "vault";
    case BaselineOptions::By::Ip: return "ip";
    case BaselineOptions::By::Identity: return "identity";
    }
    return "vault";
}

Result<std::vector<BaselineSeries>> ActivityBaselines::compute(const CaseFile& caseFile, const EventFilter& filter,
                                                               const BaselineOptions& options)
{
    if (options.step <= 0 || options.window < 2 * options.step) {
        return Error{Error::Code::Usage, "", 0, "the baseline window must hold at least two steps"};
    }
    const std::string key = options.by == BaselineOptions::By::Vault ? "vault"
                            : options.by == BaselineOptions::By::Ip  ? "caller_ip"
                                                                     : "identity";
    std::vector<BaselineSeries> out;
    try {
        SqlWhere conditions;
        if (options.retrievalsOnly) {
            conditions.add("operation IN ('SecretGet','KeyGet','VaultGet')");
            conditions.add("(success = 1 OR (success IS NULL AND lower(result_type) = 'success'))");
            conditions.add("NOT (identity_appid = ? AND operation = 'VaultGet')",
                           {std::string(AllowList::ResourceGraphAppId)});
        }
        SqlWhere scope = filter.withoutTime().where();
        if (!conditions.empty()) {
            scope.add(conditions.andSql().substr(5), conditions.values()); // " AND " dropped
        }
        Timestamp end;
        if (options.end) {
            end = *options.end;
        } else if (filter.to) {
            end = *filter.to;
        } else {
            SqlWhere w = scope;
            auto st = caseFile.db().prepare("SELECT max(time) FROM events" + w.sql());
            w.bind(st);
            if (!st.step() || st.isNull(0)) {
                return out;
            }
            end = Timestamp::fromTicks((Timestamp::floorDiv(st.int64(0), options.step) + 1) * options.step);
        }
        const std::int64_t bins = options.window / options.step;
        const Timestamp start = end - bins * options.step;
        // From the hourly rollups when the bins are whole hours starting on an hour (grain 1 makes the source
        // read events otherwise); the conditions and the key are columns the rollups keep.
        const bool hourly = start.ticks() % Timestamp::TicksPerHour == 0;
        const RollupSource src(caseFile, RollupSource::Kind::Events, filter.withoutTime(), start, end,
                               hourly ? options.step : 1);
        SqlWhere condition = conditions;
        condition.add(key + " <> ''");
        auto st = src.rows(caseFile.db(), key + ", bucket_time, n", condition);
        std::map<std::string, std::vector<MakeSeries::Point>> perKey;
        while (st.step()) {
            const std::int64_t bin = Timestamp::floorDiv(st.int64(1) - start.ticks(), options.step);
            perKey[st.text(0)].push_back({start.ticks() + bin * options.step, static_cast<double>(st.int64(2))});
        }
        const auto maker = MakeSeries::fromTo(start.ticks(), end.ticks(), options.step)
                               .setAggregation(MakeSeries::Aggregation::Sum);
        SeriesDecomposeAnomalies::Options opt;
        opt.trend = options.trend;
        for (const auto& [k, points] : perKey) {
            auto series = maker.build(points);
            if (!series) {
                return series.error();
            }
            auto an = SeriesDecomposeAnomalies::detect(series->values, opt);
            if (!an) {
                return an.error();
            }
            BaselineSeries s;
            s.key = k;
            s.period = an->period;
            s.approximate = an->approximate;
            s.maxScore = -INFINITY;
            s.minScore = INFINITY;
            for (std::size_t i = 0; i < series->values.size(); ++i) {
                BaselinePoint p;
                p.time = Timestamp::fromTicks(series->binStarts[i]);
                p.count = series->values[i];
                p.baseline = an->baseline[i];
                p.score = an->scores[i];
                if (p.score > options.threshold) {
                    p.flag = 1;
                } else if (p.score < -options.threshold && !options.positiveOnly) {
                    p.flag = -1;
                }
                s.maxScore = std::max(s.maxScore, p.score);
                s.minScore = std::min(s.minScore, p.score);
                s.points.push_back(p);
            }
            s.lastScore = s.points.empty() ? 0.0 : s.points.back().score;
            s.anomalousLast = options.positiveOnly ? s.lastScore > options.threshold
                                                   : std::abs(s.lastScore) > options.threshold;
            s.historical = s.maxScore > options.threshold || (!options.positiveOnly && s.minScore < -options.threshold);
            out.push_back(std::move(s));
        }
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, e.what()};
    }
    // The workbook orders by the last day's |score|.
    std::stable_sort(out.begin(), out.end(), [](const BaselineSeries& a, const BaselineSeries& b) {
        return std::abs(a.lastScore) > std::abs(b.lastScore);
    });
    return out;
}

} // namespace kvw::core
