#include "core/report/ChartViews.h"

#include "core/analytics/series/SeriesDecomposeAnomalies.h"
#include "core/query/EventTimeBounds.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <array>
#include <map>

namespace kvw::core {
namespace {

constexpr std::size_t kTopCategories = 12;
constexpr std::size_t kTopSeries = 5;

struct BinAxis
{
    std::int64_t start = 0;
    std::int64_t bin = 0;
    std::size_t count = 0;
};

std::optional<BinAxis> axisFor(const CaseFile& caseFile, const EventFilter& filter, std::int64_t fixedBin = 0)
{
    const auto bounds = EventTimeBounds::of(caseFile.db(), filter.where());
    if (!bounds) {
        return std::nullopt;
    }
    const std::int64_t lo = filter.from ? filter.from->ticks() : bounds->first;
    const std::int64_t hi = filter.to ? filter.to->ticks() - 1 : bounds->second;
    BinAxis a;
    a.bin = fixedBin > 0 ? fixedBin : ChartViews::binFor(hi - lo);
    a.start = Timestamp::floorDiv(lo, a.bin) * a.bin;
    a.count = static_cast<std::size_t>(Timestamp::floorDiv(hi - a.start, a.bin) + 1);
    return a;
}

void fillAxis(ChartSpec& c, const BinAxis& a)
{
    c.binTicks = a.bin;
    for (std::size_t i = 0; i < a.count; ++i) {
        c.x.push_back(a.start + static_cast<std::int64_t>(i) * a.bin);
    }
}

// One time series per group value (top kTopSeries by volume, the rest as "other").
void timeSeriesBy(const CaseFile& caseFile, const EventFilter& filter, ChartSpec& c, const std::string& groupExpr,
                  const BinAxis& a)
{
    const SqlWhere w = filter.where();
    std::vector<std::string> top;
    {
        auto st = caseFile.db().prepare("SELECT " + groupExpr + ", COUNT(*) FROM events" + w.sql() +
                                        " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?");
        const int next = w.bind(st);
        st.bind(next, static_cast<std::int64_t>(kTopSeries + 1));
        while (st.step()) {
            top.push_back(st.text(0));
        }
    }
    const bool hasOther = top.size() > kTopSeries;
    if (hasOther) {
        top.resize(kTopSeries);
    }
    std::map<std::string, std::size_t> index;
    for (const auto& t : top) {
        index[t] = c.series.size();
        c.series.push_back({t.empty() ? std::string("(none)") : t, std::vector<double>(a.count, 0.0)});
    }
    if (hasOther) {
        c.series.push_back({"other", std::vector<double>(a.count, 0.0)});
    }
    auto st = caseFile.db().prepare("SELECT " + groupExpr + ", (time - ?) / ?, COUNT(*) FROM events" + w.sql() +
                                    " GROUP BY 1, 2");
    st.bind(1, a.start).bind(2, a.bin);
    w.bind(st, 3);
    while (st.step()) {
        const auto bin = st.int64(1);
        if (bin < 0 || bin >= static_cast<std::int64_t>(a.count)) {
            continue;
        }
        const auto it = index.find(st.text(0));
        const std::size_t s = it != index.end() ? it->second : c.series.size() - 1;
        if (it == index.end() && !hasOther) {
            continue;
        }
        c.series[s].values[static_cast<std::size_t>(bin)] += static_cast<double>(st.int64(2));
    }
}

void categories(const CaseFile& caseFile, const EventFilter& filter, ChartSpec& c, const std::string& keyExpr,
                const std::string& labelExpr, const std::string& extraWhere = {})
{
    SqlWhere w = filter.where();
    if (!extraWhere.empty()) {
        w.add(extraWhere);
    }
    auto st = caseFile.db().prepare("SELECT " + keyExpr + ", " + labelExpr + ", COUNT(*), "
                                    "COALESCE(SUM(http_status >= 400), 0) FROM events" + w.sql() +
                                    " GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ?");
    const int next = w.bind(st);
    st.bind(next, static_cast<std::int64_t>(kTopCategories));
    c.series = {{"succeeded", {}}, {"failed", {}}};
    while (st.step()) {
        std::string label = st.text(1);
        c.categories.push_back(label.empty() ? "(none)" : label);
        c.series[0].values.push_back(static_cast<double>(st.int64(2) - st.int64(3)));
        c.series[1].values.push_back(static_cast<double>(st.int64(3)));
    }
}

// Secret reads have their own view (mass retrieval); here the rare, destructive or exfiltrating operations.
constexpr const char* kSensitive = "op_class IN ('delete','purge','backup','restore','recover','policy')";

} // namespace

const std::vector<std::string>& ChartViews::names()
{
    static const std::vector<std::string> n{"events-over-time",    "failures-over-time", "daily-activity",
                                            "events-by-vault",     "events-by-operation", "events-by-ip",
                                            "events-by-identity",  "sensitive-operations", "operation-classes"};
    return n;
}

std::int64_t ChartViews::binFor(std::int64_t spanTicks, std::size_t maxBins)
{
    static constexpr std::array<std::int64_t, 8> bins{
        Timestamp::TicksPerMinute,     5 * Timestamp::TicksPerMinute, 15 * Timestamp::TicksPerMinute,
        Timestamp::TicksPerHour,       3 * Timestamp::TicksPerHour,   6 * Timestamp::TicksPerHour,
        Timestamp::TicksPerDay,        7 * Timestamp::TicksPerDay};
    for (const auto b : bins) {
        if (spanTicks / b < static_cast<std::int64_t>(maxBins)) {
            return b;
        }
    }
    return bins.back();
}

std::string ChartViews::binLabel(std::int64_t b)
{
    if (b % Timestamp::TicksPerDay == 0) {
        return std::to_string(b / Timestamp::TicksPerDay) + " d";
    }
    if (b % Timestamp::TicksPerHour == 0) {
        return std::to_string(b / Timestamp::TicksPerHour) + " h";
    }
    return std::to_string(b / Timestamp::TicksPerMinute) + " min";
}

Result<ChartSpec> ChartViews::build(const CaseFile& caseFile, const std::string& view, const EventFilter& filter)
{
    ChartSpec c;
    c.id = view;
    try {
        if (view == "events-over-time" || view == "failures-over-time" || view == "daily-activity") {
            const bool daily = view == "daily-activity";
            const auto axis = axisFor(caseFile, filter, daily ? Timestamp::TicksPerDay : 0);
            c.kind = view == "events-over-time" ? ChartSpec::Kind::Area : ChartSpec::Kind::Line;
            c.xLabel = "time (UTC)";
            if (!axis) {
                c.title = "No events in scope";
                return c;
            }
            fillAxis(c, *axis);
            if (view == "events-over-time") {
                c.title = "Events over time by vault";
                c.yLabel = "events per " + binLabel(axis->bin);
                timeSeriesBy(caseFile, filter, c, "vault", *axis);
            } else if (view == "failures-over-time") {
                c.title = "Failed requests over time by status";
                c.yLabel = "failures per " + binLabel(axis->bin);
                EventFilter failed = filter;
                failed.failedOnly = true;
                timeSeriesBy(caseFile, failed, c, "CAST(http_status AS TEXT)", *axis);
            } else {
                c.title = "Daily activity, baseline and anomalies";
                c.yLabel = "events per day";
                timeSeriesBy(caseFile, filter.withoutTime(), c, "'events'", *axis);
                if (c.series.size() == 1 && c.series[0].values.size() >= 7) {
                    // series_decompose_anomalies over the daily counts: the baseline and the flagged days.
                    auto an = SeriesDecomposeAnomalies::detect(c.series[0].values);
                    if (an) {
                        c.series.push_back({"baseline", an->baseline});
                        for (std::size_t i = 0; i < an->flags.size(); ++i) {
                            if (an->flags[i] > 0) {
                                c.markers.push_back(c.x[i]);
                            }
                        }
                    }
                }
            }
            return c;
        }
        c.kind = ChartSpec::Kind::Bar;
        c.yLabel = "events";
        if (view == "events-by-vault") {
            c.title = "Events by vault";
            categories(caseFile, filter, c, "vault", "vault");
        } else if (view == "events-by-operation") {
            c.title = "Events by operation (top 12)";
            categories(caseFile, filter, c, "operation", "operation");
        } else if (view == "events-by-ip") {
            c.title = "Events by caller IP (top 12)";
            categories(caseFile, filter, c, "caller_ip", "caller_ip");
        } else if (view == "events-by-identity") {
            c.title = "Events by identity (top 12)";
            categories(caseFile, filter, c, "identity", "COALESCE(NULLIF(MAX(identity_upn), ''), identity)");
        } else if (view == "sensitive-operations") {
            c.title = "Sensitive operations (deletes, purges, backups, restores, policy changes)";
            categories(caseFile, filter, c, "operation", "operation", kSensitive);
        } else if (view == "operation-classes") {
            c.kind = ChartSpec::Kind::Pie;
            c.title = "Events by operation class";
            const SqlWhere w = filter.where();
            auto st = caseFile.db().prepare("SELECT op_class, COUNT(*) FROM events" + w.sql() +
                                            " GROUP BY 1 ORDER BY 2 DESC, 1");
            w.bind(st);
            c.series = {{"events", {}}};
            while (st.step()) {
                c.categories.push_back(st.text(0));
                c.series[0].values.push_back(static_cast<double>(st.int64(1)));
            }
        } else {
            return Error{Error::Code::Usage, "", 0, "unknown chart view: " + view};
        }
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, e.what()};
    }
    return c;
}

} // namespace kvw::core
