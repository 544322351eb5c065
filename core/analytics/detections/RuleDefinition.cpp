#include "core/analytics/detections/RuleDefinition.h"

namespace kvw::core {

const char* toString(RuleSource source)
{
    switch (source) {
    case RuleSource::Sentinel: return "Sentinel";
    case RuleSource::Elastic: return "Elastic";
    case RuleSource::Sigma: return "Sigma";
    case RuleSource::DefenderAnalog: return "Defender-analog";
    case RuleSource::KvWorkbook: return "KV Workbook";
    }
    return "KV Workbook";
}

} // namespace kvw::core
