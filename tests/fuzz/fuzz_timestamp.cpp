// Timestamps in every export form; a parsed value must print and parse back to itself.
#include "core/common/Timestamp.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto order : {kvw::core::DateOrder::MonthFirst, kvw::core::DateOrder::DayFirst}) {
        if (const auto t = kvw::core::parseTimestamp(text, order)) {
            const auto again = kvw::core::parseTimestamp(t->toIso());
            if (!again || *again != *t) {
                std::abort();
            }
        }
    }
    (void)kvw::core::parseDurationTicks(text);
    return 0;
}
