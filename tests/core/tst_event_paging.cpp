#include "core/analytics/workbook/EventPageCache.h"
#include "core/query/EventQuery.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>

using namespace kvw::core;

namespace {

using Sort = EventQuery::Sort;

constexpr int kEvents = 1500;
constexpr std::int64_t kPage = 37;

// Many ties on time (about four events per second, inserted out of time order), NULL statuses and durations, empty
// object names, and identities from each of their three sources: every corner of the (column, time, id) order.
Event generated(int i)
{
    Event e;
    e.time = Timestamp::fromCivil(2026, 11, 1) + static_cast<std::int64_t>((i * 7919) % 400) * Timestamp::TicksPerSecond;
    e.vault = "kv-" + std::to_string(i % 5);
    e.subscription = "sub-1";
    e.resourceType = ResourceType::Vault;
    e.resourceId = "/subscriptions/sub-1/resourcegroups/rg/providers/microsoft.keyvault/vaults/" + e.vault;
    const char* ops[] = {"SecretGet", "SecretList", "KeySign", "VaultGet", "SecretSet", "KeyGet"};
    e.operation = ops[i % 6];
    const int statuses[] = {200, 401, 403, 429, 500};
    if (i % 11 != 0) {
        e.httpStatus = statuses[(i / 3) % 5];
    }
    if (i % 13 != 0) {
        e.durationMs = (i * 31) % 50;
    }
    e.callerIp = "10.0." + std::to_string(i % 4) + "." + std::to_string(i % 20);
    if (i % 3 == 0) {
        e.identityObjectId = "oid-" + std::to_string(i % 7);
    } else if (i % 3 == 1) {
        e.identityAppId = "app-" + std::to_string(i % 4);
    } else {
        e.identityUpn = "user" + std::to_string(i % 5) + "@contoso.com";
    }
    e.objectName = i % 9 == 0 ? std::string() : "secret-" + std::to_string(i % 15);
    e.correlationId = "corr-" + std::to_string(i);
    return e;
}

std::vector<std::int64_t> ids(const std::vector<EventRow>& rows)
{
    std::vector<std::int64_t> out;
    for (const auto& r : rows) {
        out.push_back(r.id);
    }
    return out;
}

} // namespace

