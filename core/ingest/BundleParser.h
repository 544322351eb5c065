#pragma once

#include "core/ingest/IngestCommand.h"

#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

namespace kvw::core {

class AuxiliaryImporter;
struct IngestOptions;

// Reads a bundle into IngestCommands without touching the case, so it can run on a thread of its own while the
// writer stores what it read before (IngestPipeline). Commands are handed on in packets of up to maxPacket; a
// threat-intel list, which is stored as it is read, goes as an OnWriter task that the parser waits for.
class BundleParser
{
public:
    // Takes the packet's commands (it may leave the packet empty or not; the parser clears it).
    using PacketSink = std::function<void(IngestPacket&)>;
    using CancelCheck = std::function<bool()>;

    // `complete` holds completeKey() of every file the case holds completely; with options.skipUnchanged those are
    // reported unchanged and not read. `aux` (may be null) recognises text lists on the parser's thread
    // (looksLikeTextList must not touch the case) and imports them in OnWriter tasks on the writer's.
    BundleParser(const IngestOptions& options, AuxiliaryImporter* aux, std::unordered_set<std::string> complete,
                 CancelCheck cancelled);
    BundleParser(const BundleParser&) = delete;
    BundleParser& operator=(const BundleParser&) = delete;
    ~BundleParser();

    void run(const std::vector<std::string>& paths, const PacketSink& sink, std::size_t maxPacket);

    static std::string completeKey(const std::string& path, const std::string& fingerprint);

private:
    class RecordingConsumer;
    class TextListImporter;
    friend class RecordingConsumer;
    friend class TextListImporter;

    void emit(IngestCommand command);
    void deliver();
    Status readEntry(const InputEntry& entry, InputStream& in);

    const IngestOptions& m_options;
    AuxiliaryImporter* m_aux;
    std::unordered_set<std::string> m_complete;
    CancelCheck m_cancelled;
    const PacketSink* m_sink = nullptr;
    std::size_t m_maxPacket = 1;
    IngestPacket m_packet;
};

} // namespace kvw::core
