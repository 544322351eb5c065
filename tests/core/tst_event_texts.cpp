// Schema v6: the events' wide texts are stored once in event_texts; `events`, `event_hours` and `event_5min` are
// views over narrow tables, and older cases are rewritten to that layout without losing or changing anything.
// Schema v7: those views show the texts' ids as well.
#include "common/CaseFixture.h"
#include "common/RecordFactory.h"
#include "common/TestSupport.h"
#include "core/analytics/workbook/EventAnalytics.h"
#include "core/store/GuidBytes.h"
#include "core/store/Schema.h"
#include "core/store/TextInterner.h"

#include <QtTest>

#include <set>
#include <tuple>

using namespace kvw;

namespace {

// The texts of event_texts by id, to check a value byte for byte.
std::string textOf(const core::Database& db, std::int64_t id)
{
    auto st = db.prepare("SELECT value FROM event_texts WHERE id = ?");
    st.bind(1, id);
    return st.step() ? st.text(0) : std::string("<no row>");
}

std::int64_t scalar(const core::Database& db, const std::string& sql)
{
    auto st = db.prepare(sql);
    return st.step() ? st.int64(0) : -1;
}

// The columns event_rows keeps as ids, as the events view names them.
const std::vector<std::string>& internedColumns()
{
    static const std::vector<std::string> columns{
        "resource_id", "subscription", "resource_group", "resource_type", "operation_version", "op_class",
        "object_type", "object_version", "result_type", "result_signature", "result_description", "identity_kind",
        "client_info", "request_uri", "object_uri", "tls_version", "format"};
    return columns;
}

// A case file of an older release: the migrations up to `version`, as that release left the file.
void migrateTo(const core::Database& db, int version)
{
    for (const auto& m : core::schemaMigrations()) {
        if (m.version <= version) {
            db.exec(m.sql);
        }
    }
    db.exec("PRAGMA user_version=" + std::to_string(version));
}

// An event row of a v5 case, written with SQL as that version's writer stored it.
struct V5Event
{
    std::int64_t time;
    std::string vault, resourceId, requestUri, clientInfo, objectVersion, ip;
    std::int64_t dedupKey;
};

void insertV5(const core::Database& db, const V5Event& e)
{
    auto st = db.prepare(
        "INSERT INTO events(time, resource_id, subscription, resource_group, resource_type, vault, operation, "
        "operation_version, op_class, object_type, object_name, object_version, http_status, success, result_type, "
        "result_signature, result_description, duration_ms, caller_ip, identity_oid, identity_upn, identity_appid, "
        "identity_kind, client_info, request_uri, object_uri, correlation_id, tls_version, rbac_authorized, "
        "access_policy_match, trusted_service, file_id, record_index, format, raw_chunk, raw_index, dedup_key) "
        "VALUES(?, ?, 'sub-1', 'rg-1', 'vault', ?, 'SecretGet', '7.4', 'read_secret', 'secret', 'db-password', ?, "
        "200, 1, 'Success', 'OK', '', 12, ?, 'oid-1', '', 'app-1', 'app', ?, ?, ?, 'corr', 'TLS1_2', 1, NULL, '', 1, "
        "1, 'auditevent-jsonlines', NULL, NULL, ?)");
    st.bind(1, e.time).bind(2, e.resourceId).bind(3, e.vault).bind(4, e.objectVersion).bind(5, e.ip);
    st.bind(6, e.clientInfo).bind(7, e.requestUri).bind(8, e.requestUri + "#object").bind(9, e.dedupKey).run();
}

} // namespace

