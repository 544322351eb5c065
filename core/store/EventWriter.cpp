#include "core/store/EventWriter.h"

#include "core/store/CaseFile.h"
#include "core/store/EventFingerprint.h"
#include "core/store/RawChunkCodec.h"

#include <chrono>
#include <ctime>

namespace kvw::core {
namespace {

// Keeps the error table readable when a file is garbage from start to end; the count stays exact.
constexpr std::int64_t kMaxStoredErrorsPerFile = 1000;

std::string nowIso()
{
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return Timestamp::fromTicks(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() / 100).toIso();
}

} // namespace

struct EventWriter::Statements
{
    Statement exists;
    Statement insertEvent;
    Statement insertChunk;
    Statement insertError;
    Statement updateFile;
};

EventWriter::EventWriter(const CaseFile& caseFile, std::size_t batchSize)
    : m_case(caseFile), m_batchSize(batchSize), m_st(std::make_unique<Statements>())
{
    const Database& db = m_case.db();
    m_st->exists = db.prepare("SELECT 1 FROM events WHERE dedup_key = ?");
    m_st->insertEvent = db.prepare(
        "INSERT INTO events(time, resource_id, subscription, resource_group, resource_type, vault, operation, "
        "operation_version, op_class, object_type, object_name, object_version, http_status, success, result_type, "
        "result_signature, result_description, duration_ms, caller_ip, identity_oid, identity_upn, identity_appid, "
        "identity_kind, client_info, request_uri, object_uri, correlation_id, tls_version, rbac_authorized, "
        "access_policy_match, trusted_service, file_id, record_index, format, raw_chunk, raw_index, dedup_key) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    m_st->insertChunk = db.prepare("INSERT INTO raw_chunks(codec, data) VALUES(?, ?)");
    m_st->insertError = db.prepare("INSERT INTO ingest_errors(file_id, path, line, code, message) VALUES(?,?,?,?,?)");
    m_st->updateFile = db.prepare("UPDATE files SET format=?, records=?, inserted=?, duplicates=?, rejected=?, "
                                  "skipped=?, status=?, finished_at=? WHERE id=?");
}

EventWriter::~EventWriter() = default;

bool EventWriter::alreadyComplete(const std::string& path, const std::string& fingerprint) const
{
    try {
        auto st = m_case.db().prepare("SELECT 1 FROM files WHERE path=? AND fingerprint=? AND status='complete'");
        st.bind(1, path).bind(2, fingerprint);
        return st.step();
    } catch (const DatabaseError&) {
        return false;
    }
}

Status EventWriter::beginFile(const std::string& path, std::int64_t size, const std::string& fingerprint)
{
    m_counts = {};
    m_pending.clear();
    m_pendingErrors.clear();
    m_batchKeys.clear();
    m_path = path;
    m_format = "unknown";
    try {
        Transaction tx(m_case.db());
        auto up = m_case.db().prepare(
            "INSERT INTO files(path, size, fingerprint, status, started_at) VALUES(?,?,?,'loading',?) "
            "ON CONFLICT(path) DO UPDATE SET size=excluded.size, fingerprint=excluded.fingerprint, status='loading', "
            "records=0, inserted=0, duplicates=0, rejected=0, skipped=0, started_at=excluded.started_at, "
            "finished_at=NULL");
        up.bind(1, path).bind(2, size).bind(3, fingerprint).bind(4, nowIso()).run();
        auto id = m_case.db().prepare("SELECT id FROM files WHERE path=?");
        id.bind(1, path);
        id.step();
        m_fileId = id.int64(0);
        auto del = m_case.db().prepare("DELETE FROM ingest_errors WHERE file_id=?");
        del.bind(1, m_fileId).run();
        tx.commit();
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, path, 0, e.what()};
    }
    return {};
}

void EventWriter::setFormat(SourceFormat format) { m_format = toString(format); }
void EventWriter::setFormatName(const std::string& format) { m_format = format; }

void EventWriter::addEvent(Event event, std::int64_t recordIndex, std::string raw)
{
    ++m_counts.records;
    const std::int64_t key = EventFingerprint::of(event);
    m_pending.push_back(Pending{std::move(event), recordIndex, key, std::move(raw)});
}

void EventWriter::addError(const Error& error, bool countsAsRejected)
{
    if (countsAsRejected) {
        ++m_counts.rejected;
    }
    m_pendingErrors.push_back(error);
}

Status EventWriter::flush()
{
    if (m_pending.empty() && m_pendingErrors.empty()) {
        return {};
    }
    try {
        Transaction tx(m_case.db());
        writeBatch();
        tx.commit();
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, m_path, 0, std::string("cannot store events: ") + e.what()};
    }
    return {};
}

