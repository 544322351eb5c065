#include "core/ingest/InputStream.h"

#include <algorithm>
#include <cstring>

namespace kvw::core {

InputStream::InputStream(Pull pull, std::size_t bufferSize)
    : m_pull(std::move(pull)), m_buf(new char[std::max<std::size_t>(bufferSize, 1)]),
      m_capacity(std::max<std::size_t>(bufferSize, 1))
{
}

Status InputStream::fill(std::size_t want)
{
    while (!m_eof && m_end - m_begin < want) {
        if (m_begin > 0) {
            std::memmove(m_buf.get(), m_buf.get() + m_begin, m_end - m_begin);
            m_end -= m_begin;
            m_begin = 0;
        }
        if (m_end == m_capacity || want > m_capacity) {
            const std::size_t grown = std::max(m_capacity * 2, want);
            std::unique_ptr<char[]> bigger(new char[grown]);
            std::memcpy(bigger.get(), m_buf.get(), m_end);
            m_buf = std::move(bigger);
            m_capacity = grown;
        }
        auto got = m_pull(m_buf.get() + m_end, m_capacity - m_end);
        if (!got) {
            m_eof = true;
            return got.error();
        }
        if (*got == 0) {
            m_eof = true;
        }
        m_end += *got;
    }
    return {};
}

Result<std::string_view> InputStream::peek(std::size_t n)
{
    if (auto st = fill(n); !st) {
        return st.error();
    }
    return std::string_view(m_buf.get() + m_begin, std::min(n, m_end - m_begin));
}

Result<std::size_t> InputStream::read(char* out, std::size_t n)
{
    if (m_begin == m_end) {
        if (auto st = fill(1); !st) {
            return st.error();
        }
    }
    const std::size_t take = std::min(n, m_end - m_begin);
    std::memcpy(out, m_buf.get() + m_begin, take);
    m_line += std::count(m_buf.get() + m_begin, m_buf.get() + m_begin + take, '\n');
    m_begin += take;
    m_consumed += take;
    return take;
}

Result<InputStream::LineStatus> InputStream::readLine(std::string& line, std::size_t maxLength)
{
    line.clear();
    bool tooLong = false;
    bool any = false;
    for (;;) {
        if (m_begin == m_end) {
            if (auto st = fill(1); !st) {
                return st.error();
            }
            if (m_begin == m_end) {
                if (!any) {
                    return LineStatus::End;
                }
                break;
            }
        }
        any = true;
        const char* start = m_buf.get() + m_begin;
        const auto* nl = static_cast<const char*>(std::memchr(start, '\n', m_end - m_begin));
        const std::size_t len = nl ? static_cast<std::size_t>(nl - start) : m_end - m_begin;
        if (!tooLong) {
            if (line.size() + len > maxLength) {
                tooLong = true;
                line.clear();
                line.shrink_to_fit();
            } else {
                line.append(start, len);
            }
        }
        m_begin += len;
        m_consumed += len;
        if (nl) {
            ++m_begin;
            ++m_consumed;
            ++m_line;
            break;
        }
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return tooLong ? LineStatus::TooLong : LineStatus::Line;
}

} // namespace kvw::core
