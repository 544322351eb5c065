#include "CaseFixture.h"

#include "core/ingest/AuxiliaryImporterFactory.h"

#include <stdexcept>

namespace kvw::test {

CaseFixture::CaseFixture()
{
    auto c = core::CaseFile::open(path("case.kvwb"));
    if (!c) {
        throw std::runtime_error(c.error().toString());
    }
    m_case = std::make_unique<core::CaseFile>(std::move(*c));
}

std::string CaseFixture::path(const std::string& relative) const
{
    return m_dir.path().toStdString() + "/" + relative;
}

core::IngestReport CaseFixture::ingest(const std::vector<std::string>& paths, core::IngestOptions options)
{
    core::IngestPipeline pipeline(*m_case, options);
    auto aux = core::AuxiliaryImporterFactory::create(*m_case);
    pipeline.setAuxiliaryImporter(aux.get());
    return pipeline.run(paths);
}

core::CaseSummary CaseFixture::summary(const core::EventFilter& filter)
{
    auto s = core::CaseSummary::compute(*m_case, filter);
    if (!s) {
        throw std::runtime_error(s.error().toString());
    }
    return *s;
}

std::int64_t CaseFixture::scalar(const std::string& sql)
{
    auto st = m_case->db().prepare(sql);
    st.step();
    return st.int64(0);
}

} // namespace kvw::test
