#include "TestSupport.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kvw::test {

std::string sharedDir()
{
    const std::filesystem::path p(KVW_SHARED_DIR);
    return std::filesystem::is_directory(p / "samples") ? std::filesystem::canonical(p).string() : std::string{};
}

std::string writeFile(const QTemporaryDir& dir, const std::string& relative, const std::string& content)
{
    const std::filesystem::path p = std::filesystem::path(dir.path().toStdString()) / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    return p.string();
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace kvw::test
