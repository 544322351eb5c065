#include "core/store/RawChunkCodec.h"

#include <cstdint>
#include <memory>
#include <zstd.h>

namespace kvw::core {

std::string RawChunkCodec::encode(const std::vector<std::string_view>& records)
{
    std::string plain;
    std::size_t total = 0;
    for (const auto r : records) {
        total += r.size() + 4;
    }
    plain.reserve(total);
    for (const auto r : records) {
        const auto n = static_cast<std::uint32_t>(r.size());
        for (int i = 0; i < 4; ++i) {
            plain.push_back(static_cast<char>((n >> (8 * i)) & 0xffU));
        }
        plain.append(r);
    }
    // Level 1: on audit records it compresses as well as level 3 (about 12:1) at about half the CPU.
    constexpr int kLevel = 1;
    // One compression context per thread: creating one per chunk cost as much as compressing a small file's chunk.
    thread_local std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(ZSTD_createCCtx(), &ZSTD_freeCCtx);
    std::string out(ZSTD_compressBound(plain.size()), '\0');
    const std::size_t n =
        context ? ZSTD_compressCCtx(context.get(), out.data(), out.size(), plain.data(), plain.size(), kLevel)
                : ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), kLevel);
    out.resize(ZSTD_isError(n) ? 0 : n);
    return out;
}

Result<std::vector<std::string>> RawChunkCodec::decode(std::string_view codec, std::string_view data)
{
    if (codec != Codec) {
        return Error{Error::Code::Format, "", 0, "unknown raw-record codec " + std::string(codec)};
    }
    const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ULL << 32)) {
        return Error{Error::Code::Format, "", 0, "corrupt raw-record chunk"};
    }
    std::string plain(size, '\0');
    const std::size_t n = ZSTD_decompress(plain.data(), plain.size(), data.data(), data.size());
    if (ZSTD_isError(n) || n != size) {
        return Error{Error::Code::Format, "", 0, "corrupt raw-record chunk"};
    }
    std::vector<std::string> records;
    std::size_t pos = 0;
    while (pos + 4 <= plain.size()) {
        std::uint32_t len = 0;
        for (int i = 0; i < 4; ++i) {
            len |= static_cast<std::uint32_t>(static_cast<unsigned char>(plain[pos + static_cast<std::size_t>(i)]))
                   << (8 * i);
        }
        pos += 4;
        if (pos + len > plain.size()) {
            return Error{Error::Code::Format, "", 0, "corrupt raw-record chunk"};
        }
        records.emplace_back(plain.substr(pos, len));
        pos += len;
    }
    return records;
}

} // namespace kvw::core
