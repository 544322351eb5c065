#pragma once

#include "core/common/Result.h"

#include <string>

namespace kvw::core {

// "Save case as": a consistent, self-contained copy of a case for another analyst. A case is a WAL database, so
// copying the file could miss committed pages still in the -wal file (or catch a write half done); VACUUM INTO
// writes a compacted snapshot through SQLite instead, into a temporary file that is renamed over the target at the end.
class CaseCopy
{
public:
    static Status save(const std::string& sourcePath, const std::string& targetPath);
};

} // namespace kvw::core
