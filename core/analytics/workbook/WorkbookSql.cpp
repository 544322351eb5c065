#include "core/analytics/workbook/WorkbookSql.h"

#include "core/analytics/workbook/TimeGrain.h"

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

std::optional<TimeAxis> scopeAxis(const Database& db, const EventFilter& filter, int maxBuckets)
{
    std::optional<Timestamp> from = filter.from;
    std::optional<Timestamp> to = filter.to;
    if (!from || !to) {
        const SqlWhere w = filter.where();
        auto st = db.prepare("SELECT MIN(time), MAX(time) FROM events" + w.sql());
        w.bind(st);
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

KeyedSeries seriesByKey(const Database& db, const EventFilter& filter, const std::string& keyExpr,
                        const TimeAxis& axis, int topN, const std::string& extraCondition,
                        const std::vector<SqlWhere::Value>& extraValues)
{
    KeyedSeries s;
    s.axis = axis;
    SqlWhere w = filter.where();
    w.add("time >= ?", {axis.start.ticks()});
    w.add("time < ?", {axis.end().ticks()});
    if (!extraCondition.empty()) {
        w.add(extraCondition, extraValues);
    }
    std::vector<std::pair<std::string, std::int64_t>> totals;
    {
        auto st = db.prepare("SELECT " + keyExpr + " AS k, COUNT(*) AS c FROM events" + w.sql() +
                             " GROUP BY k ORDER BY c DESC, k");
        w.bind(st);
        while (st.step()) {
            totals.emplace_back(st.text(0), st.int64(1));
        }
    }
    std::unordered_map<std::string, std::size_t> index;
    const std::size_t kept = std::min<std::size_t>(totals.size(), static_cast<std::size_t>(std::max(topN, 1)));
    for (std::size_t i = 0; i < kept; ++i) {
        index.emplace(totals[i].first, i);
        s.keys.push_back(totals[i].first);
        s.totals.push_back(static_cast<double>(totals[i].second));
    }
    std::size_t other = s.keys.size();
    if (totals.size() > kept) {
        s.keys.emplace_back(KeyedSeries::OtherKey);
        double sum = 0;
        for (std::size_t i = kept; i < totals.size(); ++i) {
            sum += static_cast<double>(totals[i].second);
        }
        s.totals.push_back(sum);
    }
    s.values.assign(s.keys.size(), std::vector<double>(static_cast<std::size_t>(axis.buckets), 0.0));
    if (s.keys.empty()) {
        return s;
    }
    auto st = db.prepare("SELECT " + keyExpr + " AS k, (time - ?) / ? AS b, COUNT(*) FROM events" + w.sql() +
                         " GROUP BY k, b");
    st.bind(1, axis.start.ticks());
    st.bind(2, axis.grain);
    w.bind(st, 3);
    while (st.step()) {
        const auto b = st.int64(1);
        if (b < 0 || b >= axis.buckets) {
            continue;
        }
        const auto it = index.find(st.text(0));
        const std::size_t k = it == index.end() ? other : it->second;
        s.values[k][static_cast<std::size_t>(b)] += static_cast<double>(st.int64(2));
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
