#include "core/analytics/workbook/WorkbookSql.h"

#include "core/analytics/workbook/TimeGrain.h"
#include "core/query/RollupSource.h"

#include <algorithm>
#include <unordered_map>

namespace kvw::core::workbook_sql {

std::string keyExpression(GroupKey key)
{
    switch (key) {
    case GroupKey::Vault: return "vault";
    case GroupKey::CallerIp: return "caller_ip";
    case GroupKey::Identity: return "identity";
    case GroupKey::Operation: return "operation";
    case GroupKey::OperationClass: return "op_class";
    case GroupKey::StatusClass:
        return "(CASE WHEN http_status IS NULL THEN 'no status' ELSE CAST(http_status / 100 AS TEXT) || 'xx' END)";
    case GroupKey::Application: return "identity_appid";
    case GroupKey::ObjectName: return "object_name";
    }
    return "vault";
}

std::optional<TimeAxis> scopeAxis(const CaseFile& caseFile, const EventFilter& filter, int maxBuckets)
{
    std::optional<Timestamp> from = filter.from;
    std::optional<Timestamp> to = filter.to;
    if (!from || !to) {
        const RollupSource src(caseFile, RollupSource::Kind::Events, filter);
        auto st = caseFile.db().prepare("SELECT MIN(first_time), MAX(last_time) FROM " + src.sql());
        src.bind(st);
        st.step();
        if (st.isNull(0)) {
            if (!from || !to) {
                return std::nullopt;
            }
        } else {
            if (!from) {
                from = Timestamp::fromTicks(st.int64(0));
            }
            if (!to) {
                to = Timestamp::fromTicks(st.int64(1) + 1);
            }
        }
    }
    if (*to <= *from) {
        to = *from + 1;
    }
    return TimeGrain::axis(*from, *to, maxBuckets);
}

KeyedSeries seriesByKey(const CaseFile& caseFile, const EventFilter& filter, const std::string& keyExpr,
                        const TimeAxis& axis, int topN, const std::string& extraCondition,
                        const std::vector<SqlWhere::Value>& extraValues)
{
    KeyedSeries s;
    s.axis = axis;
    const RollupSource src(caseFile, RollupSource::Kind::Events, filter, axis.start, axis.end(), axis.grain);
    SqlWhere w;
    if (!extraCondition.empty()) {
        w.add(extraCondition, extraValues);
    }
    // One pass over the rows: counts per key and bucket; the totals that rank the keys follow from them.
    struct Counts
    {
        std::int64_t total = 0;
        std::vector<std::pair<std::int64_t, std::int64_t>> buckets;
    };
    std::unordered_map<std::string, Counts> byKey;
    {
        auto st = caseFile.db().prepare("SELECT " + keyExpr + " AS k, (bucket_time - ?) / ? AS b, SUM(n) FROM " +
                                        src.sql() + w.sql() + " GROUP BY k, b");
        st.bind(1, axis.start.ticks());
        st.bind(2, axis.grain);
        w.bind(st, src.bind(st, 3));
        while (st.step()) {
            Counts& c = byKey[st.text(0)];
            c.total += st.int64(2);
            c.buckets.emplace_back(st.int64(1), st.int64(2));
        }
    }
    std::vector<std::pair<std::string, const Counts*>> ranked;
    ranked.reserve(byKey.size());
    for (const auto& [k, c] : byKey) {
        ranked.emplace_back(k, &c);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second->total != b.second->total ? a.second->total > b.second->total : a.first < b.first;
    });
    const std::size_t kept = std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(std::max(topN, 1)));
    for (std::size_t i = 0; i < kept; ++i) {
        s.keys.push_back(ranked[i].first);
        s.totals.push_back(static_cast<double>(ranked[i].second->total));
    }
    if (ranked.size() > kept) {
        s.keys.emplace_back(KeyedSeries::OtherKey);
        double sum = 0;
        for (std::size_t i = kept; i < ranked.size(); ++i) {
            sum += static_cast<double>(ranked[i].second->total);
        }
        s.totals.push_back(sum);
    }
    s.values.assign(s.keys.size(), std::vector<double>(static_cast<std::size_t>(axis.buckets), 0.0));
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        auto& row = s.values[std::min(i, kept)];
        for (const auto& [b, n] : ranked[i].second->buckets) {
            if (b >= 0 && b < axis.buckets) {
                row[static_cast<std::size_t>(b)] += static_cast<double>(n);
            }
        }
    }
    return s;
}

std::vector<std::string> splitSet(const std::string& s)
{
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= s.size() && !s.empty()) {
        const auto next = s.find('\x1f', pos);
        std::string part = s.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
        if (!part.empty()) {
            out.push_back(std::move(part));
        }
        if (next == std::string::npos) {
            break;
        }
        pos = next + 1;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace kvw::core::workbook_sql
