#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/query/ColumnCriterion.h"
#include "core/query/EventFilter.h"
#include "core/query/EventQuery.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>

using namespace kvw::core;

namespace {

using Column = ColumnCriterion::Column;
using Match = ColumnCriterion::Match;

// Object names and clients full of SQL and LIKE metacharacters: a filter must match them as plain text.
const char* const kObjects[] = {"o'brien", "100%", "a_b", "x;--drop table events", "plain", "ab", "100", ""};
const char* const kClients[] = {"curl/8.0", "it's;--", "50% off", "under_score"};

Event generated(int i)
{
    Event e;
    e.time = Timestamp::fromCivil(2026, 11, 2) + static_cast<std::int64_t>(i) * Timestamp::TicksPerSecond;
    e.vault = i % 3 == 0 ? "kv-prod" : (i % 3 == 1 ? "kv-dev" : "kv-o'neil");
    e.subscription = "sub-1";
    e.resourceType = ResourceType::Vault;
    e.operation = i % 2 == 0 ? "SecretGet" : "KeySign";
    if (i % 10 != 0) {
        e.httpStatus = i % 4 == 0 ? 403 : (i % 7 == 0 ? 500 : 200);
    }
    if (i % 6 != 0) {
        e.durationMs = i % 120;
    }
    e.resultSignature = i % 5 == 0 ? "" : "OK";
    e.resultType = i % 5 == 0 ? "Failure" : "Success";
    e.callerIp = "10.0.0." + std::to_string(i % 9);
    e.identityUpn = "user" + std::to_string(i % 4) + "@contoso.com";
    e.objectName = kObjects[i % 8];
    e.clientInfo = kClients[i % 4];
    e.requestUri = "https://kv/secrets/" + e.objectName;
    e.correlationId = "c" + std::to_string(i);
    return e;
}

bool containsCi(const std::string& hay, const std::string& needle)
{
    return QString::fromStdString(hay).contains(QString::fromStdString(needle), Qt::CaseInsensitive);
}

} // namespace

