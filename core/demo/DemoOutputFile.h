#pragma once

#include "core/common/Result.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace kvw::core {

// A buffered output file that reports errors as values. Parent folders are created on open.
class DemoOutputFile
{
public:
    DemoOutputFile() = default;
    ~DemoOutputFile();
    DemoOutputFile(const DemoOutputFile&) = delete;
    DemoOutputFile& operator=(const DemoOutputFile&) = delete;

    Status open(const std::filesystem::path& path);
    bool isOpen() const { return m_file != nullptr; }
    // Appends to the buffer; flushes when it is large. Errors are kept and reported by close().
    void write(std::string_view data);
    Status close();

    // Writes a whole file at once.
    static Status writeAll(const std::filesystem::path& path, std::string_view data);

private:
    void flush();

    std::FILE* m_file = nullptr;
    std::filesystem::path m_path;
    std::string m_buffer;
    bool m_failed = false;
};

} // namespace kvw::core
