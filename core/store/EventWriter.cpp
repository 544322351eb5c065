#include "core/store/EventWriter.h"

#include "core/store/CaseFile.h"
#include "core/store/DedupKeySet.h"
#include "core/store/EventFingerprint.h"
#include "core/store/GuidBytes.h"
#include "core/store/HourlyRollup.h"
#include "core/store/RawChunkCodec.h"
#include "core/store/TextInterner.h"

#include <chrono>
#include <ctime>
#include <limits>

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
    Statement upsertFile;
    Statement fileId;
    Statement clearErrors;
    Statement complete;
    Statement deleteChunk;
    Statement updateChunk;
    Statement insertEvent;
    Statement insertChunk;
    Statement insertError;
    Statement updateFile;
};

EventWriter::EventWriter(const CaseFile& caseFile, std::size_t batchSize)
    : m_case(caseFile), m_batchSize(batchSize), m_st(std::make_unique<Statements>()),
      m_texts(std::make_unique<TextInterner>(caseFile.db())),
      m_rollup(std::make_unique<HourlyRollup>(caseFile.db(), *m_texts))
{
    const Database& db = m_case.db();
    // Prepared once: a bundle has thousands of small files, and preparing per file cost a tenth of the ingest.
    m_st->upsertFile = db.prepare(
        "INSERT INTO files(path, size, fingerprint, status, started_at) VALUES(?,?,?,'loading',?) "
        "ON CONFLICT(path) DO UPDATE SET size=excluded.size, fingerprint=excluded.fingerprint, "
        "status='loading', records=0, inserted=0, duplicates=0, rejected=0, skipped=0, "
        "started_at=excluded.started_at, finished_at=NULL");
    m_st->fileId = db.prepare("SELECT id FROM files WHERE path=?");
    m_st->clearErrors = db.prepare("DELETE FROM ingest_errors WHERE file_id=?");
    m_st->complete = db.prepare("SELECT 1 FROM files WHERE path=? AND fingerprint=? AND status='complete'");
    m_st->deleteChunk = db.prepare("DELETE FROM raw_chunks WHERE id = ?");
    m_st->updateChunk = db.prepare("UPDATE raw_chunks SET data = ? WHERE id = ?");
    m_st->insertChunk = db.prepare("INSERT INTO raw_chunks(codec, data) VALUES(?, ?)");
    m_st->insertError = db.prepare("INSERT INTO ingest_errors(file_id, path, line, code, message) VALUES(?,?,?,?,?)");
    m_st->updateFile = db.prepare("UPDATE files SET format=?, records=?, inserted=?, duplicates=?, rejected=?, "
                                  "skipped=?, status=?, finished_at=? WHERE id=?");
}

void EventWriter::prepareInsert()
{
    std::string sql =
        "INSERT INTO event_rows(time, resource_id_ref, subscription_ref, resource_group_ref, resource_type_ref, "
        "vault, operation, operation_version_ref, op_class_ref, object_type_ref, object_name, object_version_ref, "
        "http_status, success, result_type_ref, result_signature_ref, result_description_ref, duration_ms, "
        "caller_ip, identity_oid, identity_upn, identity_appid, identity_kind_ref, client_info_ref, request_uri_ref, "
        "object_uri_ref, "
        "correlation_id, tls_version_ref, rbac_authorized, access_policy_match, trusted_service, file_id, "
        "record_index, format_ref, raw_chunk, raw_index, dedup_key) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    if (!m_keys) {
        sql += " ON CONFLICT(dedup_key) DO NOTHING";
    }
    m_st->insertEvent = m_case.db().prepare(sql);
}

void EventWriter::dedupInMemory(std::size_t maxKeys, std::function<Status()> buildIndex)
{
    m_keys = std::make_unique<DedupKeySet>();
    m_maxKeys = maxKeys;
    m_buildIndex = std::move(buildIndex);
    m_st->insertEvent = Statement(); // prepared again, without the conflict clause, by the next batch
    reloadKeys();
}

void EventWriter::keepBatchKeys()
{
    if (m_keys) {
        for (const std::int64_t key : m_batchKeys) {
            m_keys->insert(key);
        }
    }
    m_batchKeys.clear();
}

void EventWriter::reloadKeys()
{
    if (!m_keys) {
        return;
    }
    m_keys->clear();
    try {
        auto keys = m_case.db().prepare("SELECT dedup_key FROM events");
        while (keys.step()) {
            m_keys->insert(keys.int64(0));
        }
        m_keysKnown = true;
    } catch (const DatabaseError&) {
        // The keys are unknown: the next batch hands de-duplication to the index (indexDedupWhenFull).
        m_keys->clear();
        m_keysKnown = false;
    }
}