// Per-column filters of the event grid: translated into bound SQL, honoured by the count and the pages, with
// metacharacters matched literally; and the `COLUMN=VALUE` syntax of `events --where`.
class TestColumnFilters : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto c = CaseFile::open((m_dir.path() + QStringLiteral("/columns.kvwb")).toStdString());
        QVERIFY(c.ok());
        m_case = std::make_unique<CaseFile>(std::move(*c));
        EventWriter writer(*m_case, 500);
        QVERIFY(writer.beginFile("columns.jsonl", 1, "columns-1").ok());
        for (int i = 0; i < kCount; ++i) {
            writer.addEvent(generated(i), i + 1, "{}");
            if (writer.needsFlush()) {
                QVERIFY(writer.flush().ok());
            }
        }
        QVERIFY(writer.finishFile(true).ok());
    }

    void countsMatchAnIndependentScan_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("match");
        QTest::addColumn<QString>("text");
        QTest::addColumn<qlonglong>("min");
        QTest::addColumn<qlonglong>("max");
        const qlonglong none = -1;
        QTest::addRow("object contains quote") << int(Column::ObjectName) << int(Match::Contains) << "'" << none << none;
        QTest::addRow("object contains percent") << int(Column::ObjectName) << int(Match::Contains) << "%" << none << none;
        QTest::addRow("object contains underscore") << int(Column::ObjectName) << int(Match::Contains) << "_" << none << none;
        QTest::addRow("object equals comment") << int(Column::ObjectName) << int(Match::Equals)
                                               << "x;--drop table events" << none << none;
        QTest::addRow("object equals quote") << int(Column::ObjectName) << int(Match::Equals) << "o'brien" << none << none;
        QTest::addRow("object equals 100") << int(Column::ObjectName) << int(Match::Equals) << "100" << none << none;
        QTest::addRow("client contains ;--") << int(Column::ClientInfo) << int(Match::Contains) << ";--" << none << none;
        QTest::newRow("client contains % off") << int(Column::ClientInfo) << int(Match::Contains) << "% off" << none << none;
        QTest::addRow("vault equals quote, any case") << int(Column::Vault) << int(Match::Equals) << "KV-O'NEIL" << none << none;
        QTest::addRow("vault contains prod") << int(Column::Vault) << int(Match::Contains) << "PROD" << none << none;
        QTest::addRow("result equals Failure") << int(Column::Result) << int(Match::Equals) << "Failure" << none << none;
        QTest::addRow("status 400..499") << int(Column::Status) << int(Match::Range) << "" << 400LL << 499LL;
        QTest::addRow("status at least 500") << int(Column::Status) << int(Match::Range) << "" << 500LL << none;
        QTest::addRow("duration at most 10") << int(Column::DurationMs) << int(Match::Range) << "" << none << 10LL;
        QTest::addRow("duration 50..60") << int(Column::DurationMs) << int(Match::Range) << "" << 50LL << 60LL;
        QTest::addRow("uri contains percent") << int(Column::RequestUri) << int(Match::Contains) << "100%" << none << none;
        QTest::addRow("identity equals user2") << int(Column::Identity) << int(Match::Equals) << "user2@contoso.com"
                                               << none << none;
        QTest::addRow("ip contains .0.7") << int(Column::CallerIp) << int(Match::Contains) << ".0.7" << none << none;
    }
    void countsMatchAnIndependentScan()
    {
        QFETCH(int, column);
        QFETCH(int, match);
        QFETCH(QString, text);
        QFETCH(qlonglong, min);
        QFETCH(qlonglong, max);
        ColumnCriterion c;
        c.column = static_cast<Column>(column);
        c.match = static_cast<Match>(match);
        c.text = text.toStdString();
        if (min >= 0) {
            c.min = min;
        }
        if (max >= 0) {
            c.max = max;
        }
        // The expected count, from the generator's own values (not from SQL).
        int expected = 0;
        for (int i = 0; i < kCount; ++i) {
            const Event e = generated(i);
            std::string value;
            std::optional<std::int64_t> number;
            switch (c.column) {
            case Column::Vault: value = e.vault; break;
            case Column::Operation: value = e.operation; break;
            case Column::Status: number = e.httpStatus; break;
            case Column::Result: value = e.resultSignature.empty() ? e.resultType : e.resultSignature; break;
            case Column::CallerIp: value = e.callerIp; break;
            case Column::Identity:
            case Column::Upn: value = e.identityUpn; break;
            case Column::AppId: value = e.identityAppId; break;
            case Column::ObjectName: value = e.objectName; break;
            case Column::DurationMs: number = e.durationMs; break;
            case Column::ClientInfo: value = e.clientInfo; break;
            case Column::RequestUri: value = e.requestUri; break;
            }
            bool hit = false;
            if (c.match == Match::Contains) {
                hit = containsCi(value, c.text);
            } else if (c.match == Match::Equals) {
                hit = c.column == Column::Vault ? QString::fromStdString(value).compare(text, Qt::CaseInsensitive) == 0
                                                : value == c.text;
            } else {
                hit = number && (!c.min || *number >= *c.min) && (!c.max || *number <= *c.max);
            }
            expected += hit ? 1 : 0;
        }
        QVERIFY(expected > 0);
        QVERIFY(expected < kCount);
        EventFilter f;
        f.columns = {c};
        const EventQuery q(*m_case);
        QCOMPARE(*q.count(f), std::int64_t(expected));
        // The pages hold the same rows: every one of them satisfies the criterion.
        const auto rows = q.page(f, EventQuery::Sort::Time, false, 0, kCount);
        QCOMPARE(static_cast<int>(rows->size()), expected);
        // Keyset seeks honour it too.
        const auto anchors = q.anchors(f, EventQuery::Sort::ObjectName, true, 7);
        QCOMPARE(anchors->rows, std::int64_t(expected));
        // And the table is still there after ";--".
        QCOMPARE(*q.count({}), std::int64_t(kCount));
    }

    void criteriaCombine()
    {
        EventFilter f;
        f.vaults = {"kv-prod"};
        ColumnCriterion failed;
        failed.column = Column::Status;
        failed.match = Match::Range;
        failed.min = 400;
        ColumnCriterion secret;
        secret.column = Column::Operation;
        secret.match = Match::Equals;
        secret.text = "SecretGet";
        f.columns = {failed, secret};
        int expected = 0;
        for (int i = 0; i < kCount; ++i) {
            const Event e = generated(i);
            expected += e.vault == "kv-prod" && e.httpStatus && *e.httpStatus >= 400 && e.operation == "SecretGet" ? 1 : 0;
        }
        QVERIFY(expected > 0);
        QCOMPARE(*EventQuery(*m_case).count(f), std::int64_t(expected));
        QVERIFY(QString::fromStdString(f.describe()).contains(QLatin1String("status 400..")));
        QVERIFY(QString::fromStdString(f.describe()).contains(QLatin1String("operation = \"SecretGet\"")));
    }

    void tagsAndTaggedOnly()
    {
        // Two events tagged (one twice, and once with a note only), an IP tagged: only event tags count.
        const EventQuery q(*m_case);
        const auto rows = *q.page({}, EventQuery::Sort::Time, false, 0, 20);
        const FixedClock clock(Timestamp::fromCivil(2026, 11, 3));
        AnnotationStore store(*m_case, clock, "analyst");
        QVERIFY(store.addTag(AnnotationTarget::Event, std::to_string(rows[3].id), "needs-review").ok());
        QVERIFY(store.addTag(AnnotationTarget::Event, std::to_string(rows[3].id), "malicious").ok());
        QVERIFY(store.addTag(AnnotationTarget::Event, std::to_string(rows[11].id), "o'brien;--").ok());
        QVERIFY(store.addNote(AnnotationTarget::Event, std::to_string(rows[12].id), "a note, no tag").ok());
        QVERIFY(store.addTag(AnnotationTarget::Ip, rows[5].event.callerIp, "malicious").ok());
        EventFilter tagged;
        tagged.taggedOnly = true;
        QCOMPARE(*q.count(tagged), std::int64_t(2));
        const auto page = *q.page(tagged, EventQuery::Sort::Time, false, 0, 10);
        QCOMPARE(page.size(), std::size_t(2));
        QCOMPARE(page[0].id, rows[3].id);
        QCOMPARE(QString::fromStdString(page[0].tags), QStringLiteral("malicious, needs-review"));
        QCOMPARE(QString::fromStdString(page[1].tags), QStringLiteral("o'brien;--"));
        // Every page query carries the tags; untagged rows have none.
        const auto again = *q.page({}, EventQuery::Sort::Time, false, 0, 20);
        QCOMPARE(QString::fromStdString(again[3].tags), QStringLiteral("malicious, needs-review"));
        QVERIFY(again[12].tags.empty());
        // Seeks and anchors honour the criterion, combined with another one.
        tagged.vaults = {rows[11].event.vault};
        QCOMPARE(*q.count(tagged), std::int64_t(rows[3].event.vault == rows[11].event.vault ? 2 : 1));
        const auto anchors = *q.anchors(tagged, EventQuery::Sort::Vault, false, 1);
        QCOMPARE(anchors.rows, *q.count(tagged));
        QVERIFY(QString::fromStdString(tagged.describe()).contains(QLatin1String("tagged events only")));
        QVERIFY(store.removeTag(AnnotationTarget::Event, std::to_string(rows[11].id), "o'brien;--").ok());
        QVERIFY(store.removeTag(AnnotationTarget::Event, std::to_string(rows[3].id), "malicious").ok());
        QVERIFY(store.removeTag(AnnotationTarget::Event, std::to_string(rows[3].id), "needs-review").ok());
        EventFilter none;
        none.taggedOnly = true;
        QCOMPARE(*q.count(none), std::int64_t(0));
    }

    void parse_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("described");
        QTest::addRow("equals") << "vault=kv-prod" << true << "vault = \"kv-prod\"";
        QTest::addRow("contains") << "operation~Secret" << true << "operation contains \"Secret\"";
        QTest::addRow("value with =") << "uri=a=b" << true << "uri = \"a=b\"";
        QTest::addRow("quote kept") << "object~o'brien" << true << "object contains \"o'brien\"";
        QTest::addRow("status equals") << "status=403" << true << "status = 403";
        QTest::addRow("status at least") << "status>=400" << true << "status 400..";
        QTest::addRow("duration at most") << "duration<=100" << true << "duration ..100";
        QTest::addRow("alias caller_ip") << "caller_ip=10.0.0.1" << true << "ip = \"10.0.0.1\"";
        QTest::addRow("unknown column") << "colour=red" << false << "";
        QTest::addRow("no operator") << "vault" << false << "";
        QTest::addRow("bound on text") << "vault>=a" << false << "";
        QTest::addRow("status not a number") << "status=abc" << false << "";
    }
    void parse()
    {
        QFETCH(QString, expression);
        QFETCH(bool, ok);
        QFETCH(QString, described);
        const auto c = ColumnCriterion::parse(expression.toStdString());
        QCOMPARE(c.ok(), ok);
        if (ok) {
            QCOMPARE(QString::fromStdString(c->describe()), described);
        } else {
            QVERIFY(!c.error().message.empty());
        }
    }

private:
    static constexpr int kCount = 400;
    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_case;
};

QTEST_GUILESS_MAIN(TestColumnFilters)
#include "tst_column_filters.moc"
