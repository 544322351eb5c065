#pragma once

#include "core/ingest/IngestCommand.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace kvw::core {

// Hands packets from the parse thread to the writer thread. push() waits while `capacity` packets are waiting, so
// at most that many (plus the one each side holds) are in memory however far the parser could run ahead.
class IngestPacketQueue
{
public:
    explicit IngestPacketQueue(std::size_t capacity);

    void push(IngestPacket packet);
    // No more packets will come: pop() returns empty once the waiting ones are taken.
    void close();
    std::optional<IngestPacket> pop();

private:
    std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<IngestPacket> m_packets;
    bool m_closed = false;
};

} // namespace kvw::core
