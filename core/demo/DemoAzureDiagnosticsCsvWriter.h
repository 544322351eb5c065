#pragma once

#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoRecordSink.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kvw::core {

class DemoWorld;

// Log Analytics portal "Export to CSV" of AzureDiagnostics (formats.md §5, §9.1): one file per day under
// AzureDiagnostics/, PascalCase standard columns, flattened suffixed Key Vault columns (short and URI claim forms
// as the record carries them), empty columns of other services, "TimeGenerated [UTC]" in the en-US display form
// with milliseconds, RFC 4180 quoting (RBAC denials put line breaks inside ResultDescription cells).
class DemoAzureDiagnosticsCsvWriter : public DemoRecordSink
{
public:
    DemoAzureDiagnosticsCsvWriter(std::filesystem::path root, const DemoWorld& world);

    Status write(const DemoRecord& record) override;
    Status finish() override;
    std::uint64_t filesWritten() const override { return m_files; }

    static const std::vector<std::string>& columns();
    static std::string headerLine();

private:
    const DemoWorld& m_world;
    std::filesystem::path m_root;
    DemoOutputFile m_file;
    std::string m_day;
    std::string m_row;
    std::vector<std::string> m_cells;
    std::vector<char> m_quoted;
    std::uint64_t m_files = 0;
};

} // namespace kvw::core
