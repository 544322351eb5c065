#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kvw::core {

// The de-duplication keys (EventFingerprint) of the events stored by one bulk load, held in memory so that the
// load needs no unique index while it runs. Keys are well-mixed 64-bit hashes, so an open-addressing table with
// linear probing is enough; it is split into shards that grow one at a time, so growing never holds two copies of
// the whole set: 11 to 21 bytes a key.
class DedupKeySet
{
public:
    DedupKeySet();

    bool contains(std::int64_t key) const;
    // False when the key was already there.
    bool insert(std::int64_t key);
    std::size_t size() const { return m_size; }
    void clear();

private:
    struct Shard
    {
        std::vector<std::uint64_t> slots; // 0 marks an empty slot; the key 0 is kept in m_hasZero
        std::size_t used = 0;
    };
    static constexpr unsigned kShardBits = 8;
    static std::size_t slotOf(std::uint64_t key, std::size_t capacity);
    Shard& shardOf(std::uint64_t key) { return m_shards[key >> (64 - kShardBits)]; }
    const Shard& shardOf(std::uint64_t key) const { return m_shards[key >> (64 - kShardBits)]; }
    static void grow(Shard& shard);

    std::vector<Shard> m_shards;
    std::size_t m_size = 0;
    bool m_hasZero = false;
};

} // namespace kvw::core
