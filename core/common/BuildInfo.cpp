#include "core/common/BuildInfo.h"

#include "kvw/BuildInfoConfig.h"

#include <archive.h>
#include <filesystem>
#include <sqlite3.h>
#include <string_view>
#include <zstd.h>

namespace kvw::core {
namespace {

// archive_version_string() reads "libarchive 3.6.2": keep the number only.
std::string libarchiveVersion()
{
    std::string_view v = archive_version_string();
    if (const auto space = v.rfind(' '); space != std::string_view::npos) {
        v.remove_prefix(space + 1);
    }
    return std::string(v);
}

} // namespace

std::string BuildInfo::version()
{
    return KVW_BUILDINFO_VERSION;
}

std::string BuildInfo::buildType()
{
    return KVW_BUILDINFO_BUILD_TYPE;
}

std::string BuildInfo::compiler()
{
    return KVW_BUILDINFO_COMPILER;
}

std::string BuildInfo::buildDate()
{
    return KVW_BUILDINFO_DATE;
}

std::string BuildInfo::platform()
{
    return KVW_BUILDINFO_PLATFORM;
}

std::string BuildInfo::licenceDirectory()
{
    // A relocated tree (the .tar.gz unpacked anywhere) has its notices beside the binary: <prefix>/bin/../share/...
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto dir = exe.parent_path().parent_path() / "share/doc/kvworkbook/licenses";
        if (std::filesystem::is_directory(dir, ec)) {
            return dir.lexically_normal().string();
        }
    }
    return KVW_BUILDINFO_LICENSE_DIR;
}

std::string BuildInfo::buildLine()
{
    return buildType() + ", " + compiler() + ", built " + buildDate() + ", " + platform();
}

std::vector<ComponentLicence> BuildInfo::components(std::string_view qtRuntimeVersion)
{
    const std::string qt =
        qtRuntimeVersion.empty() ? std::string(KVW_BUILDINFO_QT_VERSION) : std::string(qtRuntimeVersion);
    return {
        {"Qt", qt, "LGPL-3.0-only", "https://www.qt.io/"},
        {"SQLite", sqlite3_libversion(), "blessing (public domain)", "https://www.sqlite.org/copyright.html"},
        {"nlohmann/json", KVW_BUILDINFO_NLOHMANN_JSON_VERSION, "MIT", "https://github.com/nlohmann/json"},
        {"libarchive", libarchiveVersion(), "BSD-2-Clause", "https://www.libarchive.org/"},
        {"zstd", ZSTD_versionString(), "BSD-3-Clause", "https://facebook.github.io/zstd/"},
        {"simdjson", KVW_BUILDINFO_SIMDJSON_VERSION, "Apache-2.0", "https://simdjson.org/"},
    };
}

std::string BuildInfo::versionText(std::string_view program)
{
    return std::string(program) + " " + version() + "\nbuild: " + buildLine() + "\n";
}

std::string BuildInfo::aboutText(std::string_view qtRuntimeVersion)
{
    std::string text = "KV Workbook " + version() +
                       "\n"
                       "Offline investigation workbook for Azure Key Vault and Managed HSM audit logs.\n\n"
                       "Build: " +
                       buildLine() +
                       "\n\n"
                       "Third-party components:\n";
    for (const auto& c : components(qtRuntimeVersion)) {
        text += "  " + c.name + " " + c.version + " - " + c.licence + " - " + c.url + "\n";
    }
    text += "\nFull licence notices: " + licenceDirectory() + "\n";
    return text;
}

} // namespace kvw::core
