// The whole ingest of one input file into an in-memory case: archive handling (zip, tar, gzip, nesting, hostile
// members, bombs with lowered limits), content sniffing, every reader, threat-intel lists, alerts, the writer.
#include "core/ingest/AuxiliaryImporterFactory.h"
#include "core/ingest/IngestPipeline.h"
#include "core/store/CaseFile.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::string path = "/dev/shm/kvw-fuzz-ingest-" + std::to_string(getpid());
    {
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    auto c = kvw::core::CaseFile::open(":memory:");
    if (!c) {
        return 0;
    }
    kvw::core::IngestOptions options;
    options.limits.ratioGraceBytes = 1 << 20;
    options.limits.maxExpandedBytes = 16 << 20;
    options.json.maxLineBytes = 1 << 16;
    options.json.maxRecordBytes = 1 << 16;
    options.json.maxDocumentBytes = 1 << 18;
    kvw::core::IngestPipeline pipeline(*c, options);
    auto aux = kvw::core::AuxiliaryImporterFactory::create(*c);
    pipeline.setAuxiliaryImporter(aux.get());
    (void)pipeline.run({path});
    return 0;
}
