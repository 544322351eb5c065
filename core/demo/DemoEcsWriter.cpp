#include "core/demo/DemoEcsWriter.h"

#include "core/demo/DemoJsonText.h"
#include "core/demo/DemoRecordJson.h"
#include "core/demo/DemoTime.h"
#include "core/demo/DemoWorld.h"

namespace kvw::core {

using J = DemoJsonText;

Status DemoEcsWriter::write(const DemoRecord& r)
{
    const std::string day = DemoTime::date(r.blobHour);
    if (day != m_day) {
        Status s = m_file.open(m_root / "ecs" / ("azure-platformlogs-" + day + ".ndjson"));
        if (!s) {
            return s;
        }
        ++m_files;
        m_day = day;
    }
    const DemoResource& res = *r.resource;
    std::string& o = m_line;
    o.clear();
    o += "{\"@timestamp\":\"";
    DemoTime::appendIsoMs(o, r.time);
    o += "\",\"ecs\":{\"version\":\"8.11.0\"},\"data_stream\":{\"type\":\"logs\",\"dataset\":\"azure.platformlogs\","
         "\"namespace\":\"default\"},\"event\":{\"dataset\":\"azure.platformlogs\",\"kind\":\"event\",\"action\":";
    J::appendString(o, r.operationName);
    o += ",\"duration\":";
    J::appendInt(o, r.durationMs * 1'000'000);
    o += ",\"outcome\":";
    o += r.httpStatusCode < 400 ? "\"success\"" : "\"failure\"";
    o += "},\"cloud\":{\"provider\":\"azure\",\"region\":";
    J::appendString(o, res.region);
    o += "},\"source\":{\"ip\":";
    J::appendString(o, r.callerIp);
    o += "},\"azure\":{\"correlation_id\":";
    J::appendString(o, r.correlationId);
    o += ",\"subscription_id\":";
    J::appendString(o, res.subscriptionUpper);
    o += ",\"resource\":{\"id\":";
    J::appendString(o, res.resourceId);
    o += ",\"name\":";
    J::appendString(o, res.nameUpper);
    o += ",\"group\":";
    J::appendString(o, res.resourceGroupUpper);
    o += res.hsm ? ",\"provider\":\"MICROSOFT.KEYVAULT/MANAGEDHSMS\"}" : ",\"provider\":\"MICROSOFT.KEYVAULT/VAULTS\"}";
    o += ",\"platformlogs\":{\"category\":\"AuditEvent\",\"operation_name\":";
    J::appendString(o, r.operationName);
    o += ",\"operation_version\":";
    J::appendString(o, r.operationVersion);
    o += ",\"result_type\":";
    J::appendString(o, r.resultType);
    o += ",\"result_signature\":";
    J::appendString(o, r.resultSignature);
    if (!r.resultDescription.empty()) {
        o += ",\"result_description\":";
        J::appendString(o, r.resultDescription);
    }
    o += ",\"durationMs\":";
    J::appendInt(o, r.durationMs);
    o += ",\"identity\":";
    DemoRecordJson::appendIdentity(o, r);
    o += ",\"properties\":";
    DemoRecordJson::appendProperties(o, r);
    o += "}}}\n";
    m_file.write(o);
    return {};
}

} // namespace kvw::core
