#include "core/demo/DemoMetricsWriter.h"

#include "core/demo/DemoCsv.h"
#include "core/demo/DemoTime.h"
#include "core/demo/DemoWorld.h"

#include <charconv>

namespace kvw::core {
namespace {

// Up to three decimals, trailing zeros dropped ("23.5", "100").
std::string number(double v)
{
    char buf[64];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
    (void)ec;
    std::string s(buf, p);
    while (!s.empty() && s.back() == '0') {
        s.pop_back();
    }
    if (!s.empty() && s.back() == '.') {
        s.pop_back();
    }
    return s;
}

} // namespace

DemoMetricsWriter::DemoMetricsWriter(std::filesystem::path root, const DemoWorld& world)
    : m_world(world), m_root(std::move(root))
{
}

Status DemoMetricsWriter::open()
{
    Status s = m_file.open(m_root / RelativePath);
    if (!s) {
        return s;
    }
    m_opened = true;
    m_file.write("TenantId,SourceSystem,\"TimeGenerated [UTC]\",ResourceId,MetricName,Total,Count,Maximum,Minimum,"
                 "Average,TimeGrain,UnitName,Type,\"_ResourceId\",SubscriptionId,ResourceGroup,ResourceProvider,"
                 "Resource\r\n");
    return {};
}

Status DemoMetricsWriter::write(const DemoRecord& r)
{
    if (!m_opened) {
        Status s = open();
        if (!s) {
            return s;
        }
    }
    const std::int64_t hour = Timestamp::floorDiv(r.time.ticks(), Timestamp::TicksPerHour) * Timestamp::TicksPerHour;
    Bucket& b = m_buckets[{hour, r.resource->index}];
    ++b.count;
    b.unavailable += r.httpStatusCode >= 500 ? 1 : 0;
    b.sumMs += r.durationMs;
    b.minMs = std::min(b.minMs, r.durationMs);
    b.maxMs = std::max(b.maxMs, r.durationMs);
    return {};
}

void DemoMetricsWriter::row(std::int64_t hour, int resource, const char* metric, double total, std::uint64_t count,
                            double maximum, double minimum, double average, const char* unit)
{
    const DemoResource& res = m_world.resource(resource);
    std::string& o = m_line;
    o.clear();
    DemoCsv::appendQuoted(o, m_world.workspaceId());
    o += ",Azure,";
    std::string when;
    DemoTime::appendEnUs(when, Timestamp::fromTicks(hour));
    DemoCsv::appendQuoted(o, when);
    o.push_back(',');
    DemoCsv::appendQuoted(o, res.resourceId);
    o.push_back(',');
    DemoCsv::appendQuoted(o, metric);
    o += "," + number(total) + "," + std::to_string(count) + "," + number(maximum) + "," + number(minimum) + "," +
         number(average) + ",PT1H,";
    DemoCsv::appendQuoted(o, unit);
    o += ",\"AzureMetrics\",";
    DemoCsv::appendQuoted(o, res.resourceIdLower);
    o.push_back(',');
    DemoCsv::appendQuoted(o, res.subscription);
    o.push_back(',');
    DemoCsv::appendQuoted(o, res.resourceGroupUpper);
    o += ",\"MICROSOFT.KEYVAULT\",";
    DemoCsv::appendQuoted(o, res.nameUpper);
    o += "\r\n";
    m_file.write(o);
}

void DemoMetricsWriter::flushBefore(std::int64_t hourTicks)
{
    auto it = m_buckets.begin();
    while (it != m_buckets.end() && it->first.first < hourTicks) {
        const auto [hour, resource] = it->first;
        const Bucket& b = it->second;
        const double n = static_cast<double>(b.count);
        row(hour, resource, "ServiceApiHit", n, b.count, 1, 1, 1, "Count");
        if (!m_world.resource(resource).hsm) {
            row(hour, resource, "ServiceApiLatency", static_cast<double>(b.sumMs), b.count,
                static_cast<double>(b.maxMs), static_cast<double>(b.minMs), static_cast<double>(b.sumMs) / n,
                "MilliSeconds");
            const double available = 100.0 * static_cast<double>(b.count - b.unavailable) / n;
            row(hour, resource, "Availability", available * n, b.count, 100, b.unavailable > 0 ? 0 : 100, available,
                "Percent");
        }
        it = m_buckets.erase(it);
    }
}

Status DemoMetricsWriter::endHour(Timestamp hourStart)
{
    // One hour of lag: late arrivals of the previous hour are written during this one.
    flushBefore(hourStart.ticks() - Timestamp::TicksPerHour);
    return {};
}

Status DemoMetricsWriter::finish()
{
    flushBefore(INT64_MAX);
    return m_opened ? m_file.close() : Status{};
}

} // namespace kvw::core
