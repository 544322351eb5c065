#pragma once

#include "core/common/Result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace kvw::core {

// A buffered byte stream over a pull function (a file, an archive member, a decompressor). Never holds more
// than its buffer plus the longest line, and enforces the line limit so a 100 MB line is an error, not an OOM.
class InputStream
{
public:
    // Fills `buffer` with up to `capacity` bytes; returns the count (0 at the end) or an error (truncated archive).
    using Pull = std::function<Result<std::size_t>(char* buffer, std::size_t capacity)>;

    explicit InputStream(Pull pull, std::size_t bufferSize = 1 << 20);

    // Up to n bytes from the current position without consuming them (fewer at the end of the stream).
    Result<std::string_view> peek(std::size_t n);

    enum class LineStatus { Line, End, TooLong };
    // Reads one line without its "\n" (and "\r"). A line over maxLength is skipped whole and reported TooLong.
    Result<LineStatus> readLine(std::string& line, std::size_t maxLength);

    // Reads up to n bytes.
    Result<std::size_t> read(char* out, std::size_t n);

    std::uint64_t consumed() const { return m_consumed; }
    // 1-based number of the line the next byte belongs to, when read through readLine/read.
    std::int64_t lineNumber() const { return m_line; }

private:
    Status fill(std::size_t want);

    Pull m_pull;
    // Not a std::string: a zero-filled megabyte per input file showed up as a third of the ingest of small files.
    std::unique_ptr<char[]> m_buf;
    std::size_t m_capacity = 0;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    bool m_eof = false;
    std::uint64_t m_consumed = 0;
    std::int64_t m_line = 1;
};

} // namespace kvw::core
