#include "core/ingest/IngestPacketQueue.h"

#include <utility>

namespace kvw::core {

IngestPacketQueue::IngestPacketQueue(std::size_t capacity) : m_capacity(capacity == 0 ? 1 : capacity) {}

void IngestPacketQueue::push(IngestPacket packet)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_packets.size() < m_capacity; });
    m_packets.push_back(std::move(packet));
    lock.unlock();
    m_changed.notify_all();
}

void IngestPacketQueue::close()
{
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_changed.notify_all();
}

std::optional<IngestPacket> IngestPacketQueue::pop()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_packets.empty() || m_closed; });
    if (m_packets.empty()) {
        return std::nullopt;
    }
    IngestPacket packet = std::move(m_packets.front());
    m_packets.pop_front();
    lock.unlock();
    m_changed.notify_all();
    return packet;
}

} // namespace kvw::core
