#include "core/store/Database.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace kvw::core;

Q_DECLARE_METATYPE(std::string)

// The SQLite wrapper's binds: the copying and the unowned (zero-copy) forms store the same values.
class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void unownedBindsStoreWhatCopyingBindsStore_data()
    {
        QTest::addColumn<std::string>("value");
        QTest::newRow("plain") << std::string("SecretGet");
        QTest::newRow("empty is text, not null") << std::string();
        QTest::newRow("embedded nul") << std::string("a\0b", 3);
        QTest::newRow("multibyte") << std::string("\xc3\xa9t\xc3\xa9 \xe2\x9c\x93");
        QTest::newRow("sql-looking") << std::string("'); DROP TABLE t; --");
    }

    void unownedBindsStoreWhatCopyingBindsStore()
    {
        QFETCH(std::string, value);
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath("t.db").toStdString());
        QVERIFY(db.ok());
        db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, txt, bin)");
        auto ins = db->prepare("INSERT INTO t(id, txt, bin) VALUES(?, ?, ?)");
        ins.bind(1, 1).bind(2, std::string_view(value)).bindBlob(3, value.data(), value.size()).run();
        {
            // A copy that dies right after run(): run() steps and resets, so SQLite no longer needs the bytes.
            std::string scratch = value;
            ins.bind(1, 2).bindUnowned(2, scratch).bindBlobUnowned(3, scratch.data(), scratch.size()).run();
            scratch.assign(scratch.size(), 'x');
        }
        auto q = db->prepare("SELECT typeof(txt), txt, typeof(bin), length(CAST(bin AS BLOB)), bin FROM t "
                             "ORDER BY id");
        for (int row = 1; row <= 2; ++row) {
            QVERIFY(q.step());
            QCOMPARE(q.text(0), std::string("text"));
            QCOMPARE(q.text(1), value);
            QCOMPARE(q.text(2), std::string("blob"));
            QCOMPARE(q.int64(3), static_cast<std::int64_t>(value.size()));
            QCOMPARE(q.blob(4), value);
        }
        QVERIFY(!q.step());
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
