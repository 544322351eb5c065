#include "core/ingest/JsonRecordReader.h"

#include "core/common/Utf8.h"
#include "core/ingest/JsonRecordRouter.h"
#include "core/ingest/RawRecordNormaliser.h"

#include <nlohmann/json.hpp>

#include <array>

namespace kvw::core {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool blank(const std::string& s)
{
    for (const char c : s) {
        if (!isSpace(c)) {
            return false;
        }
    }
    return true;
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, column 5: ..." (or
// "[json.exception.out_of_range.406] number overflow parsing '9e4652'" for a number no double holds).
std::string parseMessage(const nlohmann::json::exception& e)
{
    std::string m = e.what();
    const auto p = m.find("] ");
    if (p != std::string::npos) {
        m = m.substr(p + 2);
    }
    return "malformed JSON: " + m;
}

class Emitter
{
public:
    explicit Emitter(RecordConsumer& c) : m_consumer(c) {}

    void emit(const std::string& text, std::int64_t line, JsonRecordRouter::Container container)
    {
        // Plain raw records (nearly every line of a storage bundle) take the simdjson path; it gives what the route
        // below would, and declines whatever it is not sure about.
        if (auto fast = RawRecordNormaliser::normaliseText(text)) {
            using C = JsonRecordRouter::Container;
            m_consumer.setFormat(container == C::Line           ? SourceFormat::RawJsonLines
                                 : container == C::ArrayElement ? SourceFormat::RawArray
                                                                : SourceFormat::RawRecords);
            switch (fast->kind) {
            case RecordOutcome::Kind::Accepted:
                m_consumer.event(std::move(fast->event), line, text);
                break;
            case RecordOutcome::Kind::Skipped:
                m_consumer.skipped(line, fast->reason);
                break;
            case RecordOutcome::Kind::Rejected:
                m_consumer.rejected(line, fast->reason);
                break;
            }
            return;
        }
        nlohmann::json obj;
        try {
            obj = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& e) { // parse_error, or out_of_range for a number overflow
            // Invalid UTF-8 in a value must not cost the record: its fields are read with U+FFFD in place of
            // the bad bytes, while the original record is kept byte for byte.
            if (Utf8::isValid(text)) {
                m_consumer.rejected(line, parseMessage(e));
                return;
            }
            try {
                obj = nlohmann::json::parse(Utf8::repaired(text));
            } catch (const nlohmann::json::exception& e2) {
                m_consumer.rejected(line, parseMessage(e2));
                return;
            }
        }
        JsonRecordRouter::route(obj, text, line, container, m_consumer);
    }

private:
    RecordConsumer& m_consumer;
};

// The streaming splitter for documents (see the header): tracks strings, escapes and nesting, and cuts out each
// record's text. In a top-level object whose first key is "records", the array elements are the records.
class DocumentSplitter
{
public:
    DocumentSplitter(const std::string& path, RecordConsumer& consumer, const JsonRecordReader::Limits& limits)
        : m_path(path), m_consumer(consumer), m_emitter(consumer), m_limits(limits)
    {
    }

    Status feed(std::string_view data)
    {
        for (const char c : data) {
            if (auto st = step(c); !st) {
                return st;
            }
        }
        return {};
    }

    void finish()
    {
        if (m_depth > 0) {
            m_consumer.rejected(m_collecting ? m_startLine : m_line,
                                "truncated JSON document: it ends inside a record (records before it were kept)");
        }
    }

private:
    enum class Mode { Top, Whole, Array, Records };
    enum class FirstKey { Expect, Reading, Read, RecordsColon, Done };

    bool atElementDepth() const
    {
        return (m_mode == Mode::Array && m_depth == 1) || (m_mode == Mode::Records && m_depth == 2);
    }

    Status append(char c)
    {
        m_cur.push_back(c);
        const std::size_t limit = m_mode == Mode::Whole ? m_limits.maxDocumentBytes : m_limits.maxRecordBytes;
        if (m_cur.size() > limit) {
            return Error{Error::Code::Limit, m_path, m_startLine,
                         "record larger than " + std::to_string(limit >> 20) + " MiB; rest of the file skipped"};
        }
        return {};
    }

