#include "core/analytics/workbook/WorkbookTypes.h"

#include <numeric>

namespace kvw::core {

const char* toString(GroupKey key)
{
    switch (key) {
    case GroupKey::Vault: return "vault";
    case GroupKey::CallerIp: return "caller IP";
    case GroupKey::Identity: return "identity";
    case GroupKey::Operation: return "operation";
    case GroupKey::OperationClass: return "operation class";
    case GroupKey::StatusClass: return "status class";
    case GroupKey::Application: return "application";
    case GroupKey::ObjectName: return "object";
    }
    return "";
}

int TimeAxis::indexOf(Timestamp t) const
{
    if (grain <= 0 || t < start) {
        return -1;
    }
    const std::int64_t i = (t.ticks() - start.ticks()) / grain;
    return i < buckets ? static_cast<int>(i) : -1;
}

double KeyedSeries::total() const
{
    return std::accumulate(totals.begin(), totals.end(), 0.0);
}

const char* toString(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Vault: return "vault";
    case EntityKind::Ip: return "ip";
    case EntityKind::Identity: return "identity";
    case EntityKind::Application: return "app";
    case EntityKind::Operation: return "operation";
    case EntityKind::Object: return "object";
    }
    return "";
}

std::optional<EntityKind> entityKindFromString(const std::string& s)
{
    for (auto k : {EntityKind::Vault, EntityKind::Ip, EntityKind::Identity, EntityKind::Application,
                   EntityKind::Operation, EntityKind::Object}) {
        if (s == toString(k)) {
            return k;
        }
    }
    return std::nullopt;
}

} // namespace kvw::core
