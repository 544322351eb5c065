#pragma once

#include "core/ingest/IngestPipeline.h"
#include "core/query/CaseSummary.h"
#include "core/store/CaseFile.h"

#include <QTemporaryDir>

#include <memory>
#include <string>
#include <vector>

namespace kvw::test {

// A case file in a temporary folder, with a one-call ingest for tests.
class CaseFixture
{
public:
    CaseFixture();
    const QTemporaryDir& dir() const { return m_dir; }
    std::string path(const std::string& relative) const;
    core::CaseFile& caseFile() { return *m_case; }
    core::IngestReport ingest(const std::vector<std::string>& paths, core::IngestOptions options = {});
    core::CaseSummary summary(const core::EventFilter& filter = {});
    std::int64_t scalar(const std::string& sql);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<core::CaseFile> m_case;
};

} // namespace kvw::test
