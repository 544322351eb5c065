#pragma once

#include <string>
#include <vector>

namespace kvw::test {

// Writes archives for tests with libarchive: zip, tar, tar.gz, and a single .gz stream.
class ArchiveBuilder
{
public:
    enum class Kind { Zip, Tar, TarGz, Gzip };
    struct Member
    {
        std::string name;
        std::string content;
        bool symlink = false;   // content is the link target
    };

    static void write(const std::string& path, Kind kind, const std::vector<Member>& members);
    // Archive bytes in memory (for nesting).
    static std::string bytes(Kind kind, const std::vector<Member>& members);
};

} // namespace kvw::test
