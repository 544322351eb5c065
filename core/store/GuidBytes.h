#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace kvw::core {

// A GUID in its canonical lower-case text (8-4-4-4-12 hex digits) as 16 bytes, which event_rows stores in 16 bytes
// instead of 36 (a correlation id is one per event). Any other text, upper case included, is not packed: the events
// view turns the bytes back into exactly the text that came in (Schema: guidText).
class GuidBytes
{
public:
    using Bytes = std::array<unsigned char, 16>;
    static std::optional<Bytes> pack(std::string_view text);
};

} // namespace kvw::core
