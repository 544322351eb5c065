#pragma once

#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoRecordSink.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <utility>

namespace kvw::core {

class DemoWorld;

// AzureMetrics portal CSV export (formats.md §11.2) computed from the audit records themselves, so the metrics
// agree with the logs: per resource and hour ServiceApiHit, ServiceApiLatency and Availability (vaults; the HSM
// exports ServiceApiHit only). Hourly grain (TimeGrain PT1H) keeps the file small; dimensions are not exported.
class DemoMetricsWriter : public DemoRecordSink
{
public:
    DemoMetricsWriter(std::filesystem::path root, const DemoWorld& world);

    Status write(const DemoRecord& record) override;
    Status endHour(Timestamp hourStart) override;
    Status finish() override;
    std::uint64_t filesWritten() const override { return m_opened ? 1 : 0; }

    static constexpr const char* RelativePath = "metrics/AzureMetrics.csv";

private:
    struct Bucket
    {
        std::uint64_t count = 0;
        std::uint64_t unavailable = 0;
        std::int64_t sumMs = 0;
        std::int64_t minMs = INT64_MAX;
        std::int64_t maxMs = 0;
    };
    Status open();
    void flushBefore(std::int64_t hourTicks);
    void row(std::int64_t hour, int resource, const char* metric, double total, std::uint64_t count, double maximum,
             double minimum, double average, const char* unit);

    const DemoWorld& m_world;
    std::filesystem::path m_root;
    DemoOutputFile m_file;
    bool m_opened = false;
    std::map<std::pair<std::int64_t, int>, Bucket> m_buckets;
    std::string m_line;
};

} // namespace kvw::core