class TestEventTexts : public QObject
{
    Q_OBJECT

private slots:
    void internerKeepsEachTextExactly_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addRow("empty") << QByteArray("");
        QTest::addRow("statement") << QByteArray("x'); DROP TABLE event_texts; --");
        QTest::addRow("unicode") << QByteArray("ключ/秘密/🔑");
        QTest::addRow("embedded NUL") << QByteArray("a\0b", 3);
        QTest::addRow("long URI") << QByteArray("https://kv.vault.azure.net/secrets/") + QByteArray(20000, 'x');
        QTest::addRow("trailing space") << QByteArray("TLS1_2 ");
    }

    void internerKeepsEachTextExactly()
    {
        QFETCH(QByteArray, text);
        test::CaseFixture fx;
        const core::Database& db = fx.caseFile().db();
        const std::string value(text.constData(), static_cast<std::size_t>(text.size()));
        core::TextInterner texts(db, 1);
        const std::int64_t id = texts.idOf(value);
        QCOMPARE(texts.idOf(value), id);
        // A near twin is another text, and evicts the first from the one-entry cache: the table answers then.
        const std::int64_t twin = texts.idOf(value + "_");
        QVERIFY(twin != id);
        QCOMPARE(texts.idOf(value), id);
        QCOMPARE(textOf(db, id), value);
        QCOMPARE(scalar(db, "SELECT count(*) FROM event_texts"), std::int64_t(2));
    }

    void internerCacheStaysBounded()
    {
        test::CaseFixture fx;
        const core::Database& db = fx.caseFile().db();
        core::TextInterner texts(db, 100);
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 1000; ++i) {
            ids.push_back(texts.idOf("https://kv.vault.azure.net/secrets/s" + std::to_string(i)));
            QVERIFY(texts.cached() <= 100);
        }
        QCOMPARE(std::set<std::int64_t>(ids.begin(), ids.end()).size(), std::size_t(1000));
        QCOMPARE(scalar(db, "SELECT count(*) FROM event_texts"), std::int64_t(1000));
        for (int i = 0; i < 1000; i += 37) {
            QCOMPARE(texts.idOf("https://kv.vault.azure.net/secrets/s" + std::to_string(i)), ids[i]);
        }
    }

    // An id handed out in a transaction that was rolled back names no row: forget() makes the next call insert
    // the text again instead of returning the stale id.
    void internerForgetsWhatARollbackTookBack()
    {
        test::CaseFixture fx;
        const core::Database& db = fx.caseFile().db();
        core::TextInterner texts(db);
        const std::int64_t kept = texts.idOf("kept");
        std::int64_t stale = 0;
        {
            core::Transaction tx(db);
            stale = texts.idOf("rolled back");
            QCOMPARE(textOf(db, stale), std::string("rolled back"));
        }
        QCOMPARE(textOf(db, stale), std::string("<no row>"));
        texts.forget();
        const std::int64_t again = texts.idOf("rolled back");
        QCOMPARE(textOf(db, again), std::string("rolled back"));
        QCOMPARE(texts.idOf("kept"), kept);
    }

    void guidBytesAreTheDigitsInOrder()
    {
        const auto bytes = core::GuidBytes::pack("00112233-4455-6677-8899-aabbccddeeff");
        QVERIFY(bytes.has_value());
        for (std::size_t i = 0; i < bytes->size(); ++i) {
            QCOMPARE(int((*bytes)[i]), int(i * 0x11));
        }
    }

    // Correlation ids in canonical lower case are stored as 16 bytes; the events view gives back exactly the text
    // of the record in every case.
    void correlationIdsReadBackExactly_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("storedAs");
        QTest::addRow("lower case") << "d3c0c7b7-409e-41bb-bc66-96f1c4e93b6a" << "blob";
        QTest::addRow("all zero") << "00000000-0000-0000-0000-000000000000" << "blob";
        QTest::addRow("all f") << "ffffffff-ffff-ffff-ffff-ffffffffffff" << "blob";
        QTest::addRow("upper case") << "D3C0C7B7-409E-41BB-BC66-96F1C4E93B6A" << "text";
        QTest::addRow("mixed case") << "d3c0c7b7-409e-41bb-bc66-96f1c4e93b6A" << "text";
        QTest::addRow("braces") << "{d3c0c7b7-409e-41bb-bc66-96f1c4e93b6a}" << "text";
        QTest::addRow("no dashes") << "d3c0c7b7409e41bbbc6696f1c4e93b6a" << "text";
        QTest::addRow("dash moved") << "d3c0c7b-7409e-41bb-bc66-96f1c4e93b6a" << "text";
        QTest::addRow("not hex") << "g3c0c7b7-409e-41bb-bc66-96f1c4e93b6a" << "text";
        QTest::addRow("one short") << "d3c0c7b7-409e-41bb-bc66-96f1c4e93b6" << "text";
        QTest::addRow("statement") << "x'); DROP TABLE event_rows; --" << "text";
    }

    void correlationIdsReadBackExactly()
    {
        QFETCH(QString, id);
        QFETCH(QString, storedAs);
        test::CaseFixture fx;
        test::RawRecordSpec r;
        r.correlationId = id.toStdString();
        const auto file = test::writeFile(fx.dir(), "PT1H.json", test::RecordFactory::raw(r) + "\n");
        QCOMPARE(fx.ingest({file}).totals.inserted, 1);
        auto st = fx.caseFile().db().prepare("SELECT typeof(correlation_id) FROM event_rows");
        QVERIFY(st.step());
        QCOMPARE(QString::fromStdString(st.text(0)), storedAs);
        auto shown = fx.caseFile().db().prepare("SELECT correlation_id FROM events");
        QVERIFY(shown.step());
        QCOMPARE(QString::fromStdString(shown.text(0)), id);
    }

    // The view shows each interned column as the text the record held, and every id names a row.
    void ingestStoresWideTextsOnce()
    {
        test::CaseFixture fx;
        std::string lines;
        for (int i = 0; i < 40; ++i) {
            test::RawRecordSpec r;
            r.vault = i % 2 == 0 ? "KV-A" : "KV-B";
            r.secret = "secret-" + std::to_string(i % 5);
            r.correlationId = "corr-" + std::to_string(i);
            lines += test::RecordFactory::raw(r) + "\n";
        }
        const auto file = test::writeFile(fx.dir(), "PT1H.json", lines);
        QCOMPARE(fx.ingest({file}).totals.inserted, 40);
        const core::Database& db = fx.caseFile().db();

        auto st = db.prepare("SELECT resource_id, request_uri, object_uri, client_info, tls_version, operation_version, "
                             "result_signature, format FROM events WHERE correlation_id = 'corr-7'");
        QVERIFY(st.step());
        QCOMPARE(st.text(0), std::string("/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-PROD/"
                                         "PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-B"));
        QCOMPARE(st.text(1), std::string("https://kv-b.vault.azure.net/secrets/secret-2/?api-version=7.4"));
        QCOMPARE(st.text(2),
                 std::string("https://kv-b.vault.azure.net/secrets/secret-2/0123456789abcdef0123456789abcdef"));
        QCOMPARE(st.text(3), std::string("azsdk-net-Security.KeyVault.Secrets/4.5.0"));
        QCOMPARE(st.text(4), std::string("TLS1_3"));
        QCOMPARE(st.text(5), std::string("7.4"));
        QCOMPARE(st.text(6), std::string("OK"));
        QCOMPARE(st.text(7), std::string("auditevent-jsonlines"));

        // Two resource ids, ten request URIs and ten object URIs (2 vaults x 5 secrets, i % 2 and i % 5 give all
        // ten pairs), and one text each for the other 14 columns (the empty result description among them).
        std::set<std::string> distinct;
        for (const auto& column : internedColumns()) {
            auto all = db.prepare("SELECT DISTINCT " + column + " FROM events");
            while (all.step()) {
                distinct.insert(all.text(0));
            }
            QCOMPARE(scalar(db, "SELECT count(*) FROM event_rows r WHERE NOT EXISTS (SELECT 1 FROM event_texts t "
                                "WHERE t.id = r." + column + "_ref)"),
                     std::int64_t(0));
        }
        QCOMPARE(distinct.size(), std::size_t(2 + 10 + 10 + 14));
        QCOMPARE(scalar(db, "SELECT count(*) FROM event_texts"), static_cast<std::int64_t>(distinct.size()));
        QCOMPARE(scalar(db, "SELECT count(DISTINCT request_uri_ref) FROM event_rows"), std::int64_t(10));
    }

    // A v5 case (events a table) opens as v6 with every event, value for value, and all its indexes on event_rows,
    // also the one an ingest that stopped midway had dropped.
    void v5CaseMigratesWithEveryValue()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/v5.kvwb";
        const std::vector<V5Event> events{
            {1000, "kv-a", "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-A",
             "https://kv-a.vault.azure.net/secrets/x?api-version=7.4", "ua-1", "v1", "10.0.0.1", 11},
            {2000, "kv-a", "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-A",
             "https://kv-a.vault.azure.net/secrets/x'); DROP TABLE events; --", "=cmd|'/c calc'!A0", "", "10.0.0.2",
             12},
            {3000, "kv-b", "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-B",
             "https://kv-a.vault.azure.net/secrets/x?api-version=7.4", "ua-1", "v1", "10.0.0.1", 13},
        };
        {
            auto db = core::Database::open(path);
            QVERIFY(db.ok());
            migrateTo(*db, 5);
            db->exec("INSERT INTO files(id, path, status) VALUES(1, 'a.jsonl', 'complete')");
            for (const auto& e : events) {
                insertV5(*db, e);
            }
            // Rollup rows: one with a resource id the events have, one with a resource id only it has.
            for (const auto& [table, time, vault] : {std::tuple{"event_hours", "hour", "KV-A"},
                                                     std::tuple{"event_5min", "slot", "KV-C"}}) {
                auto st = db->prepare(std::string("INSERT INTO ") + table + "(" + time +
                                      ", vault, subscription, resource_id, resource_type, operation, op_class, "
                                      "object_name, http_status, success, result_type, trusted_service, caller_ip, "
                                      "identity_oid, identity_upn, identity_appid, identity_kind, n, first_time, "
                                      "last_time) VALUES(0, 'kv-a', 'sub-1', ?, 'vault', 'SecretGet', 'read_secret', "
                                      "'db-password', 200, 1, 'Success', '', '10.0.0.1', 'oid-1', '', 'app-1', 'app', "
                                      "2, 1000, 3000)");
                st.bind(1, std::string("/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/") +
                               vault)
                    .run();
            }
            db->exec("INSERT INTO case_info(key, value) VALUES('deferred-index:events_ip_time', "
                     "'CREATE INDEX events_ip_time ON events(caller_ip, time)')");
            db->exec("DROP INDEX events_ip_time");
        }
        {
            auto old = core::CaseFile::openReadOnly(path);
            QVERIFY(old.ok());
            QCOMPARE(old->eventsVia("events_vault_time"), std::string("events INDEXED BY events_vault_time"));
            QCOMPARE(old->eventsVia("events_ip_time"), std::string("events"));
        }

        auto c = core::CaseFile::open(path);
        QVERIFY2(c.ok(), c ? "" : c.error().toString().c_str());
        const core::Database& db = c->db();
        QCOMPARE(c->schemaVersion(), core::currentSchemaVersion()); // v6, and v7 after it
        QCOMPARE(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'events' AND type = 'view'"),
                 std::int64_t(1));
        auto st = db.prepare("SELECT time, vault, resource_id, request_uri, object_uri, client_info, object_version, "
                             "caller_ip, dedup_key, identity, subscription, tls_version, format FROM events ORDER BY id");
        for (const auto& e : events) {
            QVERIFY(st.step());
            QCOMPARE(st.int64(0), e.time);
            QCOMPARE(st.text(1), e.vault);
            QCOMPARE(st.text(2), e.resourceId);
            QCOMPARE(st.text(3), e.requestUri);
            QCOMPARE(st.text(4), e.requestUri + "#object");
            QCOMPARE(st.text(5), e.clientInfo);
            QCOMPARE(st.text(6), e.objectVersion);
            QCOMPARE(st.text(7), e.ip);
            QCOMPARE(st.int64(8), e.dedupKey);
            QCOMPARE(st.text(9), std::string("oid-1"));
            QCOMPARE(st.text(10), std::string("sub-1"));
            QCOMPARE(st.text(11), std::string("TLS1_2"));
            QCOMPARE(st.text(12), std::string("auditevent-jsonlines"));
        }
        QVERIFY(!st.step());
        // 2 resource ids, 2 request URIs, 2 object URIs, 2 user agents, "v1" and "" (object version and result
        // description share ""), "sub-1", "rg-1", "vault", "7.4", "read_secret", "secret", "Success", "OK", "app",
        // "TLS1_2", the format; and the resource id of KV-C.
        QCOMPARE(scalar(db, "SELECT count(*) FROM event_texts"), std::int64_t(2 + 2 + 2 + 2 + 2 + 11 + 1));
        for (const auto& [table, vault] : {std::pair{"event_hours", "KV-A"}, std::pair{"event_5min", "KV-C"}}) {
            auto rollup = db.prepare(std::string("SELECT resource_id, n, first_time, last_time, identity FROM ") + table);
            QVERIFY(rollup.step());
            QCOMPARE(rollup.text(0),
                     std::string("/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/") + vault);
            QCOMPARE(rollup.int64(1), std::int64_t(2));
            QCOMPARE(rollup.int64(2), std::int64_t(1000));
            QCOMPARE(rollup.int64(3), std::int64_t(3000));
            QCOMPARE(rollup.text(4), std::string("oid-1"));
            QVERIFY(!rollup.step());
        }
        QCOMPARE(scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event_rows' "
                            "AND sql IS NOT NULL"),
                 std::int64_t(9));

        // The next ingest adds to the migrated events, and forgets the SQL of the index the stopped one dropped.
        std::string lines;
        for (int i = 0; i < 2; ++i) {
            test::RawRecordSpec r;
            r.vault = "KV-A";
            r.correlationId = "new-" + std::to_string(i);
            lines += test::RecordFactory::raw(r) + "\n";
        }
        const auto file = test::writeFile(dir, "b.jsonl", lines);
        core::IngestPipeline pipeline(*c);
        QCOMPARE(pipeline.run({file}).totals.inserted, 2);
        QVERIFY(c->hasIndex("events_ip_time"));
        QCOMPARE(scalar(db, "SELECT count(*) FROM case_info WHERE key LIKE 'deferred-index:%'"), std::int64_t(0));
        QCOMPARE(scalar(db, "SELECT count(*) FROM events WHERE vault = 'kv-a'"), std::int64_t(4));
        QCOMPARE(c->eventsVia("events_ip_time"), std::string("events_via_ip_time"));
        QCOMPARE(scalar(db, "SELECT count(*) FROM events_via_ip_time WHERE caller_ip = '10.0.0.1'"), std::int64_t(2));
    }

    // Every view over a narrow table shows, beside each interned text, its id (v7), for every row.
    void viewsShowTheIdOfEveryText_data()
    {
        QTest::addColumn<QString>("view");
        QTest::addColumn<QStringList>("columns");
        const QStringList scope{"subscription", "resource_type", "identity_kind"};
        QStringList events;
        for (const auto& c : internedColumns()) {
            events << QString::fromStdString(c);
        }
        QTest::addRow("events") << "events" << events;
        QTest::addRow("events through an index") << "events_via_vault_time" << events;
        for (const char* view : {"event_hours", "event_5min"}) {
            QTest::addRow("%s", view) << view << (scope + QStringList{"resource_id", "op_class", "result_type"});
        }
        for (const char* view : {"latency_hours", "latency_5min", "operation_minutes"}) {
            QTest::addRow("%s", view) << view << scope;
        }
        QTest::addRow("uri_hours") << "uri_hours" << (scope + QStringList{"request_uri"});
    }

    void viewsShowTheIdOfEveryText()
    {
        QFETCH(QString, view);
        QFETCH(QStringList, columns);
        test::CaseFixture fx;
        std::string lines;
        for (int i = 0; i < 6; ++i) {
            test::RawRecordSpec r;
            r.vault = i % 2 == 0 ? "KV-A" : "KV-B";
            r.correlationId = "c-" + std::to_string(i);
            lines += test::RecordFactory::raw(r) + "\n";
        }
        QCOMPARE(fx.ingest({test::writeFile(fx.dir(), "a.jsonl", lines)}).totals.inserted, 6);
        QVERIFY(fx.caseFile().textIdsEnabled());
        const core::Database& db = fx.caseFile().db();
        const std::string from = " FROM " + view.toStdString();
        QVERIFY(scalar(db, "SELECT count(*)" + from) > 0);
        for (const QString& column : columns) {
            const std::string c = column.toStdString();
            QCOMPARE(scalar(db, "SELECT count(*)" + from + " WHERE " + c + "_ref IS NULL OR " + c +
                                    " IS NOT (SELECT value FROM event_texts WHERE id = " + c + "_ref)"),
                     std::int64_t(0));
        }
    }

    // Coverage names each vault's greatest subscription and resource id in byte order, as MAX over the texts did:
    // through the ids (grouped by id, each text looked up once), through the texts, and from the events alone.
    // The greatest texts come first, so they get the smallest ids.
    void coverageNamesEachVaultsGreatestScope_data()
    {
        QTest::addColumn<bool>("textIds");
        QTest::addColumn<bool>("rollups");
        QTest::addRow("by the ids") << true << true;
        QTest::addRow("by the texts") << false << true;
        QTest::addRow("from the events") << false << false;
    }

    void coverageNamesEachVaultsGreatestScope()
    {
        QFETCH(bool, textIds);
        QFETCH(bool, rollups);
        test::CaseFixture fx;
        std::string lines;
        int i = 0;
        for (const char* subscription : {"99999999-0000-0000-0000-000000000009", "11111111-0000-0000-0000-000000000001",
                                         "55555555-0000-0000-0000-000000000005"}) {
            test::RawRecordSpec r;
            r.vault = "KV-A";
            r.subscription = subscription;
            r.correlationId = "c-" + std::to_string(i++);
            lines += test::RecordFactory::raw(r) + "\n";
        }
        QCOMPARE(fx.ingest({test::writeFile(fx.dir(), "a.jsonl", lines)}).totals.inserted, 3);
        fx.caseFile().setTextIdsEnabled(textIds);
        fx.caseFile().setRollupsEnabled(rollups);
        const auto coverage = core::EventAnalytics(fx.caseFile()).coverage({});
        QVERIFY(coverage.ok());
        QCOMPARE(coverage->size(), std::size_t(1));
        const core::VaultCoverage& c = coverage->front();
        QCOMPARE(c.vault, std::string("kv-a"));
        QCOMPARE(c.subscription, std::string("99999999-0000-0000-0000-000000000009"));
        QVERIFY2(c.resourceId.find("/SUBSCRIPTIONS/99999999-0000-0000-0000-000000000009/") == 0, c.resourceId.c_str());
        QCOMPARE(c.events, std::int64_t(3));
        auto max =
            fx.caseFile().db().prepare("SELECT MAX(subscription), MAX(resource_id), MAX(resource_type) FROM events");
        QVERIFY(max.step());
        QCOMPARE(c.subscription, max.text(0));
        QCOMPARE(c.resourceId, max.text(1));
        QCOMPARE(c.resourceType, max.text(2));
    }

    // A v6 case (views without the ids) read-only: the readers use the texts; opened read-write it gets them.
    void v6CaseGetsTheIdsWhenOpenedForWriting()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/v6.kvwb";
        {
            auto db = core::Database::open(path);
            QVERIFY(db.ok());
            migrateTo(*db, 6);
        }
        {
            auto old = core::CaseFile::openReadOnly(path);
            QVERIFY(old.ok());
            QVERIFY(!old->textIdsEnabled());
            QVERIFY_THROWS_EXCEPTION(core::DatabaseError, old->db().prepare("SELECT op_class_ref FROM events"));
            QVERIFY_THROWS_EXCEPTION(core::DatabaseError, old->db().prepare("SELECT op_class_ref FROM event_hours"));
            QCOMPARE(scalar(old->db(), "SELECT count(op_class) FROM events"), std::int64_t(0));
        }
        auto c = core::CaseFile::open(path);
        QVERIFY2(c.ok(), c ? "" : c.error().toString().c_str());
        QCOMPARE(c->schemaVersion(), 7);
        QVERIFY(c->textIdsEnabled());
        QCOMPARE(scalar(c->db(), "SELECT count(op_class_ref) + count(format_ref) FROM events"), std::int64_t(0));
        QCOMPARE(scalar(c->db(), "SELECT count(request_uri_ref) FROM uri_hours"), std::int64_t(0));
        c->setTextIdsEnabled(false);
        QVERIFY(!c->textIdsEnabled());
    }

    void eventsViaNamesAViewThatUsesTheIndex_data()
    {
        QTest::addColumn<QString>("index");
        QTest::addColumn<QString>("source");
        QTest::addRow("vault") << "events_vault_time" << "events_via_vault_time";
        QTest::addRow("operation") << "events_operation_time" << "events_via_operation_time";
        QTest::addRow("status") << "events_status_time" << "events_via_status_time";
        QTest::addRow("ip") << "events_ip_time" << "events_via_ip_time";
        QTest::addRow("identity") << "events_identity_time" << "events_via_identity_time";
        QTest::addRow("duration") << "events_duration_time" << "events_via_duration_time";
        QTest::addRow("object") << "events_object_time" << "events_via_object_time";
        QTest::addRow("not an events index") << "alert_entities_value" << "events";
        QTest::addRow("no such index") << "events_nothing" << "events";
    }

    void eventsViaNamesAViewThatUsesTheIndex()
    {
        QFETCH(QString, index);
        QFETCH(QString, source);
        test::CaseFixture fx;
        const std::string name = index.toStdString();
        QCOMPARE(QString::fromStdString(fx.caseFile().eventsVia(name)), source);
        if (source == "events") {
            return;
        }
        std::string details;
        {
            auto plan = fx.caseFile().db().prepare("EXPLAIN QUERY PLAN SELECT request_uri FROM " +
                                                   source.toStdString() + " WHERE time > 0");
            while (plan.step()) {
                details += plan.text(3) + "; ";
            }
        }
        QVERIFY2(details.find("INDEX " + name) != std::string::npos, details.c_str());
        // While a bulk load has dropped the index, the readers get the plain view.
        fx.caseFile().db().exec("DROP INDEX " + name);
        QCOMPARE(fx.caseFile().eventsVia(name), std::string("events"));
    }
};

QTEST_GUILESS_MAIN(TestEventTexts)
#include "tst_event_texts.moc"
