#pragma once

#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoRecordSink.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace kvw::core {

class DemoWorld;

// AZKVAuditLogs as the Log Analytics query API returns it (formats.md §7, §9.2): one file per day under
// AZKVAuditLogs/, {"tables":[{"name":"PrimaryResult","columns":[{"name","type"}...],"rows":[[...]...]}]}.
// Dynamic columns (Identity, Properties, KeyProperties, ...) are JSON text, as the API returns them;
// TimeGenerated keeps all 7 fractional digits.
class DemoAzkvAuditLogsJsonWriter : public DemoRecordSink
{
public:
    DemoAzkvAuditLogsJsonWriter(std::filesystem::path root, const DemoWorld& world);

    Status write(const DemoRecord& record) override;
    Status finish() override;
    std::uint64_t filesWritten() const override { return m_files; }

    // (name, type) in table order.
    static const std::vector<std::pair<std::string, std::string>>& columns();

private:
    Status closeFile();

    const DemoWorld& m_world;
    std::filesystem::path m_root;
    DemoOutputFile m_file;
    std::string m_day;
    std::string m_row;
    std::string m_scratch;
    bool m_firstRow = true;
    std::uint64_t m_files = 0;
};

} // namespace kvw::core