    Status step(char c)
    {
        if (c == '\n') {
            ++m_line;
        }
        if (m_inString) {
            if (m_firstKey == FirstKey::Reading && !(c == '"' && !m_escape)) {
                m_key.push_back(c);
            }
            if (m_escape) {
                m_escape = false;
            } else if (c == '\\') {
                m_escape = true;
            } else if (c == '"') {
                m_inString = false;
                if (m_firstKey == FirstKey::Reading) {
                    m_firstKey = FirstKey::Read;
                }
            }
            return m_collecting ? append(c) : Status{};
        }
        switch (c) {
        case '"':
            m_inString = true;
            if (m_mode == Mode::Whole && m_depth == 1 && m_firstKey == FirstKey::Expect) {
                m_firstKey = FirstKey::Reading;
                m_key.clear();
            }
            return m_collecting ? append(c) : Status{};
        case '{':
        case '[':
            return open(c);
        case '}':
        case ']':
            return close(c);
        case ':':
            if (m_mode == Mode::Whole && m_depth == 1 && m_firstKey == FirstKey::Read) {
                m_firstKey = m_key == "records" ? FirstKey::RecordsColon : FirstKey::Done;
            }
            return m_collecting ? append(c) : Status{};
        default:
            if (m_collecting) {
                return append(c);
            }
            if (m_depth == 0 && !isSpace(c) && c != ',') {
                return Error{Error::Code::Format, m_path, m_line, "unexpected text between JSON documents"};
            }
            return {};
        }
    }

    Status open(char c)
    {
        if (m_depth == 0) {
            m_depth = 1;
            if (c == '{') {
                m_mode = Mode::Whole;
                m_collecting = true;
                m_cur.assign(1, c);
                m_startLine = m_line;
                m_firstKey = FirstKey::Expect;
            } else {
                m_mode = Mode::Array;
                m_collecting = false;
            }
            return {};
        }
        if (m_mode == Mode::Whole && m_depth == 1 && m_firstKey == FirstKey::RecordsColon) {
            m_firstKey = FirstKey::Done;
            if (c == '[') {
                // {"records":[ … ]}: stop keeping the wrapper, keep each element instead.
                m_mode = Mode::Records;
                m_collecting = false;
                m_cur.clear();
                m_cur.shrink_to_fit();
                m_depth = 2;
                return {};
            }
        }
        if (atElementDepth()) {
            m_collecting = true;
            m_cur.assign(1, c);
            m_startLine = m_line;
            ++m_depth;
            return {};
        }
        ++m_depth;
        return m_collecting ? append(c) : Status{};
    }

    Status close(char c)
    {
        if (m_depth == 0) {
            return Error{Error::Code::Format, m_path, m_line, std::string("unbalanced '") + c + "'"};
        }
        --m_depth;
        if (m_collecting) {
            if (auto st = append(c); !st) {
                return st;
            }
        }
        if (atElementDepth() && m_collecting) {
            m_emitter.emit(m_cur, m_startLine,
                           m_mode == Mode::Array ? JsonRecordRouter::Container::ArrayElement
                                                 : JsonRecordRouter::Container::Document);
            m_collecting = false;
            m_cur.clear();
            return {};
        }
        if (m_depth == 0) {
            if (m_mode == Mode::Whole) {
                m_emitter.emit(m_cur, m_startLine, JsonRecordRouter::Container::Document);
            }
            m_mode = Mode::Top;
            m_collecting = false;
            m_cur.clear();
            m_cur.shrink_to_fit();
        }
        return {};
    }

