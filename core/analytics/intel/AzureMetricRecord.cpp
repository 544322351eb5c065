#include "core/analytics/intel/AzureMetricRecord.h"

#include "core/analytics/intel/JsonFields.h"
#include "core/model/AzureResourceId.h"

namespace kvw::core {

Result<AzureMetricRecord> AzureMetricRecord::fromJson(const nlohmann::json& record)
{
    if (!record.is_object()) {
        return Error{Error::Code::Format, "", 0, "metric record is not a JSON object"};
    }
    AzureMetricRecord m;
    m.metric = JsonFields::text(record, {"MetricName", "metricName"});
    if (m.metric.empty()) {
        return Error{Error::Code::Format, "", 0, "metric record has no MetricName"};
    }
    const auto* timeField = JsonFields::find(record, {"TimeGenerated", "time", "timeStamp"});
    if (!timeField) {
        return Error{Error::Code::Format, "", 0, "metric record has no TimeGenerated"};
    }
    const auto t = timeField->is_string() ? parseTimestamp(timeField->get_ref<const std::string&>()) : std::nullopt;
    if (!t) {
        return Error{Error::Code::Format, "", 0, "metric field TimeGenerated is not a date-time"};
    }
    m.time = *t;
    m.resourceId = toLower(JsonFields::text(record, {"ResourceId", "_ResourceId", "resourceId"}));
    if (m.resourceId.empty()) {
        return Error{Error::Code::Format, "", 0, "metric record has no ResourceId"};
    }
    const AzureResourceId rid = AzureResourceId::parse(m.resourceId);
    m.vault = rid.name.empty() ? toLower(JsonFields::text(record, {"Resource"})) : rid.name;
    struct Aggregate
    {
        std::optional<double>* target;
        const char* name;
    };
    for (const Aggregate& a :
         {Aggregate{&m.total, "Total"}, Aggregate{&m.count, "Count"}, Aggregate{&m.minimum, "Minimum"},
          Aggregate{&m.maximum, "Maximum"}, Aggregate{&m.average, "Average"}}) {
        const auto* v = JsonFields::find(record, {a.name});
        if (!v) {
            continue;
        }
        *a.target = JsonFields::number(record, {a.name});
        if (!*a.target && !(v->is_string() && v->get_ref<const std::string&>().empty())) {
            return Error{Error::Code::Format, "", 0, std::string("metric field ") + a.name + " is not a number"};
        }
    }
    m.unit = JsonFields::text(record, {"UnitName", "unit"});
    return m;
}

} // namespace kvw::core
