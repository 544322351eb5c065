#include "core/common/Error.h"

namespace kvw::core {

std::string Error::toString() const
{
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) {
            out += ':' + std::to_string(line);
        }
        out += ": ";
    }
    out += message;
    return out;
}

const char* toString(Error::Code code)
{
    switch (code) {
    case Error::Code::Io: return "io";
    case Error::Code::Format: return "format";
    case Error::Code::Parse: return "parse";
    case Error::Code::Limit: return "limit";
    case Error::Code::Unsafe: return "unsafe";
    case Error::Code::Database: return "database";
    case Error::Code::Usage: return "usage";
    case Error::Code::NotFound: return "not-found";
    case Error::Code::Cancelled: return "cancelled";
    }
    return "unknown";
}

} // namespace kvw::core
