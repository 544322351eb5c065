// The annotation store: tags, notes and bookmarks on every target kind, their round trip through the case file,
// tag normalisation, validation of row-id targets, and the "tagged events" filter.
#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>

using namespace kvw::core;

namespace {

const Timestamp kT0 = Timestamp::fromCivil(2026, 11, 3, 10, 0, 0);

std::vector<std::int64_t> writeEvents(const CaseFile& c, const std::vector<std::string>& vaults)
{
    EventWriter w(c);
    [[maybe_unused]] auto st = w.beginFile("events.json", 1, "fp");
    w.setFormat(SourceFormat::RawJsonLines);
    for (std::size_t i = 0; i < vaults.size(); ++i) {
        Event e;
        e.time = kT0 + static_cast<std::int64_t>(i) * Timestamp::TicksPerMinute;
        e.vault = vaults[i];
        e.operation = "SecretGet";
        e.callerIp = "10.0.0." + std::to_string(i + 1);
        e.identityObjectId = "oid-" + std::to_string(i);
        e.httpStatus = 200;
        w.addEvent(e, static_cast<std::int64_t>(i + 1), "{}");
    }
    [[maybe_unused]] auto f = w.flush();
    [[maybe_unused]] auto d = w.finishFile(true);
    std::vector<std::int64_t> ids;
    auto q = c.db().prepare("SELECT id FROM events ORDER BY time");
    while (q.step()) {
        ids.push_back(q.int64(0));
    }
    return ids;
}

QStringList render(const std::vector<Annotation>& list)
{
    QStringList out;
    for (const auto& a : list) {
        out << QString::fromStdString(std::string(toString(a.kind)) + "|" + a.target + "|" + a.tag + "|" + a.note + "|" +
                                      (a.bookmark ? "B" : "-") + "|" + a.createdAt + "|" + a.author);
    }
    return out;
}

} // namespace

class TestAnnotations : public QObject
{
    Q_OBJECT

private slots:
    void roundTripThroughCaseFile();
    void normaliseTag_data();
    void normaliseTag();
    void sameTagOnce();
    void rejectsBadTargets_data();
    void rejectsBadTargets();
    void taggedEventsUnderFilter();
    void removeTagAndNote();
};

void TestAnnotations::roundTripThroughCaseFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("case.kvwb").toStdString();
    const FixedClock clock(kT0);
    {
        auto c = CaseFile::open(path);
        QVERIFY(c.ok());
        const auto ids = writeEvents(*c, {"kv-a", "kv-b"});
        c->db().exec("INSERT INTO findings(rule_id, title, severity, start_time, end_time) VALUES('r', 'F', 'High', 0, 1);"
                     "INSERT INTO alerts(system_alert_id, display_name) VALUES('sys-1', 'A');");
        AnnotationStore s(*c, clock, "analyst");
        QVERIFY(s.addTag(AnnotationTarget::Event, std::to_string(ids[0]), "malicious").ok());
        QVERIFY(s.addNote(AnnotationTarget::Event, std::to_string(ids[0]), "first <b>seen</b>\nhere").ok());
        QVERIFY(s.addBookmark(AnnotationTarget::Event, std::to_string(ids[1])).ok());
        QVERIFY(s.addTag(AnnotationTarget::Ip, "10.0.0.1", "needs-review").ok());
        QVERIFY(s.addTag(AnnotationTarget::Identity, "oid-0", "benign").ok());
        QVERIFY(s.addNote(AnnotationTarget::Vault, "kv-a", "production").ok());
        QVERIFY(s.addTag(AnnotationTarget::App, "app-1", "benign").ok());
        QVERIFY(s.addTag(AnnotationTarget::Object, "db-password", "exposed").ok());
        QVERIFY(s.addTag(AnnotationTarget::Finding, "1", "confirmed").ok());
        QVERIFY(s.addNote(AnnotationTarget::Alert, "1", "true positive").ok());
    }
    auto c = CaseFile::openReadOnly(path);
    QVERIFY(c.ok());
    const AnnotationStore s(*c, clock);
    auto all = s.list();
    QVERIFY(all.ok());
    const QString t = QString::fromStdString(kT0.toIso());
    auto q = c->db().prepare("SELECT MIN(id), MAX(id) FROM events");
    q.step();
    const QString e0 = QString::number(q.int64(0));
    const QString e1 = QString::number(q.int64(1));
    const QStringList expected{
        "alert|1||true positive|-|" + t + "|analyst",
        "app|app-1|benign||-|" + t + "|analyst",
        "event|" + e0 + "|malicious||-|" + t + "|analyst",
        "event|" + e0 + "||first <b>seen</b>\nhere|-|" + t + "|analyst",
        "event|" + e1 + "|||B|" + t + "|analyst",
        "finding|1|confirmed||-|" + t + "|analyst",
        "identity|oid-0|benign||-|" + t + "|analyst",
        "ip|10.0.0.1|needs-review||-|" + t + "|analyst",
        "object|db-password|exposed||-|" + t + "|analyst",
        "vault|kv-a||production|-|" + t + "|analyst",
    };
    const QStringList got = render(*all);
    if (got != expected) {
        qWarning() << "got" << got << "expected" << expected;
    }
    QCOMPARE(got, expected);

    AnnotationQuery bookmarks;
    bookmarks.bookmarksOnly = true;
    QCOMPARE(s.list(bookmarks)->size(), std::size_t{1});
    auto byEvent = s.byTarget(AnnotationTarget::Event);
    QVERIFY(byEvent.ok());
    QCOMPARE(AnnotationStore::tagsText(byEvent->at(e0.toStdString())), std::string("malicious"));
    QCOMPARE(AnnotationStore::notesText(byEvent->at(e0.toStdString())), std::string("first <b>seen</b>\nhere"));
    QCOMPARE(AnnotationStore::tagsText(byEvent->at(e1.toStdString())), std::string("bookmarked"));
}

