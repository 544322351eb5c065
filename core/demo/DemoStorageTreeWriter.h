#pragma once

#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoRecordSink.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kvw::core {

// The storage-account tree (formats.md §1): insights-logs-auditevent/resourceId=/SUBSCRIPTIONS/<SUB>/RESOURCEGROUPS/
// <RG>/PROVIDERS/MICROSOFT.KEYVAULT/<VAULTS|MANAGEDHSMS>/<NAME>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json, one compact
// record per line. The blob is chosen by arrival hour, so a few records sit in the next hour's blob. One buffered
// file per resource is open during an hour, so memory does not grow with the hour's volume.
class DemoStorageTreeWriter : public DemoRecordSink
{
public:
    DemoStorageTreeWriter(std::filesystem::path root, std::size_t resourceCount);

    Status write(const DemoRecord& record) override;
    Status endHour(Timestamp hourStart) override;
    Status finish() override;
    std::uint64_t filesWritten() const override { return m_written; }

    static std::string blobPath(const std::string& storagePrefix, Timestamp hourStart);

private:
    std::filesystem::path m_root;
    std::vector<std::unique_ptr<DemoOutputFile>> m_files; // per resource, open while its blob is being written
    std::string m_line;
    std::uint64_t m_written = 0;
};

} // namespace kvw::core
