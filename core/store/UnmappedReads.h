#pragma once

namespace kvw::core {

class Database;

// While an ingest runs, its connection reads pages into its bounded page cache instead of through the memory map
// CaseFile::open sets up (kMappedReads): the index builds read the whole events table, and every mapped page they
// touched would count in the process's resident size (2 GiB at 10 M events instead of under 300 MB). The map is
// back when this ends.
class UnmappedReads
{
public:
    explicit UnmappedReads(const Database& db);
    ~UnmappedReads();
    UnmappedReads(const UnmappedReads&) = delete;
    UnmappedReads& operator=(const UnmappedReads&) = delete;

private:
    const Database& m_db;
};

} // namespace kvw::core
