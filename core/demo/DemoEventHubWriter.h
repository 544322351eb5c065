#pragma once

#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoRecordSink.h"

#include <filesystem>
#include <string>

namespace kvw::core {

// Event Hub / SIEM-forwarder dump (formats.md §4): one file per hour under eventhub/, each line one message body
// {"records":[...]} of at most MaxRecordsPerMessage records.
class DemoEventHubWriter : public DemoRecordSink
{
public:
    static constexpr int MaxRecordsPerMessage = 500;

    explicit DemoEventHubWriter(std::filesystem::path root) : m_root(std::move(root)) {}

    Status write(const DemoRecord& record) override;
    Status endHour(Timestamp hourStart) override;
    Status finish() override { return endHour(Timestamp()); }
    std::uint64_t filesWritten() const override { return m_files; }

private:
    std::filesystem::path m_root;
    DemoOutputFile m_file;
    std::string m_buffer;
    int m_inMessage = 0;
    std::uint64_t m_files = 0;
};

} // namespace kvw::core
