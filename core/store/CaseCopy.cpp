#include "core/store/CaseCopy.h"

#include "core/store/CaseFile.h"

#include <filesystem>
#include <system_error>

namespace kvw::core {

Status CaseCopy::save(const std::string& sourcePath, const std::string& targetPath)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(targetPath, ec) && fs::equivalent(sourcePath, targetPath, ec)) {
        return Error{Error::Code::Usage, targetPath, 0, "the copy must not replace the open case itself"};
    }
    auto source = CaseFile::openReadOnly(sourcePath);
    if (!source) {
        return source.error();
    }
    const std::string temporary = targetPath + ".part";
    fs::remove(temporary, ec);
    try {
        // The target is a bound value: VACUUM INTO takes an expression.
        auto st = source->db().prepare("VACUUM INTO ?");
        st.bind(1, temporary).run();
    } catch (const DatabaseError& e) {
        fs::remove(temporary, ec);
        return Error{Error::Code::Database, targetPath, 0, std::string("cannot copy the case: ") + e.what()};
    }
    fs::rename(temporary, targetPath, ec);
    if (ec) {
        const std::string why = ec.message();
        fs::remove(temporary, ec);
        return Error{Error::Code::Io, targetPath, 0, "cannot move the copy into place: " + why};
    }
    // The copy must open as a case (schema version checked) before we call it saved.
    auto copy = CaseFile::openReadOnly(targetPath);
    if (!copy) {
        return copy.error();
    }
    return {};
}

} // namespace kvw::core