Status EventWriter::indexDedupWhenFull()
{
    if (!m_keys || (m_keysKnown && m_keys->size() < m_maxKeys)) {
        return {};
    }
    Status built = commit();
    if (built) {
        m_keys->clear(); // the index sort's memory would come on top of the set's
        built = m_buildIndex ? m_buildIndex() : Status(Error{Error::Code::Database, m_path, 0, "no dedup index"});
        if (!built) {
            reloadKeys();
        }
    }
    if (built) {
        endInMemoryDedup();
        return {};
    }
    if (!m_keysKnown) {
        return Error{Error::Code::Database, m_path, 0, "cannot de-duplicate events: " + built.error().message};
    }
    // The set is exact again: go on with it, and leave the index to the end of the load.
    m_maxKeys = std::numeric_limits<std::size_t>::max();
    return {};
}

void EventWriter::endInMemoryDedup()
{
    m_keys.reset();
    m_buildIndex = nullptr;
    m_st->insertEvent = Statement();
}

EventWriter::~EventWriter()
{
    // What was written are whole batches and files: keep them, as the per-batch commits did.
    (void)commit();
}

template <class Step> void EventWriter::inTransaction(Step&& step)
{
    if (m_groupCommit <= 0) {
        try {
            Transaction tx(m_case.db());
            step();
            tx.commit();
        } catch (const DatabaseError&) {
            m_batchKeys.clear();
            m_texts->forget();
            throw;
        }
        keepBatchKeys();
        return;
    }
    if (!m_tx) {
        m_tx = std::make_unique<Transaction>(m_case.db());
    }
    m_case.db().exec("SAVEPOINT kvw_batch");
    try {
        step();
        m_case.db().exec("RELEASE kvw_batch");
    } catch (const DatabaseError&) {
        m_batchKeys.clear();
        m_texts->forget(); // the texts the batch inserted were rolled back with it
        try {
            m_case.db().exec("ROLLBACK TO kvw_batch; RELEASE kvw_batch");
        } catch (const DatabaseError&) {
            // SQLite already rolled the whole transaction back (e.g. disk full); start afresh next time.
            m_tx.reset();
            m_uncommitted = 0;
            m_texts->forget();
            reloadKeys();
        }
        throw;
    }
    keepBatchKeys();
    if (m_uncommitted >= m_groupCommit) {
        try {
            m_tx->commit();
        } catch (const DatabaseError&) {
            m_tx.reset();
            m_uncommitted = 0;
            m_texts->forget();
            reloadKeys();
            throw;
        }
        m_tx.reset();
        m_uncommitted = 0;
    }
}

Status EventWriter::commit()
{
    if (!m_tx) {
        return {};
    }
    try {
        m_tx->commit();
    } catch (const DatabaseError& e) {
        m_tx.reset();
        m_uncommitted = 0;
        m_texts->forget();
        reloadKeys();
        return Error{Error::Code::Database, m_path, 0, std::string("cannot commit events: ") + e.what()};
    }
    m_tx.reset();
    m_uncommitted = 0;
    return {};
}

bool EventWriter::alreadyComplete(const std::string& path, const std::string& fingerprint) const
{
    try {
        Statement& st = m_st->complete;
        st.reset();
        st.bind(1, path).bind(2, fingerprint);
        const bool found = st.step();
        st.reset();
        return found;
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
        inTransaction([&] {
            m_st->upsertFile.reset(); // cached statements: a failed step may have left one mid-way
            m_st->fileId.reset();
            m_st->upsertFile.bind(1, path).bind(2, size).bind(3, fingerprint).bind(4, nowIso()).run();
            Statement& id = m_st->fileId;
            id.bind(1, path);
            id.step();
            m_fileId = id.int64(0);
            id.reset();
            m_st->clearErrors.bind(1, m_fileId).run();
            ++m_uncommitted;
        });
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, path, 0, e.what()};
    }
    return {};
}

void EventWriter::setFormat(SourceFormat format) { m_format = toString(format); }
void EventWriter::setFormatName(const std::string& format) { m_format = format; }

void EventWriter::addEvent(Event event, std::int64_t recordIndex, std::string raw)
{
    const std::int64_t key = EventFingerprint::of(event);
    addEvent(std::move(event), recordIndex, std::move(raw), key);
}

void EventWriter::addEvent(Event event, std::int64_t recordIndex, std::string raw, std::int64_t dedupKey)
{
    ++m_counts.records;
    m_pending.push_back(Pending{std::move(event), recordIndex, dedupKey, std::move(raw)});
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
    if (auto st = indexDedupWhenFull(); !st) {
        return st;
    }
    try {
        inTransaction([this] { writeBatch(); });
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, m_path, 0, std::string("cannot store events: ") + e.what()};
    }
    return {};
}

