#include "core/demo/DemoOutputFile.h"

#include <cerrno>
#include <cstring>
#include <system_error>

namespace kvw::core {
namespace {

constexpr std::size_t kFlushAt = 1 << 20;

Error ioError(const std::filesystem::path& path, const std::string& what)
{
    return Error{Error::Code::Io, path.string(), 0, what};
}

} // namespace

DemoOutputFile::~DemoOutputFile()
{
    if (m_file != nullptr) {
        (void)close();
    }
}

Status DemoOutputFile::open(const std::filesystem::path& path)
{
    if (m_file != nullptr) {
        Status s = close();
        if (!s) {
            return s;
        }
    }
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
        return ioError(path.parent_path(), "cannot create folder: " + ec.message());
    }
    m_file = std::fopen(path.string().c_str(), "wb");
    if (m_file == nullptr) {
        return ioError(path, std::string("cannot create file: ") + std::strerror(errno));
    }
    m_path = path;
    m_failed = false;
    m_buffer.reserve(kFlushAt + 65536);
    return {};
}

void DemoOutputFile::write(std::string_view data)
{
    m_buffer.append(data);
    if (m_buffer.size() >= kFlushAt) {
        flush();
    }
}

void DemoOutputFile::flush()
{
    if (m_file != nullptr && !m_buffer.empty() && !m_failed) {
        if (std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size()) {
            m_failed = true;
        }
    }
    m_buffer.clear();
}

Status DemoOutputFile::close()
{
    if (m_file == nullptr) {
        return {};
    }
    flush();
    const bool closeFailed = std::fclose(m_file) != 0;
    m_file = nullptr;
    if (m_failed || closeFailed) {
        return ioError(m_path, std::string("write failed: ") + std::strerror(errno));
    }
    return {};
}

Status DemoOutputFile::writeAll(const std::filesystem::path& path, std::string_view data)
{
    DemoOutputFile f;
    Status s = f.open(path);
    if (!s) {
        return s;
    }
    f.write(data);
    return f.close();
}

} // namespace kvw::core
