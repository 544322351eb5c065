#pragma once

#include "core/common/Result.h"
#include "core/demo/DemoRecord.h"

#include <cstdint>

namespace kvw::core {

// Receives the record stream in arrival order. Records of one blob hour come together: endHour(h) follows the
// last record whose blobHour is h. Writers keep at most an hour (or a file) of state, so memory stays constant.
class DemoRecordSink
{
public:
    virtual ~DemoRecordSink();
    virtual Status write(const DemoRecord& record) = 0;
    virtual Status endHour(Timestamp hourStart);
    virtual Status finish() = 0;
    virtual std::uint64_t filesWritten() const { return 0; }
};

} // namespace kvw::core
