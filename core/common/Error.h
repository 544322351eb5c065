#pragma once

#include <cstdint>
#include <string>

namespace kvw::core {

// An error as a value, with the place in the input it refers to. `line` is 1-based; 0 means "not about a line".
struct Error
{
    enum class Code {
        Io,
        Format,
        Parse,
        Limit,
        Unsafe,
        Database,
        Usage,
        NotFound,
        Cancelled,
    };

    Code code = Code::Io;
    std::string file;
    std::int64_t line = 0;
    std::string message;

    // "file:line: message", the form every diagnostic is shown in.
    std::string toString() const;
};

const char* toString(Error::Code code);

} // namespace kvw::core
