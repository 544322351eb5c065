#include "core/ingest/FormatSniffer.h"

#include "core/ingest/AuxiliaryImporter.h"
#include "core/ingest/IngestPipeline.h"
#include "core/ingest/JsonRecordReader.h"

namespace kvw::core {
namespace {

std::string_view trimmedHead(std::string_view head)
{
    if (head.substr(0, 3) == "\xEF\xBB\xBF") {
        head.remove_prefix(3);
    }
    while (!head.empty() && (head.front() == ' ' || head.front() == '\t' || head.front() == '\r' ||
                             head.front() == '\n')) {
        head.remove_prefix(1);
    }
    return head;
}

// Share of bytes that no text export contains (NUL and most C0 controls).
bool looksBinary(std::string_view head)
{
    std::size_t odd = 0;
    for (const char ch : head) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == 0) {
            return true;
        }
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
            ++odd;
        }
    }
    return !head.empty() && odd * 20 > head.size();
}

} // namespace

FormatSniffer::Kind FormatSniffer::sniff(std::string_view raw, const AuxiliaryImporter* aux)
{
    const std::string_view head = trimmedHead(raw);
    if (head.empty()) {
        return Kind::Empty;
    }
    if (looksBinary(raw)) {
        return Kind::Binary;
    }
    if (head.front() == '{' || head.front() == '[') {
        return Kind::Json;
    }
    if (aux && aux->looksLikeTextList(head)) {
        return Kind::TextList;
    }
    const std::string_view firstLine = head.substr(0, head.find('\n'));
    if (firstLine.find(',') != std::string_view::npos) {
        return Kind::Csv;
    }
    return Kind::Unknown;
}

Status FormatSniffer::dispatch(InputStream& in, const std::string& path, RecordConsumer& consumer,
                               const IngestOptions& options, AuxiliaryImporter* aux, std::int64_t fileId,
                               const std::function<void(const std::string&)>& setFormatName)
{
    auto head = in.peek(64 * 1024);
    if (!head) {
        return head.error();
    }
    switch (sniff(*head, aux)) {
    case Kind::Empty:
        setFormatName("empty");
        return {};
    case Kind::Binary:
        setFormatName("binary");
        return Error{Error::Code::Format, path, 0, "binary content, not a log export (skipped)"};
    case Kind::Json:
        return JsonRecordReader::read(in, path, consumer, options.json);
    case Kind::TextList: {
        setFormatName("threat-intel-list");
        auto n = aux->importTextList(in, path, fileId);
        if (!n) {
            return n.error();
        }
        consumer.otherRecordsStored(*n);
        return {};
    }
    case Kind::Csv:
        return readCsv(in, path, consumer, options);
    case Kind::Unknown:
        break;
    }
    setFormatName("unknown");
    return Error{Error::Code::Format, path, 0, "unrecognised content: not JSON, CSV or a threat-intel list (skipped)"};
}

} // namespace kvw::core