void TestAnnotations::normaliseTag_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addRow("lower-cased") << "MALICIOUS" << "malicious";
    QTest::addRow("trimmed, inner blanks become one dash") << "  Needs   Review " << "needs-review";
    QTest::addRow("control characters are blanks") << "bad\x01tag" << "bad-tag";
    QTest::addRow("only blanks is empty") << " \t " << "";
    QTest::addRow("markup kept as text") << "<b>x</b>" << "<b>x</b>";
}

void TestAnnotations::normaliseTag()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(AnnotationStore::normaliseTag(input.toStdString())), expected);
}

void TestAnnotations::sameTagOnce()
{
    QTemporaryDir dir;
    auto c = CaseFile::open(dir.filePath("c.kvwb").toStdString());
    QVERIFY(c.ok());
    const FixedClock clock(kT0);
    AnnotationStore s(*c, clock);
    const auto a = s.addTag(AnnotationTarget::Ip, "1.2.3.4", "Malicious");
    const auto b = s.addTag(AnnotationTarget::Ip, "1.2.3.4", "malicious ");
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(*a, *b);
    QCOMPARE(s.list()->size(), std::size_t{1});
}

void TestAnnotations::rejectsBadTargets_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<int>("code");
    QTest::addRow("missing event") << int(AnnotationTarget::Event) << "999" << "x" << int(Error::Code::NotFound);
    QTest::addRow("event id not a number") << int(AnnotationTarget::Event) << "12a" << "x" << int(Error::Code::Usage);
    QTest::addRow("missing finding") << int(AnnotationTarget::Finding) << "5" << "x" << int(Error::Code::NotFound);
    QTest::addRow("missing alert") << int(AnnotationTarget::Alert) << "5" << "x" << int(Error::Code::NotFound);
    QTest::addRow("empty target") << int(AnnotationTarget::Ip) << "" << "x" << int(Error::Code::Usage);
    QTest::addRow("empty tag") << int(AnnotationTarget::Ip) << "1.2.3.4" << "  " << int(Error::Code::Usage);
}

void TestAnnotations::rejectsBadTargets()
{
    QFETCH(int, kind);
    QFETCH(QString, target);
    QFETCH(QString, tag);
    QFETCH(int, code);
    QTemporaryDir dir;
    auto c = CaseFile::open(dir.filePath("c.kvwb").toStdString());
    QVERIFY(c.ok());
    const FixedClock clock(kT0);
    AnnotationStore s(*c, clock);
    const auto r = s.addTag(static_cast<AnnotationTarget>(kind), target.toStdString(), tag.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().code), code);
    QVERIFY(s.list()->empty());
}

void TestAnnotations::taggedEventsUnderFilter()
{
    QTemporaryDir dir;
    auto c = CaseFile::open(dir.filePath("c.kvwb").toStdString());
    QVERIFY(c.ok());
    const auto ids = writeEvents(*c, {"kv-a", "kv-b", "kv-a", "kv-a"});
    const FixedClock clock(kT0);
    AnnotationStore s(*c, clock);
    QVERIFY(s.addTag(AnnotationTarget::Event, std::to_string(ids[0]), "malicious").ok());
    QVERIFY(s.addTag(AnnotationTarget::Event, std::to_string(ids[1]), "malicious").ok());
    QVERIFY(s.addNote(AnnotationTarget::Event, std::to_string(ids[3]), "look").ok());
    auto all = s.annotatedEvents({});
    QVERIFY(all.ok());
    QCOMPARE(all->size(), std::size_t{3});
    EventFilter f;
    f.vaults = {"kv-a"};
    auto inA = s.annotatedEvents(f, "malicious");
    QVERIFY(inA.ok());
    QCOMPARE(inA->size(), std::size_t{1});
    QCOMPARE(inA->front().id, ids[0]);
    f.from = kT0 + Timestamp::TicksPerMinute;
    auto later = s.annotatedEvents(f);
    QCOMPARE(later->size(), std::size_t{1});
    QCOMPARE(later->front().id, ids[3]);
}

void TestAnnotations::removeTagAndNote()
{
    QTemporaryDir dir;
    auto c = CaseFile::open(dir.filePath("c.kvwb").toStdString());
    QVERIFY(c.ok());
    const FixedClock clock(kT0);
    AnnotationStore s(*c, clock);
    QVERIFY(s.addTag(AnnotationTarget::Vault, "kv-a", "in-scope").ok());
    const auto note = s.addNote(AnnotationTarget::Vault, "kv-a", "owner: payments");
    QVERIFY(note.ok());
    QCOMPARE(*s.removeTag(AnnotationTarget::Vault, "kv-a", "In Scope"), 1);
    QCOMPARE(*s.remove(*note), 1);
    QCOMPARE(*s.remove(*note), 0);
    QVERIFY(s.list()->empty());
}

QTEST_GUILESS_MAIN(TestAnnotations)
#include "tst_annotations.moc"
