#include "core/ingest/CsvReader.h"

#include <algorithm>
#include <cstring>

namespace kvw::core {
namespace {

constexpr std::size_t ChunkSize = 64 * 1024;
// Every cell costs its string object too, so a row of a million commas hits the limit as well.
constexpr std::size_t CellOverhead = sizeof(std::string);

std::string mebibytes(std::size_t bytes)
{
    if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0) {
        return std::to_string(bytes >> 20) + " MiB";
    }
    return std::to_string(bytes) + " bytes";
}

} // namespace

CsvReader::CsvReader(InputStream& in, std::size_t maxRowBytes)
    : m_in(in), m_maxRowBytes(maxRowBytes), m_line(in.lineNumber())
{
}

bool CsvReader::fill()
{
    if (m_pos < m_len) {
        return true;
    }
    if (m_eof) {
        return false;
    }
    if (m_buf.size() != ChunkSize) {
        m_buf.resize(ChunkSize);
    }
    if (!m_started) {
        m_started = true;
        // The portal and Excel write a UTF-8 BOM; it must not become part of the first column name.
        auto head = m_in.peek(3);
        if (head && *head == "\xEF\xBB\xBF") {
            char bom[3];
            (void)m_in.read(bom, 3);
        }
    }
    auto got = m_in.read(m_buf.data(), m_buf.size());
    m_pos = 0;
    m_len = 0;
    if (!got) {
        m_eof = true;
        m_ioFailed = true;
        m_ioError = got.error();
        return false;
    }
    if (*got == 0) {
        m_eof = true;
        return false;
    }
    m_len = *got;
    return true;
}

Result<bool> CsvReader::next(std::vector<std::string>& cells)
{
    enum class State { FieldStart, Unquoted, Quoted, AfterQuote };

    for (;;) {
        cells.clear();
        cells.emplace_back();
        m_rowLine = m_line;
        State state = State::FieldStart;
        std::size_t rowBytes = CellOverhead;
        bool any = false;
        bool quoted = false;
        bool overLimit = false;
        bool malformed = false;
        bool pendingCr = false; // a '\r' outside quotes, dropped when a '\n' follows (CRLF)
        bool rowEnded = false;

        auto exceed = [&] {
            overLimit = true;
            cells.clear();
            cells.shrink_to_fit();
        };
        auto append = [&](const char* data, std::size_t n) {
            if (overLimit || n == 0) {
                return;
            }
            rowBytes += n;
            if (rowBytes > m_maxRowBytes) {
                exceed();
                return;
            }
            cells.back().append(data, n);
        };
        auto newCell = [&] {
            if (overLimit) {
                return;
            }
            rowBytes += CellOverhead;
            if (rowBytes > m_maxRowBytes) {
                exceed();
                return;
            }
            cells.emplace_back();
        };

        while (!rowEnded && fill()) {
            any = true;
            const char* const begin = m_buf.data() + m_pos;
            const char* const end = m_buf.data() + m_len;
            // Runs of ordinary bytes are copied at once; only the bytes that change state go one by one.
            if (state == State::Quoted) {
                const auto* quote =
                    static_cast<const char*>(std::memchr(begin, '"', static_cast<std::size_t>(end - begin)));
                const char* stop = quote ? quote : end;
                m_line += std::count(begin, stop, '\n');
                append(begin, static_cast<std::size_t>(stop - begin));
                m_pos += static_cast<std::size_t>(stop - begin);
                if (quote) {
                    ++m_pos;
                    state = State::AfterQuote;
                }
                continue;
            }
            if (state == State::Unquoted && !pendingCr) {
                const char* stop = begin;
                while (stop < end && *stop != ',' && *stop != '\n' && *stop != '\r') {
                    ++stop;
                }
                append(begin, static_cast<std::size_t>(stop - begin));
                m_pos += static_cast<std::size_t>(stop - begin);
                if (stop == end) {
                    continue;
                }
            }
            const char ch = m_buf[m_pos++];
            if (pendingCr) {
                pendingCr = false;
                if (ch == '\n') {
                    ++m_line;
                    rowEnded = true;
                    break;
                }
                if (state == State::AfterQuote) {
                    malformed = true;
                }
                append("\r", 1); // a lone CR outside quotes is data
                state = State::Unquoted;
            }
            switch (state) {
            case State::FieldStart:
                if (ch == '"') {
                    state = State::Quoted;
                    quoted = true;
                    break;
                }
                [[fallthrough]];
            case State::Unquoted:
                if (ch == ',') {
                    newCell();
                    state = State::FieldStart;
                } else if (ch == '\n') {
                    ++m_line;
                    rowEnded = true;
                } else if (ch == '\r') {
                    pendingCr = true;
                } else {
                    // A quote inside an unquoted field is kept literally, as most producers mean it.
                    append(&ch, 1);
                    state = State::Unquoted;
                }
                break;
            case State::Quoted:
                break; // handled above
            case State::AfterQuote:
                if (ch == '"') {
                    append("\"", 1);
                    state = State::Quoted;
                } else if (ch == ',') {
                    newCell();
                    state = State::FieldStart;
                } else if (ch == '\n') {
                    ++m_line;
                    rowEnded = true;
                } else if (ch == '\r') {
                    pendingCr = true;
                } else {
                    // Text after a closing quote ("abc"def): keep reading to the row's end, then reject the row.
                    malformed = true;
                    append(&ch, 1);
                    state = State::Unquoted;
                }
                break;
            }
        }
        if (m_ioFailed) {
            Error e = m_ioError;
            if (e.line == 0) {
                e.line = m_rowLine;
            }
            return e;
        }
        if (!any) {
            cells.clear();
            return false;
        }
        if (state == State::Quoted) {
            return Error{Error::Code::Format,
                         {},
                         m_rowLine,
                         "unterminated quoted field in the row starting at line " + std::to_string(m_rowLine)};
        }
        if (overLimit) {
            cells.clear();
            return Error{Error::Code::Limit,
                         {},
                         m_rowLine,
                         "row starting at line " + std::to_string(m_rowLine) + " is longer than the " +
                             mebibytes(m_maxRowBytes) + " limit"};
        }
        if (malformed) {
            return Error{Error::Code::Format,
                         {},
                         m_rowLine,
                         "malformed quoted field (text after the closing quote) in the row starting at line " +
                             std::to_string(m_rowLine)};
        }
        if (cells.size() == 1 && cells.front().empty() && !quoted) {
            continue; // blank line
        }
        return true;
    }
}

} // namespace kvw::core
