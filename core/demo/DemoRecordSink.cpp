#include "core/demo/DemoRecordSink.h"

namespace kvw::core {

DemoRecordSink::~DemoRecordSink() = default;

Status DemoRecordSink::endHour(Timestamp /*hourStart*/)
{
    return {};
}

} // namespace kvw::core
