#include "core/store/DedupKeySet.h"

namespace kvw::core {
namespace {

constexpr std::size_t kInitialShardSlots = 1024;

} // namespace

DedupKeySet::DedupKeySet() : m_shards(std::size_t(1) << kShardBits) {}

std::size_t DedupKeySet::slotOf(std::uint64_t key, std::size_t capacity)
{
    // The shard took the top bits; the low bits are as well mixed. Capacity is a power of two.
    return static_cast<std::size_t>(key) & (capacity - 1);
}

bool DedupKeySet::contains(std::int64_t signedKey) const
{
    const auto key = static_cast<std::uint64_t>(signedKey);
    if (key == 0) {
        return m_hasZero;
    }
    const Shard& shard = shardOf(key);
    const std::size_t capacity = shard.slots.size();
    if (capacity == 0) {
        return false;
    }
    for (std::size_t i = slotOf(key, capacity);; i = (i + 1) & (capacity - 1)) {
        const std::uint64_t slot = shard.slots[i];
        if (slot == key) {
            return true;
        }
        if (slot == 0) {
            return false;
        }
    }
}

bool DedupKeySet::insert(std::int64_t signedKey)
{
    const auto key = static_cast<std::uint64_t>(signedKey);
    if (key == 0) {
        const bool added = !m_hasZero;
        m_hasZero = true;
        m_size += added ? 1 : 0;
        return added;
    }
    Shard& shard = shardOf(key);
    // At most three quarters full: linear probing stays at a few probes a lookup.
    if ((shard.used + 1) * 4 > shard.slots.size() * 3) {
        grow(shard);
    }
    const std::size_t capacity = shard.slots.size();
    for (std::size_t i = slotOf(key, capacity);; i = (i + 1) & (capacity - 1)) {
        std::uint64_t& slot = shard.slots[i];
        if (slot == key) {
            return false;
        }
        if (slot == 0) {
            slot = key;
            ++shard.used;
            ++m_size;
            return true;
        }
    }
}

void DedupKeySet::grow(Shard& shard)
{
    std::vector<std::uint64_t> old;
    old.swap(shard.slots);
    const std::size_t capacity = old.empty() ? kInitialShardSlots : old.size() * 2;
    shard.slots.assign(capacity, 0);
    for (const std::uint64_t key : old) {
        if (key == 0) {
            continue;
        }
        std::size_t i = slotOf(key, capacity);
        while (shard.slots[i] != 0) {
            i = (i + 1) & (capacity - 1);
        }
        shard.slots[i] = key;
    }
}

void DedupKeySet::clear()
{
    for (Shard& shard : m_shards) {
        std::vector<std::uint64_t>().swap(shard.slots);
        shard.used = 0;
    }
    m_size = 0;
    m_hasZero = false;
}

} // namespace kvw::core
