#include "core/analytics/workbook/WorkbookSql.h"

#include "core/analytics/workbook/KeyedSeriesBuilder.h"
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
        auto st = caseFile.db().prepare(src.query("MIN(first_time), MAX(last_time)"));
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
                        const std::vector<SqlWhere::Value>& extraValues, RollupSource::Kind kind)
{
    const RollupSource src(caseFile, kind, filter, axis.start, axis.end(), axis.grain);
    SqlWhere extra;
    if (!extraCondition.empty()) {
        extra.add(extraCondition, extraValues);
    }
    KeyedSeriesBuilder builder(axis);
    auto st = src.rows(caseFile.db(), keyExpr + ", bucket_time, n", extra);
    const std::int64_t start = axis.start.ticks();
    while (st.step()) {
        const std::int64_t t = st.int64(1);
        builder.add(st.textView(0), t < start ? -1 : (t - start) / axis.grain, st.int64(2));
    }
    return builder.build(topN);
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
