#include "core/demo/DemoEventHubWriter.h"

#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoRecordJson.h"
#include "core/demo/DemoTime.h"

#include <cstdio>

namespace kvw::core {

Status DemoEventHubWriter::write(const DemoRecord& record)
{
    if (!m_file.isOpen()) {
        const DemoTime::Civil c = DemoTime::civil(record.blobHour);
        char name[96];
        std::snprintf(name, sizeof name, "eventhub/insights-logs-auditevent/%04d-%02d-%02d/%04d-%02d-%02dT%02d.json",
                      c.year, c.month, c.day, c.year, c.month, c.day, c.hour);
        Status s = m_file.open(m_root / name);
        if (!s) {
            return s;
        }
        ++m_files;
    }
    m_buffer.clear();
    if (m_inMessage == MaxRecordsPerMessage) {
        m_buffer += "]}\n";
        m_inMessage = 0;
    }
    m_buffer += m_inMessage == 0 ? "{\"records\":[" : ",";
    DemoRecordJson::appendRecord(m_buffer, record);
    ++m_inMessage;
    m_file.write(m_buffer);
    return {};
}

Status DemoEventHubWriter::endHour(Timestamp /*hourStart*/)
{
    if (!m_file.isOpen()) {
        return {};
    }
    if (m_inMessage > 0) {
        m_file.write("]}\n");
        m_inMessage = 0;
    }
    return m_file.close();
}

} // namespace kvw::core
