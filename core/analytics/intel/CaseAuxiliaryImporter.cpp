#include "core/analytics/intel/CaseAuxiliaryImporter.h"

#include "core/analytics/intel/StixIndicatorParser.h"
#include "core/analytics/intel/TextThreatListReader.h"
#include "core/store/CaseFile.h"

#include <nlohmann/json.hpp>

namespace kvw::core {
namespace {

std::string baseName(const std::string& path)
{
    const auto slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::optional<std::int64_t> ticks(const std::optional<Timestamp>& t)
{
    return t ? std::optional<std::int64_t>(t->ticks()) : std::nullopt;
}

// Records imported outside the pipeline (tests, tools) may have no files row; NULL keeps the foreign key valid.
std::optional<std::int64_t> fileRef(std::int64_t fileId)
{
    return fileId > 0 ? std::optional<std::int64_t>(fileId) : std::nullopt;
}

Error databaseError(const std::string& what, const DatabaseError& e)
{
    return Error{Error::Code::Database, "", 0, what + ": " + e.what()};
}

} // namespace

CaseAuxiliaryImporter::CaseAuxiliaryImporter(const CaseFile& caseFile, std::size_t batchSize)
    : m_case(caseFile), m_batchSize(batchSize == 0 ? 1 : batchSize)
{
}

CaseAuxiliaryImporter::~CaseAuxiliaryImporter() = default;

Status CaseAuxiliaryImporter::importRecord(OtherRecordKind kind, const nlohmann::json& record, const std::string& path,
                                           std::int64_t /*recordIndex*/, std::int64_t fileId)
{
    switch (kind) {
    case OtherRecordKind::SecurityAlert: {
        auto alert = DefenderAlert::fromJson(record);
        if (!alert) {
            return alert.error();
        }
        m_alerts.push_back({std::move(*alert), fileId});
        break;
    }
    case OtherRecordKind::Metric: {
        auto metric = AzureMetricRecord::fromJson(record);
        if (!metric) {
            return metric.error();
        }
        m_metrics.push_back({std::move(*metric), fileId});
        break;
    }
    case OtherRecordKind::ThreatIndicator: {
        if (m_stix && m_stixFile != fileId) {
            // The pipeline finishes a file before the next; this only guards a caller that does not.
            if (auto st = writeList(*m_stix, m_stixFile); !st) {
                return st;
            }
            m_stix.reset();
        }
        if (!m_stix) {
            m_stix.emplace();
            m_stix->name = baseName(path);
            m_stix->kind = "stix";
            m_stixFile = fileId;
        }
        return StixIndicatorParser::parse(record, *m_stix);
    }
    }
    if (m_alerts.size() + m_metrics.size() >= m_batchSize) {
        return flush();
    }
    return {};
}

bool CaseAuxiliaryImporter::looksLikeTextList(std::string_view head) const
{
    return TextThreatListReader::detect(head) != TextThreatListReader::Kind::None;
}

Result<std::int64_t> CaseAuxiliaryImporter::importTextList(InputStream& in, const std::string& path,
                                                           std::int64_t fileId)
{
    auto list = TextThreatListReader::read(in, baseName(path), path);
    if (!list) {
        return list.error();
    }
    if (auto st = writeList(*list, fileId); !st) {
        Error e = st.error();
        e.file = path;
        return e;
    }
    return static_cast<std::int64_t>(list->indicators.size());
}

Status CaseAuxiliaryImporter::finishFile(std::int64_t fileId)
{
    auto st = flush();
    if (m_stix && m_stixFile == fileId) {
        auto listStatus = writeList(*m_stix, fileId);
        m_stix.reset();
        if (st && !listStatus) {
            return listStatus;
        }
    }
    return st;
}

Status CaseAuxiliaryImporter::flush()
{
    if (m_alerts.empty() && m_metrics.empty()) {
        return {};
    }
    const Database& db = m_case.db();
    try {
        Transaction tx(db);
        auto insertAlert = db.prepare(
            "INSERT INTO alerts(system_alert_id, alert_type, display_name, severity, start_time, end_time, "
            "time_generated, resource_id, subscription, vault, compromised_entity, description, alert_link, status, "
            "tactics, product_name, is_sample, entities_json, extended_json, file_id, raw) "
            "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(system_alert_id) DO NOTHING");
        auto insertEntity = db.prepare("INSERT INTO alert_entities(alert_id, kind, value) VALUES(?,?,?)");
        for (const auto& [a, fileId] : m_alerts) {
            insertAlert.reset();
            insertAlert.bind(1, a.systemAlertId)
                .bind(2, a.alertType)
                .bind(3, a.displayName)
                .bind(4, a.severity)
                .bind(5, ticks(a.start))
                .bind(6, ticks(a.end))
                .bind(7, ticks(a.timeGenerated))
                .bind(8, a.resourceId)
                .bind(9, a.subscription)
                .bind(10, a.vault)
                .bind(11, a.compromisedEntity)
                .bind(12, a.description)
                .bind(13, a.link)
                .bind(14, a.status)
                .bind(15, a.tactics)
                .bind(16, a.productName)
                .bind(17, a.isSample ? 1 : 0)
                .bind(18, a.entitiesJson)
                .bind(19, a.extendedJson)
                .bind(20, fileRef(fileId))
                .bind(21, a.raw);
            insertAlert.run();
            if (db.changes() == 0) {
                ++m_counts.alertsKnown;
                continue;
            }
            ++m_counts.alertsNew;
            const std::int64_t alertId = db.lastInsertRowId();
            for (const auto& e : a.entities) {
                insertEntity.reset();
                insertEntity.bind(1, alertId).bind(2, e.kind).bind(3, e.value);
                insertEntity.run();
            }
        }
        auto insertMetric = db.prepare(
            "INSERT INTO metrics(time, resource_id, vault, metric, total, count, minimum, maximum, average, unit, "
            "file_id) VALUES(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(time, resource_id, metric) DO NOTHING");
        for (const auto& [m, fileId] : m_metrics) {
            insertMetric.reset();
            insertMetric.bind(1, m.time.ticks())
                .bind(2, m.resourceId)
                .bind(3, m.vault)
                .bind(4, m.metric)
                .bind(5, m.total)
                .bind(6, m.count)
                .bind(7, m.minimum)
                .bind(8, m.maximum)
                .bind(9, m.average)
                .bind(10, m.unit)
                .bind(11, fileRef(fileId));
            insertMetric.run();
            ++(db.changes() == 0 ? m_counts.metricsKnown : m_counts.metricsNew);
        }
        tx.commit();
    } catch (const DatabaseError& e) {
        m_alerts.clear();
        m_metrics.clear();
        return databaseError("storing alerts and metrics", e);
    }
    m_alerts.clear();
    m_metrics.clear();
    return {};
}

Status CaseAuxiliaryImporter::writeList(const ThreatIntelList& list, std::int64_t fileId)
{
    const Database& db = m_case.db();
    try {
        Transaction tx(db);
        auto dropIndicators =
            db.prepare("DELETE FROM ti_indicators WHERE list_id IN (SELECT id FROM ti_lists WHERE file_id = ?)");
        dropIndicators.bind(1, fileId);
        dropIndicators.run();
        auto dropLists = db.prepare("DELETE FROM ti_lists WHERE file_id = ?");
        dropLists.bind(1, fileId);
        dropLists.run();
        auto insertList = db.prepare("INSERT INTO ti_lists(name, kind, list_date, file_id) VALUES(?,?,?,?)");
        insertList.bind(1, list.name)
            .bind(2, list.kind)
            .bind(3, list.date ? list.date->toIso() : std::string{})
            .bind(4, fileRef(fileId));
        insertList.run();
        const std::int64_t listId = db.lastInsertRowId();
        auto insert = db.prepare("INSERT INTO ti_indicators(list_id, ip, description, valid_from, valid_until, "
                                 "confidence) VALUES(?,?,?,?,?,?)");
        for (const auto& i : list.indicators) {
            insert.reset();
            insert.bind(1, listId)
                .bind(2, i.ip)
                .bind(3, i.description)
                .bind(4, ticks(i.validFrom))
                .bind(5, ticks(i.validUntil))
                .bind(6, i.confidence);
            insert.run();
        }
        tx.commit();
    } catch (const DatabaseError& e) {
        return databaseError("storing threat-intel list " + list.name, e);
    }
    ++m_counts.lists;
    m_counts.indicators += static_cast<std::int64_t>(list.indicators.size());
    m_counts.nonPublic += list.nonPublic;
    return {};
}

} // namespace kvw::core