void EventWriter::writeBatch()
{
    // Keep only records the case does not hold yet, so a re-read file stores no second copy of anything.
    std::vector<const Pending*> fresh;
    fresh.reserve(m_pending.size());
    for (const Pending& p : m_pending) {
        if (!m_batchKeys.insert(p.key).second) {
            ++m_counts.duplicates;
            continue;
        }
        m_st->exists.bind(1, p.key);
        const bool known = m_st->exists.step();
        m_st->exists.reset();
        if (known) {
            ++m_counts.duplicates;
            continue;
        }
        fresh.push_back(&p);
    }
    std::int64_t chunkId = 0;
    if (!fresh.empty()) {
        std::vector<std::string_view> raws;
        raws.reserve(fresh.size());
        for (const Pending* p : fresh) {
            raws.emplace_back(p->raw);
        }
        const std::string blob = RawChunkCodec::encode(raws);
        m_st->insertChunk.bind(1, RawChunkCodec::Codec).bindBlob(2, blob.data(), blob.size()).run();
        chunkId = m_case.db().lastInsertRowId();
    }
    std::int64_t rawIndex = 0;
    Statement& ins = m_st->insertEvent;
    for (const Pending* p : fresh) {
        const Event& e = p->event;
        int i = 1;
        ins.bind(i++, e.time.ticks());
        ins.bind(i++, e.resourceId);
        ins.bind(i++, e.subscription);
        ins.bind(i++, e.resourceGroup);
        ins.bind(i++, toString(e.resourceType));
        ins.bind(i++, e.vault);
        ins.bind(i++, e.operation);
        ins.bind(i++, e.operationVersion);
        ins.bind(i++, toString(e.operationClass));
        ins.bind(i++, toString(e.objectType));
        ins.bind(i++, e.objectName);
        ins.bind(i++, e.objectVersion);
        ins.bind(i++, e.httpStatus);
        if (e.httpStatus) {
            ins.bind(i++, *e.httpStatus < 400 ? 1 : 0);
        } else {
            ins.bindNull(i++);
        }
        ins.bind(i++, e.resultType);
        ins.bind(i++, e.resultSignature);
        ins.bind(i++, e.resultDescription);
        ins.bind(i++, e.durationMs);
        ins.bind(i++, e.callerIp);
        ins.bind(i++, e.identityObjectId);
        ins.bind(i++, e.identityUpn);
        ins.bind(i++, e.identityAppId);
        ins.bind(i++, toString(e.identityKind));
        ins.bind(i++, e.clientInfo);
        ins.bind(i++, e.requestUri);
        ins.bind(i++, e.objectUri);
        ins.bind(i++, e.correlationId);
        ins.bind(i++, e.tlsVersion);
        if (e.isRbacAuthorized) {
            ins.bind(i++, *e.isRbacAuthorized ? 1 : 0);
        } else {
            ins.bindNull(i++);
        }
        if (e.isAccessPolicyMatch) {
            ins.bind(i++, *e.isAccessPolicyMatch ? 1 : 0);
        } else {
            ins.bindNull(i++);
        }
        ins.bind(i++, e.trustedService);
        ins.bind(i++, m_fileId);
        ins.bind(i++, p->recordIndex);
        ins.bind(i++, m_format);
        ins.bind(i++, chunkId);
        ins.bind(i++, rawIndex++);
        ins.bind(i++, p->key);
        ins.run();
        ++m_counts.inserted;
    }
    m_pending.clear();

    auto storedErrors = m_case.db().prepare("SELECT COUNT(*) FROM ingest_errors WHERE file_id=?");
    storedErrors.bind(1, m_fileId);
    storedErrors.step();
    std::int64_t stored = storedErrors.int64(0);
    for (const Error& err : m_pendingErrors) {
        if (stored >= kMaxStoredErrorsPerFile) {
            break;
        }
        m_st->insertError.bind(1, m_fileId)
            .bind(2, err.file.empty() ? m_path : err.file)
            .bind(3, err.line)
            .bind(4, toString(err.code))
            .bind(5, err.message)
            .run();
        ++stored;
    }
    m_pendingErrors.clear();

    m_st->updateFile.bind(1, m_format)
        .bind(2, m_counts.records)
        .bind(3, m_counts.inserted)
        .bind(4, m_counts.duplicates)
        .bind(5, m_counts.rejected)
        .bind(6, m_counts.skipped)
        .bind(7, "loading")
        .bindNull(8)
        .bind(9, m_fileId)
        .run();
}

Status EventWriter::finishFile(bool ok)
{
    try {
        Transaction tx(m_case.db());
        writeBatch();
        m_st->updateFile.bind(1, m_format)
            .bind(2, m_counts.records)
            .bind(3, m_counts.inserted)
            .bind(4, m_counts.duplicates)
            .bind(5, m_counts.rejected)
            .bind(6, m_counts.skipped)
            .bind(7, ok ? "complete" : "failed")
            .bind(8, nowIso())
            .bind(9, m_fileId)
            .run();
        tx.commit();
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, m_path, 0, std::string("cannot store events: ") + e.what()};
    }
    return {};
}

} // namespace kvw::core
