#pragma once

#include "core/common/Result.h"
#include "core/ingest/InputStream.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kvw::core {

// Safety limits for what a bundle may expand to; archives are attacker-supplied.
struct BundleLimits
{
    std::uint64_t maxExpandedBytes = 1ULL << 40;     // per top-level input
    double maxExpansionRatio = 1000.0;               // expanded / on-disk bytes
    std::uint64_t ratioGraceBytes = 100ULL << 20;    // the ratio is checked once this much was expanded
    int maxNesting = 3;                              // archives inside archives
};

// One readable input: a plain file, or a member of an archive shown as "bundle.zip!folder/PT1H.json".
struct InputEntry
{
    std::string path;
    std::int64_t size = -1;       // -1 when unknown (compressed streams)
    std::string fingerprint;      // changes when the content may have changed (size, mtime, member)
};

// Walks files, folders (recursively, in name order) and archives (zip, tar, tar.gz/tgz, .gz and other libarchive
// filters, nested up to a limit), streaming every member: no archive is ever held in memory or extracted to disk.
class BundleReader
{
public:
    using Visitor = std::function<Status(const InputEntry&, InputStream&)>;
    using ErrorSink = std::function<void(const Error&)>;
    using CancelCheck = std::function<bool()>;

    explicit BundleReader(BundleLimits limits = {}) : m_limits(limits) {}

    // Calls `visit` for every readable entry; problems (unreadable file, unsafe member, truncated archive, bomb)
    // go to `errors` and the walk continues with the next entry or input.
    void read(const std::vector<std::string>& paths, const Visitor& visit, const ErrorSink& errors,
              const CancelCheck& cancelled = {}) const;

    // The plain files below a folder, in the order read() visits them.
    static std::vector<std::string> listFiles(const std::string& path);

private:
    void readFile(const std::string& path, const Visitor& visit, const ErrorSink& errors,
                  const CancelCheck& cancelled) const;

    BundleLimits m_limits;
};

} // namespace kvw::core
