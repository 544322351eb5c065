#include "core/ingest/BundleParser.h"

#include "core/ingest/AuxiliaryImporter.h"
#include "core/ingest/FormatSniffer.h"
#include "core/ingest/IngestPipeline.h"
#include "core/store/EventFingerprint.h"

#include <optional>
#include <utility>

namespace kvw::core {

namespace cmd = ingest_command;

// Turns each reader call into a command.
class BundleParser::RecordingConsumer final : public RecordConsumer
{
public:
    explicit RecordingConsumer(BundleParser& parser) : m_parser(parser) {}

    void setFormat(SourceFormat format) override { m_parser.emit(cmd::Format{format}); }
    void event(Event event, std::int64_t recordIndex, std::string raw) override
    {
        ++m_records;
        const std::int64_t key = EventFingerprint::of(event);
        m_parser.emit(cmd::Record{std::move(event), recordIndex, std::move(raw), key});
    }
    void skipped(std::int64_t /*recordIndex*/, const std::string& /*reason*/) override
    {
        m_parser.emit(cmd::Skipped{});
    }
    void rejected(std::int64_t recordIndex, const std::string& reason) override
    {
        m_parser.emit(cmd::Rejected{recordIndex, reason});
    }
    void otherRecord(OtherRecordKind kind, const nlohmann::json& record, std::int64_t recordIndex) override
    {
        if (m_parser.m_aux) { // without an importer the writer counts them skipped
            ++m_records;
        }
        m_parser.emit(cmd::Other{kind, record, recordIndex});
    }
    void otherRecordsStored(std::int64_t count) override
    {
        m_records += count;
        m_parser.emit(cmd::OtherStored{count});
    }
    bool cancelled() const override { return m_parser.m_cancelled && m_parser.m_cancelled(); }

    // What the writer will count as the file's records.
    std::int64_t records() const { return m_records; }

private:
    BundleParser& m_parser;
    std::int64_t m_records = 0;
};

// What FormatSniffer sees as the auxiliary importer: recognising a list is pure and runs here; storing one runs
// on the writer's thread while this one waits, reading the stream for it.
class BundleParser::TextListImporter final : public AuxiliaryImporter
{
public:
    TextListImporter(BundleParser& parser, AuxiliaryImporter& inner) : m_parser(parser), m_inner(inner) {}

    Status importRecord(OtherRecordKind, const nlohmann::json&, const std::string& path, std::int64_t line,
                        std::int64_t) override
    {
        // Readers hand such records to their consumer, which records them as commands.
        return Error{Error::Code::Usage, path, line, "records are imported by the writer"};
    }
    bool looksLikeTextList(std::string_view head) const override { return m_inner.looksLikeTextList(head); }
    Result<std::int64_t> importTextList(InputStream& in, const std::string& path, std::int64_t) override
    {
        Result<std::int64_t> imported = Error{Error::Code::Cancelled, path, 0, "cancelled"};
        std::packaged_task<void(std::int64_t)> task(
            [&](std::int64_t fileId) { imported = m_inner.importTextList(in, path, fileId); });
        auto done = task.get_future();
        m_parser.emit(cmd::OnWriter{std::move(task)});
        m_parser.deliver();
        try {
            done.get();
        } catch (const std::future_error&) {
            // The writer stopped and dropped the task: nothing was stored.
        }
        return imported;
    }
    Status finishFile(std::int64_t) override { return {}; }

private:
    BundleParser& m_parser;
    AuxiliaryImporter& m_inner;
};

BundleParser::BundleParser(const IngestOptions& options, AuxiliaryImporter* aux,
                           std::unordered_set<std::string> complete, CancelCheck cancelled)
    : m_options(options), m_aux(aux), m_complete(std::move(complete)), m_cancelled(std::move(cancelled))
{
}

BundleParser::~BundleParser() = default;

std::string BundleParser::completeKey(const std::string& path, const std::string& fingerprint)
{
    std::string key = path;
    key += '\0';
    key += fingerprint;
    return key;
}

void BundleParser::emit(IngestCommand command)
{
    m_packet.push_back(std::move(command));
    if (m_packet.size() >= m_maxPacket) {
        deliver();
    }
}

void BundleParser::deliver()
{
    if (!m_packet.empty()) {
        (*m_sink)(m_packet);
        m_packet.clear();
    }
}

Status BundleParser::readEntry(const InputEntry& entry, InputStream& in)
{
    const bool checkUnchanged = m_options.skipUnchanged && !entry.fingerprint.empty();
    std::string key = checkUnchanged ? completeKey(entry.path, entry.fingerprint) : std::string();
    if (checkUnchanged && m_complete.count(key) != 0) {
        emit(cmd::FileUnchanged{entry.path});
        return {};
    }
    emit(cmd::FileBegin{entry});
    RecordingConsumer consumer(*this);
    std::optional<TextListImporter> lists;
    if (m_aux) {
        lists.emplace(*this, *m_aux);
    }
    Status status = FormatSniffer::dispatch(in, entry.path, consumer, m_options, lists ? &*lists : nullptr, 0,
                                            [&](const std::string& name) { emit(cmd::FormatName{name}); });
    const bool cancelled = !status && status.error().code == Error::Code::Cancelled;
    if (checkUnchanged && !cancelled && (status.ok() || consumer.records() > 0)) {
        // The writer marks such a file complete (one cut short keeps what it had): met again in this run, it
        // is unchanged, as the case would say by then.
        m_complete.insert(std::move(key));
    }
    emit(cmd::FileEnd{std::move(status), in.consumed()});
    return {};
}

void BundleParser::run(const std::vector<std::string>& paths, const PacketSink& sink, std::size_t maxPacket)
{
    m_sink = &sink;
    m_maxPacket = maxPacket == 0 ? 1 : maxPacket;
    BundleReader(m_options.limits)
        .read(
            paths, [this](const InputEntry& entry, InputStream& in) { return readEntry(entry, in); },
            [this](const Error& e) { emit(cmd::Unreadable{e}); }, m_cancelled);
    deliver();
    m_sink = nullptr;
}

} // namespace kvw::core
