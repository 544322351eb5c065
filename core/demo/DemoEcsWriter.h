#pragma once

#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoRecordSink.h"

#include <filesystem>
#include <string>

namespace kvw::core {

// Elastic export of the Azure integration's azure.platformlogs documents (formats.md §16): NDJSON, one bare
// document per line, one file per day under ecs/. No event.original, so readers exercise the ECS mapping.
class DemoEcsWriter : public DemoRecordSink
{
public:
    explicit DemoEcsWriter(std::filesystem::path root) : m_root(std::move(root)) {}

    Status write(const DemoRecord& record) override;
    Status finish() override { return m_file.close(); }
    std::uint64_t filesWritten() const override { return m_files; }

private:
    std::filesystem::path m_root;
    DemoOutputFile m_file;
    std::string m_day;
    std::string m_line;
    std::uint64_t m_files = 0;
};

} // namespace kvw::core
