#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kvw::core {

// A third-party component KV Workbook ships against, for the About box, --version and the package notices.
struct ComponentLicence
{
    std::string name;    // "SQLite"
    std::string version; // the library's own version string; run-time where the library can tell
    std::string licence; // SPDX expression, e.g. "LGPL-3.0-only"
    std::string url;
};

// What was built, how and against what. Values come from CMake (installer/BuildInfo.cmake) and, for SQLite,
// libarchive and zstd, from the libraries loaded at run time.
class BuildInfo
{
public:
    static std::string version();   // "0.1.0"
    static std::string buildType(); // "RelWithDebInfo"
    static std::string compiler();  // "GNU 12.2.0"
    static std::string buildDate(); // "2026-11-23" (UTC; SOURCE_DATE_EPOCH when set)
    static std::string platform();  // "Linux x86_64"
    // Where the package installs the full licence notices (resources/licenses/*.txt).
    static std::string licenceDirectory();
    // "RelWithDebInfo, GNU 12.2.0, built 2026-11-23, Linux x86_64"
    static std::string buildLine();

    // Qt, SQLite, nlohmann/json, libarchive, zstd, simdjson, in that order. qtRuntimeVersion (qVersion() from a
    // Qt front end) replaces the compile-time Qt version when given: the core itself does not link Qt.
    static std::vector<ComponentLicence> components(std::string_view qtRuntimeVersion = {});

    // What `PROGRAM --version` prints: "PROGRAM 0.1.0\nbuild: <buildLine>\n".
    static std::string versionText(std::string_view program);
    // Plain text for the About box: name, version, build line, then one line per component with its licence.
    static std::string aboutText(std::string_view qtRuntimeVersion = {});
};

} // namespace kvw::core
