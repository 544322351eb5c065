#include "core/demo/DemoStorageTreeWriter.h"

#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoRecordJson.h"
#include "core/demo/DemoTime.h"
#include "core/demo/DemoWorld.h"

#include <cstdio>

namespace kvw::core {

DemoStorageTreeWriter::DemoStorageTreeWriter(std::filesystem::path root, std::size_t resourceCount)
    : m_root(std::move(root))
{
    for (std::size_t i = 0; i < resourceCount; ++i) {
        m_files.push_back(std::make_unique<DemoOutputFile>());
    }
}

std::string DemoStorageTreeWriter::blobPath(const std::string& storagePrefix, Timestamp hourStart)
{
    const DemoTime::Civil c = DemoTime::civil(hourStart);
    char buf[64];
    std::snprintf(buf, sizeof buf, "/y=%04d/m=%02d/d=%02d/h=%02d/m=00/PT1H.json", c.year, c.month, c.day, c.hour);
    return "insights-logs-auditevent/" + storagePrefix + buf;
}

Status DemoStorageTreeWriter::write(const DemoRecord& record)
{
    DemoOutputFile& file = *m_files[static_cast<std::size_t>(record.resource->index)];
    if (!file.isOpen()) {
        Status s = file.open(m_root / blobPath(record.resource->storagePrefix, record.blobHour));
        if (!s) {
            return s;
        }
        ++m_written;
    }
    m_line.clear();
    DemoRecordJson::appendRecord(m_line, record);
    m_line.push_back('\n');
    file.write(m_line);
    return {};
}

Status DemoStorageTreeWriter::endHour(Timestamp /*hourStart*/)
{
    for (auto& file : m_files) {
        if (file->isOpen()) {
            Status s = file->close();
            if (!s) {
                return s;
            }
        }
    }
    return {};
}

Status DemoStorageTreeWriter::finish()
{
    return endHour(Timestamp());
}

} // namespace kvw::core
