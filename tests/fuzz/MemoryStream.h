#pragma once

#include "core/ingest/InputStream.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace kvw::fuzz {

// An InputStream over the fuzzer's buffer, delivered in small pieces to exercise buffer boundaries.
inline core::InputStream memoryStream(const std::uint8_t* data, std::size_t size)
{
    auto pos = std::make_shared<std::size_t>(0);
    return core::InputStream(
        [data, size, pos](char* out, std::size_t cap) -> core::Result<std::size_t> {
            const std::size_t n = std::min({cap, size - *pos, std::size_t(97)});
            std::memcpy(out, data + *pos, n);
            *pos += n;
            return n;
        },
        64);
}

} // namespace kvw::fuzz
