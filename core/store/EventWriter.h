#pragma once

#include "core/common/Result.h"
#include "core/model/Event.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace kvw::core {

class CaseFile;
class DedupKeySet;
class HourlyRollup;
class Statement;
class TextInterner;
class Transaction;

struct FileCounts
{
    std::int64_t records = 0;
    std::int64_t inserted = 0;
    std::int64_t duplicates = 0;
    std::int64_t rejected = 0;
    std::int64_t skipped = 0;
};

// Writes normalised events of one input file at a time into the case, in batched transactions. Each batch commits
// its events, their original records and the file's counters together, and the file is marked complete only at the
// end, so a killed ingest leaves whole batches and a file that the next run reads again (duplicates are skipped).
// For bulk ingest, setGroupCommit() keeps one transaction open across batches and files (each batch in a savepoint):
// a file is still marked complete in the same transaction as its last events, so crash safety is unchanged while
// thousands of small files no longer cost two or three commits each.
class EventWriter
{
public:
    explicit EventWriter(const CaseFile& caseFile, std::size_t batchSize = 4096);
    ~EventWriter();
    EventWriter(const EventWriter&) = delete;
    EventWriter& operator=(const EventWriter&) = delete;

    Status beginFile(const std::string& path, std::int64_t size, const std::string& fingerprint);
    // True when this exact file (same path and fingerprint) was already read completely.
    bool alreadyComplete(const std::string& path, const std::string& fingerprint) const;
    void setFormat(SourceFormat format);
    void setFormatName(const std::string& format);

    void addEvent(Event event, std::int64_t recordIndex, std::string raw);
    // The same, with the event's EventFingerprint already computed (by the parse thread).
    void addEvent(Event event, std::int64_t recordIndex, std::string raw, std::int64_t dedupKey);
    void addError(const Error& error, bool countsAsRejected = true);
    void addSkipped(std::int64_t n = 1) { m_counts.skipped += n; }
    // Records that a reader routed elsewhere (alerts, threat intel, metrics) but that belong to this file.
    void addOtherRecords(std::int64_t n) { m_counts.records += n; }

    bool needsFlush() const { return m_pending.size() >= m_batchSize; }
    Status flush();
    Status finishFile(bool ok);

    // 0 (the default): every batch and file commits on its own. N > 0: batches and files share one transaction,
    // committed once N rows were written since the last commit, on commit(), and when the writer is destroyed.
    // Nobody else may open a transaction on the connection meanwhile: call commit() before handing it over.
    void setGroupCommit(std::int64_t rows) { m_groupCommit = rows; }
    Status commit();

    // For a bulk load into a case without events whose unique dedup index was dropped (IngestPipeline does that):
    // duplicates are decided against the keys this writer stored, held in memory, which spares every insert a
    // probe of that index (a sixth of the ingest). Once maxKeys keys are held, the writer commits, calls
    // buildIndex to build the dedup index again, and the index decides from then on, so memory stays bounded.
    void dedupInMemory(std::size_t maxKeys, std::function<Status()> buildIndex);
    bool dedupsInMemory() const { return m_keys != nullptr; }
    // The dedup index is back: frees the keys, and the index decides from now on.
    void endInMemoryDedup();

    std::int64_t currentFileId() const { return m_fileId; }
    const FileCounts& counts() const { return m_counts; }
    const CaseFile& caseFile() const { return m_case; }

private:
    struct Pending
    {
        Event event;
        std::int64_t recordIndex;
        std::int64_t key;
        std::string raw;
    };
    void writeBatch();
    // Runs `step` in its own transaction, or in a savepoint of the shared one (see setGroupCommit).
    template <class Step> void inTransaction(Step&& step);
    void prepareInsert();
    // After a batch is durable in the open transaction: its keys join the in-memory set.
    void keepBatchKeys();
    // After the open transaction was rolled back: the in-memory set is rebuilt from what the case holds.
    void reloadKeys();
    Status indexDedupWhenFull();

    const CaseFile& m_case;
    std::size_t m_batchSize;
    std::int64_t m_fileId = 0;
    std::string m_path;
    std::string m_format = "unknown";
    FileCounts m_counts;
    std::vector<Pending> m_pending;
    std::vector<Error> m_pendingErrors;
    std::unordered_set<std::int64_t> m_batchKeys;
    struct Statements;
    std::unique_ptr<Statements> m_st;
    std::unique_ptr<TextInterner> m_texts;
    std::unique_ptr<HourlyRollup> m_rollup; // uses m_texts
    std::int64_t m_groupCommit = 0;
    std::int64_t m_uncommitted = 0;
    std::unique_ptr<Transaction> m_tx;
    std::unique_ptr<DedupKeySet> m_keys;
    std::size_t m_maxKeys = 0;
    bool m_keysKnown = true; // false when reloading them from the case failed
    std::function<Status()> m_buildIndex;
};

} // namespace kvw::core
