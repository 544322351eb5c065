#include "core/common/Clock.h"

#include <chrono>

namespace kvw::core {

Timestamp SystemClock::now() const
{
    const auto since = std::chrono::system_clock::now().time_since_epoch();
    return Timestamp::fromTicks(std::chrono::duration_cast<std::chrono::nanoseconds>(since).count() / 100);
}

} // namespace kvw::core