// Keyset (seek) paging of the event grid: the same rows as OFFSET paging in every order, jumps through anchor keys,
// the page cache's fetch plans, and index range scans for every seek.
class TestEventPaging : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto c = CaseFile::open((m_dir.path() + QStringLiteral("/paging.kvwb")).toStdString());
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().toString().c_str());
        m_case = std::make_unique<CaseFile>(std::move(*c));
        EventWriter writer(*m_case, 500);
        QVERIFY(writer.beginFile("paging.jsonl", 1, "paging-1").ok());
        for (int i = 0; i < kEvents; ++i) {
            writer.addEvent(generated(i), i + 1, "{}");
            if (writer.needsFlush()) {
                QVERIFY(writer.flush().ok());
            }
        }
        QVERIFY(writer.finishFile(true).ok());
        QCOMPARE(*EventQuery(*m_case).count({}), std::int64_t(kEvents));
    }

    void keysetMatchesOffset_data()
    {
        QTest::addColumn<int>("sort");
        QTest::addColumn<bool>("descending");
        QTest::addColumn<QString>("vault");
        const std::pair<Sort, const char*> sorts[] = {
            {Sort::Time, "time"},           {Sort::Vault, "vault"},       {Sort::Operation, "operation"},
            {Sort::Status, "status"},       {Sort::CallerIp, "caller IP"}, {Sort::Identity, "identity"},
            {Sort::Duration, "duration"},   {Sort::ObjectName, "object"}};
        for (const auto& [sort, name] : sorts) {
            for (const bool desc : {false, true}) {
                for (const QString& vault : {QString(), QStringLiteral("kv-3")}) {
                    QTest::addRow("%s %s%s", name, desc ? "descending" : "ascending",
                                  vault.isEmpty() ? "" : " in kv-3")
                        << int(sort) << desc << vault;
                }
            }
        }
    }
    void keysetMatchesOffset()
    {
        QFETCH(int, sort);
        QFETCH(bool, descending);
        QFETCH(QString, vault);
        const auto s = static_cast<Sort>(sort);
        EventFilter f;
        if (!vault.isEmpty()) {
            f.vaults = {vault.toStdString()};
        }
        const EventQuery q(*m_case);
        const std::int64_t n = *q.count(f);
        QCOMPARE(n, vault.isEmpty() ? std::int64_t(kEvents) : std::int64_t(kEvents / 5));
        // The reference: the whole order in one OFFSET query, then OFFSET pages.
        const auto all = q.page(f, s, descending, 0, n + 10);
        QVERIFY(all.ok());
        const std::vector<std::int64_t> expected = ids(*all);
        QCOMPARE(static_cast<std::int64_t>(expected.size()), n);
        std::vector<std::int64_t> byOffset;
        for (std::int64_t offset = 0; offset < n; offset += kPage) {
            const auto p = q.page(f, s, descending, offset, kPage);
            const auto v = ids(*p);
            byOffset.insert(byOffset.end(), v.begin(), v.end());
        }
        QCOMPARE(byOffset, expected);

        // Forward: the first page, then seeks after the last row seen.
        std::vector<EventRow> page = *q.edge(f, s, descending, false, 0, kPage);
        std::vector<std::int64_t> forward = ids(page);
        while (static_cast<std::int64_t>(page.size()) == kPage) {
            page = *q.seek(f, s, descending, EventQuery::Seek::After, EventQuery::keyOf(page.back(), s), kPage);
            const auto v = ids(page);
            forward.insert(forward.end(), v.begin(), v.end());
        }
        QCOMPARE(forward, expected);
        // The same walk through the sorted column's index (the plan for a filter that keeps many rows).
        page = *q.edge(f, s, descending, false, 0, kPage, true);
        std::vector<std::int64_t> viaIndex = ids(page);
        while (static_cast<std::int64_t>(page.size()) == kPage) {
            page = *q.seek(f, s, descending, EventQuery::Seek::After, EventQuery::keyOf(page.back(), s), kPage, true);
            const auto v = ids(page);
            viaIndex.insert(viaIndex.end(), v.begin(), v.end());
        }
        QCOMPARE(viaIndex, expected);

        // Backward: the last page, then seeks before the first row seen.
        page = *q.edge(f, s, descending, true, 0, kPage);
        std::vector<std::int64_t> backward = ids(page);
        while (!page.empty()) {
            page = *q.seek(f, s, descending, EventQuery::Seek::Before, EventQuery::keyOf(page.front(), s), kPage);
            const auto v = ids(page);
            backward.insert(backward.begin(), v.begin(), v.end());
        }
        QCOMPARE(backward, expected);

        // Jumps: the anchor of page k is the key of row k * kPage, and a seek from it is exactly that page.
        const auto anchors = q.anchors(f, s, descending, kPage);
        QVERIFY(anchors.ok());
        QCOMPARE(anchors->rows, n);
        QCOMPARE(static_cast<std::int64_t>(anchors->keys.size()), (n + kPage - 1) / kPage);
        for (std::size_t k = 0; k < anchors->keys.size(); ++k) {
            const auto jumped = q.seek(f, s, descending, EventQuery::Seek::AtOrAfter, anchors->keys[k], kPage);
            const auto begin = expected.begin() + static_cast<std::ptrdiff_t>(k) * kPage;
            const std::vector<std::int64_t> slice(begin, std::min(begin + kPage, expected.end()));
            QCOMPARE(ids(*jumped), slice);
        }
    }

    void seeksAreIndexRangeScans_data()
    {
        QTest::addColumn<int>("sort");
        QTest::addColumn<bool>("descending");
        QTest::addColumn<QString>("index");
        const std::tuple<Sort, const char*, const char*> sorts[] = {
            {Sort::Time, "time", "events_time"},
            {Sort::Vault, "vault", "events_vault_time"},
            {Sort::Operation, "operation", "events_operation_time"},
            {Sort::Status, "status", "events_status_time"},
            {Sort::CallerIp, "caller IP", "events_ip_time"},
            {Sort::Identity, "identity", "events_identity_time"},
            {Sort::Duration, "duration", "events_duration_time"},
            {Sort::ObjectName, "object", "events_object_time"}};
        for (const auto& [sort, name, index] : sorts) {
            for (const bool desc : {false, true}) {
                QTest::addRow("%s %s", name, desc ? "descending" : "ascending")
                    << int(sort) << desc << QString::fromLatin1(index);
            }
        }
    }
    void seeksAreIndexRangeScans()
    {
        QFETCH(int, sort);
        QFETCH(bool, descending);
        QFETCH(QString, index);
        const auto plans = EventQuery(*m_case).seekPlan({}, static_cast<Sort>(sort), descending);
        QVERIFY(plans.ok());
        QCOMPARE(plans->size(), static_cast<Sort>(sort) == Sort::Time ? std::size_t(1) : std::size_t(2));
        for (const auto& p : *plans) {
            // The rows' own plan; the correlated subquery after it reads each row's tags (a few, sorted).
            const QString whole = QString::fromStdString(p);
            const qsizetype tags = whole.indexOf(QLatin1String("CORRELATED SCALAR SUBQUERY"));
            QVERIFY2(tags > 0, qPrintable(whole));
            QVERIFY2(whole.mid(tags).contains(QLatin1String("SEARCH annotations USING INDEX annotations_target")),
                     qPrintable(whole));
            const QString plan = whole.left(tags);
            // A SEARCH (a range of the index), never a SCAN of the table or a sort of the rows in a temporary tree.
            // The rows come from event_rows, which the events view reads as "r".
            const QRegularExpression search(QStringLiteral("SEARCH r USING (COVERING )?INDEX ") + index +
                                            QLatin1String(" \\("));
            QVERIFY2(plan.contains(search), qPrintable(plan));
            QVERIFY2(!plan.contains(QLatin1String("TEMP B-TREE")), qPrintable(plan));
            QVERIFY2(!plan.contains(QLatin1String("SCAN r")), qPrintable(plan));
        }
    }

    void oneVaultSeeksCanWalkTheSortIndex_data()
    {
        QTest::addColumn<int>("sort");
        QTest::addColumn<QString>("index");
        QTest::addRow("caller IP") << int(Sort::CallerIp) << "events_ip_time";
        QTest::addRow("identity") << int(Sort::Identity) << "events_identity_time";
        QTest::addRow("status") << int(Sort::Status) << "events_status_time";
        QTest::addRow("object") << int(Sort::ObjectName) << "events_object_time";
    }
    void oneVaultSeeksCanWalkTheSortIndex()
    {
        // With a vault filter SQLite prefers the vault's index and sorts that vault's rows for every page; asked to,
        // the rows past the key's value come from the sorted column's index instead (no sort).
        QFETCH(int, sort);
        QFETCH(QString, index);
        EventFilter f;
        f.vaults = {"kv-3"};
        const auto plans = EventQuery(*m_case).seekPlan(f, static_cast<Sort>(sort), true, true);
        QVERIFY(plans.ok());
        QCOMPARE(plans->size(), std::size_t(2));
        const QString past = QString::fromStdString(plans->back());
        const QString rows = past.left(past.indexOf(QLatin1String("CORRELATED SCALAR SUBQUERY")));
        QVERIFY2(rows.contains(QStringLiteral("SEARCH r USING INDEX ") + index + QLatin1String(" (")), qPrintable(past));
        QVERIFY2(!rows.contains(QLatin1String("TEMP B-TREE")), qPrintable(past));
    }

    void sortIndexWhenTheFilterKeepsManyRows()
    {
        // 10 M events, 500-row pages: a vault of 3 M rows walks the sort index, one of 20,000 rows is sorted.
        QVERIFY(EventQuery::preferSortIndex(3'000'000, 10'000'000, 500));
        QVERIFY(!EventQuery::preferSortIndex(20'000, 10'000'000, 500));
        QVERIFY(EventQuery::preferSortIndex(10'000'000, 10'000'000, 500));
        QVERIFY(!EventQuery::preferSortIndex(0, 0, 500));
        QCOMPARE(*EventQuery(*m_case).rowEstimate(), std::int64_t(kEvents));
    }

    void oneVaultByTimeSeeksInTheVaultIndex()
    {
        EventFilter f;
        f.vaults = {"kv-3"};
        const auto plans = EventQuery(*m_case).seekPlan(f, Sort::Time, false);
        QVERIFY(plans.ok());
        QCOMPARE(plans->size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(plans->front()).contains(QLatin1String("events_vault_time (vault=? AND time>?)")),
                 plans->front().c_str());
    }

    void cachePlansFetches()
    {
        EventPageCache cache(Sort::Time, 10, 3, 30);
        // The first pages are near the start: a short OFFSET.
        auto p0 = cache.plan(0);
        QVERIFY(p0.has_value());
        QCOMPARE(p0->kind, EventPageCache::Fetch::Kind::FromStart);
        QCOMPARE(p0->skip, std::int64_t(0));
        QCOMPARE(cache.plan(2)->skip, std::int64_t(20));
        // Far from both ends, with no neighbour and no anchors: nothing to do yet.
        QVERIFY(!cache.plan(50).has_value());
        cache.setCount(1000);
        QVERIFY(!cache.plan(50).has_value());
        QVERIFY(!cache.plan(100).has_value());   // past the end
        // The last page holds the 10 last rows; the one before skips them from the end.
        QCOMPARE(cache.plan(99)->kind, EventPageCache::Fetch::Kind::FromEnd);
        QCOMPARE(cache.plan(99)->skip, std::int64_t(0));
        QCOMPARE(cache.plan(98)->skip, std::int64_t(10));
        // A full page beside it: a seek after its last row (or before the first row of the page after).
        std::vector<EventRow> rows(10);
        for (int i = 0; i < 10; ++i) {
            rows[static_cast<std::size_t>(i)].id = 500 + i;
            rows[static_cast<std::size_t>(i)].event.time = Timestamp::fromTicks(1000 + i);
        }
        cache.store(50, rows);
        QCOMPARE(cache.plan(51)->kind, EventPageCache::Fetch::Kind::Seek);
        QCOMPARE(cache.plan(51)->seek, EventQuery::Seek::After);
        QCOMPARE(cache.plan(51)->key.id, std::int64_t(509));
        QCOMPARE(cache.plan(49)->seek, EventQuery::Seek::Before);
        QCOMPARE(cache.plan(49)->key.id, std::int64_t(500));
        QCOMPARE(cache.row(505)->id, std::int64_t(505));
        QVERIFY(cache.row(495) == nullptr);
        // Anchors: a jump anywhere is a seek from the key of the page's first row.
        EventQuery::Anchors anchors;
        anchors.every = 10;
        anchors.rows = 1000;
        for (int k = 0; k < 100; ++k) {
            EventSortKey key;
            key.time = k;
            key.id = 10'000 + k;
            anchors.keys.push_back(key);
        }
        cache.setAnchors(anchors);
        QCOMPARE(cache.plan(70)->seek, EventQuery::Seek::AtOrAfter);
        QCOMPARE(cache.plan(70)->key.id, std::int64_t(10'070));
        // Anchors of another page size do not fit the pages.
        EventPageCache other(Sort::Time, 20, 3, 0);
        other.setAnchors(anchors);
        QVERIFY(!other.hasAnchors());
        // Least recently used pages leave first.
        cache.store(1, rows);
        cache.store(2, rows);
        QVERIFY(cache.row(505) != nullptr);   // page 50 is now the most recent
        cache.store(3, rows);
        QCOMPARE(cache.cachedPages(), std::size_t(3));
        QVERIFY(!cache.hasPage(1));
        QVERIFY(cache.hasPage(50));
        QVERIFY(cache.row(-1) == nullptr);
    }

    void cacheJumpsAndScrollsLikeOffsetPaging_data()
    {
        QTest::addColumn<int>("sort");
        QTest::addColumn<bool>("descending");
        QTest::addRow("time ascending") << int(Sort::Time) << false;
        QTest::addRow("identity descending") << int(Sort::Identity) << true;
        QTest::addRow("status ascending") << int(Sort::Status) << false;
    }
    void cacheJumpsAndScrollsLikeOffsetPaging()
    {
        QFETCH(int, sort);
        QFETCH(bool, descending);
        const auto s = static_cast<Sort>(sort);
        const EventQuery q(*m_case);
        const EventFilter f;
        // Edge OFFSETs only within 2 pages of either end: the middle needs neighbours or anchors.
        EventPageCache cache(s, kPage, 8, 2 * kPage);
        cache.setCount(kEvents);
        const std::int64_t pages = (kEvents + kPage - 1) / kPage;
        QVERIFY(!cache.plan(pages / 2).has_value());
        cache.setAnchors(*q.anchors(f, s, descending, kPage));
        // A jump into the middle, a scroll down and up from there, a jump near the end: every page equals its OFFSET
        // page.
        const std::int64_t visits[] = {pages / 2, pages / 2 + 1, pages / 2 + 2, pages / 2 - 1, pages - 1, pages - 2, 0, 7};
        for (const std::int64_t page : visits) {
            const auto plan = cache.plan(page);
            QVERIFY(plan.has_value());
            const auto rows = EventPageCache::load(q, f, s, descending, *plan);
            QVERIFY(rows.ok());
            const auto reference = q.page(f, s, descending, page * kPage, kPage);
            QCOMPARE(ids(*rows), ids(*reference));
            cache.store(page, *rows);
            QCOMPARE(cache.row(page * kPage)->id, reference->front().id);
        }
    }

    void anchorPassStopsWhenCancelled()
    {
        const std::atomic<bool> cancel{true};
        // The flag is read every 4,096 rows: this case is smaller, so the pass completes; a 10,000-row one stops.
        QVERIFY(EventQuery(*m_case).anchors({}, Sort::Time, false, 100, &cancel).ok());
        QTemporaryDir dir;
        auto c = CaseFile::open((dir.path() + QStringLiteral("/big.kvwb")).toStdString());
        QVERIFY(c.ok());
        EventWriter writer(*c, 5000);
        QVERIFY(writer.beginFile("big.jsonl", 1, "big-1").ok());
        for (int i = 0; i < 10'000; ++i) {
            writer.addEvent(generated(i), i + 1, "{}");
            if (writer.needsFlush()) {
                QVERIFY(writer.flush().ok());
            }
        }
        QVERIFY(writer.finishFile(true).ok());
        const auto r = EventQuery(*c).anchors({}, Sort::Time, false, 100, &cancel);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, Error::Code::Cancelled);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_case;
};

QTEST_GUILESS_MAIN(TestEventPaging)
#include "tst_event_paging.moc"
