#pragma once

#include "core/common/Result.h"
#include "core/ingest/InputStream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kvw::core {

// Streaming RFC 4180 reader: quoted fields with "" escapes, commas and line breaks inside quotes, CRLF or LF
// record ends, a leading UTF-8 BOM. Memory is bounded by the row limit: a longer row is an error, not an OOM.
// Cells are returned as read; comparing their count with the header is the caller's business.
class CsvReader
{
public:
    static constexpr std::size_t DefaultMaxRowBytes = std::size_t{16} << 20;

    explicit CsvReader(InputStream& in, std::size_t maxRowBytes = DefaultMaxRowBytes);

    // Reads the next row into `cells`: true when there is one, false at the end of the input. Blank lines are
    // skipped. An error with code Format (malformed quoting) or Limit (row over the limit) concerns that row only:
    // the reader has moved past it and next() can go on. Any other error (Io) is fatal. Errors carry the row's
    // line but no file name.
    Result<bool> next(std::vector<std::string>& cells);

    // 1-based line on which the row last returned (or failed) starts.
    std::int64_t rowLine() const { return m_rowLine; }
    std::size_t maxRowBytes() const { return m_maxRowBytes; }

private:
    // Makes at least one byte available; false at the end or on an Io error (kept in m_ioError).
    bool fill();

    InputStream& m_in;
    std::size_t m_maxRowBytes;
    std::string m_buf;
    std::size_t m_pos = 0;
    std::size_t m_len = 0;
    bool m_eof = false;
    bool m_started = false;
    bool m_ioFailed = false;
    Error m_ioError;
    std::int64_t m_line = 1;
    std::int64_t m_rowLine = 0;
};

} // namespace kvw::core
