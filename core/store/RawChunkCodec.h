#pragma once

#include "core/common/Result.h"

#include <string>
#include <string_view>
#include <vector>

namespace kvw::core {

// Original records are kept zstd-compressed in chunks of a few hundred: far better ratio than one by one.
class RawChunkCodec
{
public:
    static constexpr const char* Codec = "zstd-lp32";
    static std::string encode(const std::vector<std::string_view>& records);
    static Result<std::vector<std::string>> decode(std::string_view codec, std::string_view data);
};

} // namespace kvw::core