void EventWriter::writeBatch()
{
    // Keep only records the case does not hold yet, so a re-read file stores no second copy of anything. The unique
    // dedup index decides (ON CONFLICT DO NOTHING): one index probe per record instead of a lookup plus an insert;
    // in a bulk load, the in-memory key set (dedupInMemory).
    // The chunk row is created first (events reference it) and filled with the originals of the new events only.
    // What an earlier, failed attempt at this batch collected was rolled back with it.
    m_rollup->clear();
    m_batchKeys.clear();
    if (!m_st->insertEvent.valid()) {
        prepareInsert();
    }
    std::vector<const Pending*> candidates;
    candidates.reserve(m_pending.size());
    for (const Pending& p : m_pending) {
        if ((m_keys && m_keys->contains(p.key)) || !m_batchKeys.insert(p.key).second) {
            ++m_counts.duplicates;
            continue;
        }
        candidates.push_back(&p);
    }
    std::int64_t chunkId = 0;
    if (!candidates.empty()) {
        m_st->insertChunk.bind(1, RawChunkCodec::Codec).bindBlob(2, "", 0).run();
        chunkId = m_case.db().lastInsertRowId();
    }
    std::vector<std::string_view> raws;
    raws.reserve(candidates.size());
    Statement& ins = m_st->insertEvent;
    for (const Pending* p : candidates) {
        const Event& e = p->event;
        int i = 1;
        ins.bind(i++, e.time.ticks());
        ins.bind(i++, m_texts->idOf(e.resourceId));
        ins.bind(i++, m_texts->idOf(e.subscription));
        ins.bind(i++, m_texts->idOf(e.resourceGroup));
        ins.bind(i++, m_texts->idOf(toString(e.resourceType)));
        ins.bindUnowned(i++, e.vault);
        ins.bindUnowned(i++, e.operation);
        ins.bind(i++, m_texts->idOf(e.operationVersion));
        ins.bind(i++, m_texts->idOf(toString(e.operationClass)));
        ins.bind(i++, m_texts->idOf(toString(e.objectType)));
        ins.bindUnowned(i++, e.objectName);
        ins.bind(i++, m_texts->idOf(e.objectVersion));
        ins.bind(i++, e.httpStatus);
        if (e.httpStatus) {
            ins.bind(i++, *e.httpStatus < 400 ? 1 : 0);
        } else {
            ins.bindNull(i++);
        }
        ins.bind(i++, m_texts->idOf(e.resultType));
        ins.bind(i++, m_texts->idOf(e.resultSignature));
        ins.bind(i++, m_texts->idOf(e.resultDescription));
        ins.bind(i++, e.durationMs);
        ins.bindUnowned(i++, e.callerIp);
        ins.bindUnowned(i++, e.identityObjectId);
        ins.bindUnowned(i++, e.identityUpn);
        ins.bindUnowned(i++, e.identityAppId);
        ins.bind(i++, m_texts->idOf(toString(e.identityKind)));
        ins.bind(i++, m_texts->idOf(e.clientInfo));
        ins.bind(i++, m_texts->idOf(e.requestUri));
        ins.bind(i++, m_texts->idOf(e.objectUri));
        if (const auto guid = GuidBytes::pack(e.correlationId)) {
            ins.bindBlob(i++, guid->data(), guid->size());
        } else {
            ins.bindUnowned(i++, e.correlationId);
        }
        ins.bind(i++, m_texts->idOf(e.tlsVersion));
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
        ins.bindUnowned(i++, e.trustedService);
        ins.bind(i++, m_fileId);
        ins.bind(i++, p->recordIndex);
        ins.bind(i++, m_texts->idOf(m_format));
        ins.bind(i++, chunkId);
        ins.bind(i++, static_cast<std::int64_t>(raws.size()));
        ins.bind(i++, p->key);
        ins.run();
        if (m_case.db().changes() == 0) {
            ++m_counts.duplicates;
            continue;
        }
        raws.emplace_back(p->raw);
        m_rollup->add(e);
        ++m_counts.inserted;
    }
    m_rollup->flush();
    if (chunkId != 0) {
        if (raws.empty()) {
            m_st->deleteChunk.bind(1, chunkId).run();
        } else {
            const std::string blob = RawChunkCodec::encode(raws);
            m_st->updateChunk.bindBlobUnowned(1, blob.data(), blob.size()).bind(2, chunkId).run();
        }
    }
    m_uncommitted += static_cast<std::int64_t>(raws.size());
    m_pending.clear();
    // m_batchKeys joins the in-memory set once the batch is written (keepBatchKeys); earlier batches are otherwise
    // the dedup index's job.

    std::int64_t stored = 0;
    if (!m_pendingErrors.empty()) {
        auto storedErrors = m_case.db().prepare("SELECT COUNT(*) FROM ingest_errors WHERE file_id=?");
        storedErrors.bind(1, m_fileId);
        storedErrors.step();
        stored = storedErrors.int64(0);
    }
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
    if (auto st = indexDedupWhenFull(); !st) {
        return st;
    }
    try {
        inTransaction([&] {
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
            ++m_uncommitted;
        });
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, m_path, 0, std::string("cannot store events: ") + e.what()};
    }
    return {};
}

} // namespace kvw::core