    const std::string& m_path;
    RecordConsumer& m_consumer;
    Emitter m_emitter;
    const JsonRecordReader::Limits& m_limits;
    Mode m_mode = Mode::Top;
    FirstKey m_firstKey = FirstKey::Done;
    std::string m_key;
    std::string m_cur;
    int m_depth = 0;
    bool m_inString = false;
    bool m_escape = false;
    bool m_collecting = false;
    std::int64_t m_line = 1;
    std::int64_t m_startLine = 1;
};

bool parsesAsObject(const std::string& line)
{
    if (line.empty() || line.front() != '{') {
        return false;
    }
    return nlohmann::json::accept(line);
}

} // namespace

Status JsonRecordReader::read(InputStream& in, const std::string& path, RecordConsumer& consumer, const Limits& limits)
{
    auto head = in.peek(3);
    if (!head) {
        return head.error();
    }
    if (head->size() == 3 && head->substr(0, 3) == "\xEF\xBB\xBF") {
        std::array<char, 3> bom{};
        (void)in.read(bom.data(), bom.size());
    }
    // Decide between JSON Lines and a document from the first two non-blank lines.
    std::string first;
    std::int64_t firstLine = 0;
    for (;;) {
        auto st = in.readLine(first, limits.maxLineBytes);
        if (!st) {
            return st.error();
        }
        ++firstLine;
        if (*st == InputStream::LineStatus::End) {
            return {};
        }
        if (*st == InputStream::LineStatus::TooLong) {
            return Error{Error::Code::Limit, path, firstLine, "first line longer than the line limit"};
        }
        if (!blank(first)) {
            break;
        }
    }
    std::size_t lead = 0;
    while (lead < first.size() && isSpace(first[lead])) {
        ++lead;
    }
    first.erase(0, lead);
    std::string second;
    bool lineMode = parsesAsObject(first);
    std::optional<InputStream::LineStatus> secondStatus;
    if (!lineMode && !first.empty() && first.front() == '{') {
        // A broken first record in a JSON Lines file should not turn the whole file into one document.
        auto st = in.readLine(second, limits.maxLineBytes);
        if (!st) {
            return st.error();
        }
        secondStatus = *st;
        lineMode = *st == InputStream::LineStatus::Line && parsesAsObject(second);
    }
    Emitter emitter(consumer);
    if (lineMode) {
        std::int64_t lineNo = firstLine;
        auto handle = [&](const std::string& line, std::int64_t n) {
            if (blank(line)) {
                return;
            }
            emitter.emit(line, n, JsonRecordRouter::Container::Line);
        };
        handle(first, lineNo);
        if (secondStatus) {
            ++lineNo;
            handle(second, lineNo);
        }
        std::string line;
        for (;;) {
            auto st = in.readLine(line, limits.maxLineBytes);
            if (!st) {
                return st.error();
            }
            if (*st == InputStream::LineStatus::End) {
                break;
            }
            ++lineNo;
            if (*st == InputStream::LineStatus::TooLong) {
                consumer.rejected(lineNo, "line longer than " + std::to_string(limits.maxLineBytes >> 20) +
                                              " MiB; skipped");
                continue;
            }
            handle(line, lineNo);
            if ((lineNo & 1023) == 0 && consumer.cancelled()) {
                return Error{Error::Code::Cancelled, path, lineNo, "cancelled"};
            }
        }
        return {};
    }
    if (first.empty() || (first.front() != '{' && first.front() != '[')) {
        return Error{Error::Code::Format, path, firstLine, "not JSON"};
    }
    DocumentSplitter splitter(path, consumer, limits);
    // Replays the lines already read so that line numbers stay right.
    std::string replay(static_cast<std::size_t>(firstLine - 1), '\n');
    replay += first;
    replay += '\n';
    if (secondStatus && *secondStatus != InputStream::LineStatus::End) {
        replay += second;
        replay += '\n';
    }
    if (auto st = splitter.feed(replay); !st) {
        return st;
    }
    std::string chunk(1 << 16, '\0');
    for (;;) {
        auto n = in.read(chunk.data(), chunk.size());
        if (!n) {
            splitter.finish();
            return n.error();
        }
        if (*n == 0) {
            break;
        }
        if (auto st = splitter.feed(std::string_view(chunk.data(), *n)); !st) {
            return st;
        }
        if (consumer.cancelled()) {
            return Error{Error::Code::Cancelled, path, 0, "cancelled"};
        }
    }
    splitter.finish();
    return {};
}

} // namespace kvw::core
