// "Save case as": CaseCopy writes a consistent copy of a WAL case through SQLite, including what is still in the
// -wal file, replaces an older copy, and never overwrites the case it copies.
#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/store/CaseCopy.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace kvw::core;

namespace {

void writeEvents(const CaseFile& c, const std::string& file, int count)
{
    EventWriter w(c);
    QVERIFY(w.beginFile(file, 10, file).ok());
    w.setFormatName("auditevent-jsonlines");
    for (int i = 0; i < count; ++i) {
        Event e;
        e.time = Timestamp::fromCivil(2026, 11, 1) + i * Timestamp::TicksPerMinute;
        e.vault = "kv-a";
        e.operation = "SecretGet";
        e.operationClass = OperationClass::ReadSecret;
        e.callerIp = "198.51.100." + std::to_string(i % 200);
        e.correlationId = file + std::to_string(i);
        e.httpStatus = 200;
        w.addEvent(e, i + 1, "{}");
    }
    QVERIFY(w.flush().ok());
    QVERIFY(w.finishFile(true).ok());
}

std::int64_t eventCount(const std::string& path)
{
    auto c = CaseFile::openReadOnly(path);
    if (!c) {
        return -1;
    }
    auto st = c->db().prepare("SELECT COUNT(*) FROM events");
    return st.step() ? st.int64(0) : -1;
}

} // namespace

class TestCaseCopy : public QObject
{
    Q_OBJECT

private slots:
    void copiesWhatIsStillInTheWal()
    {
        QTemporaryDir dir;
        const std::string source = dir.filePath(QStringLiteral("case.kvwb")).toStdString();
        const std::string target = dir.filePath(QStringLiteral("handed-on.kvwb")).toStdString();
        auto c = CaseFile::open(source);
        QVERIFY(c.ok());
        writeEvents(*c, "a.json", 120);
        const FixedClock clock(Timestamp::fromCivil(2026, 11, 2));
        QVERIFY(AnnotationStore(*c, clock, "analyst").addTag(AnnotationTarget::Ip, "198.51.100.7", "malicious").ok());
        // The writer's connection is still open: the latest commits live in the -wal file, not the main file.
        QVERIFY(QFileInfo(QString::fromStdString(source + "-wal")).size() > 0);

        const Status st = CaseCopy::save(source, target);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().toString().c_str());
        QCOMPARE(eventCount(target), std::int64_t{120});
        QVERIFY(!QFileInfo::exists(QString::fromStdString(target + ".part")));
        auto copy = CaseFile::openReadOnly(target);
        QVERIFY(copy.ok());
        QCOMPARE(copy->schemaVersion(), c->schemaVersion());
        auto tags = AnnotationStore(*copy, clock).list({});
        QVERIFY(tags.ok());
        QCOMPARE(tags->size(), std::size_t{1});
        QCOMPARE(tags->front().tag, std::string("malicious"));

        // Saving again replaces the older copy.
        writeEvents(*c, "b.json", 30);
        QVERIFY(CaseCopy::save(source, target).ok());
        QCOMPARE(eventCount(target), std::int64_t{150});
    }

    void refusesToReplaceItsSource_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("code");
        QTest::newRow("the case itself") << QStringLiteral("case.kvwb") << int(Error::Code::Usage);
        QTest::newRow("the case through another path") << QStringLiteral("./sub/../case.kvwb") << int(Error::Code::Usage);
    }

    void refusesToReplaceItsSource()
    {
        QFETCH(QString, target);
        QFETCH(int, code);
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub")));
        const std::string source = dir.filePath(QStringLiteral("case.kvwb")).toStdString();
        {
            auto c = CaseFile::open(source);
            QVERIFY(c.ok());
            writeEvents(*c, "a.json", 5);
        }
        const Status st = CaseCopy::save(source, dir.filePath(target).toStdString());
        QVERIFY(!st.ok());
        QCOMPARE(int(st.error().code), code);
        QCOMPARE(eventCount(source), std::int64_t{5});
    }

    void missingSourceIsAnError()
    {
        QTemporaryDir dir;
        const Status st = CaseCopy::save(dir.filePath(QStringLiteral("none.kvwb")).toStdString(),
                                         dir.filePath(QStringLiteral("copy.kvwb")).toStdString());
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, Error::Code::NotFound);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("copy.kvwb"))));
    }
};

QTEST_GUILESS_MAIN(TestCaseCopy)
#include "tst_case_copy.moc"
