// The in-memory de-duplication key set of a bulk load, against std::unordered_set as the reference.
#include "core/store/DedupKeySet.h"

#include <QtTest>

#include <random>
#include <unordered_set>

using namespace kvw;

class TestDedupKeySet : public QObject
{
    Q_OBJECT

private slots:
    void edgeKeysAreKeys_data()
    {
        QTest::addColumn<qint64>("key");
        QTest::addRow("zero (the empty-slot marker)") << qint64(0);
        QTest::addRow("minus one") << qint64(-1);
        QTest::addRow("smallest") << std::numeric_limits<qint64>::min();
        QTest::addRow("largest") << std::numeric_limits<qint64>::max();
        QTest::addRow("one") << qint64(1);
    }

    void edgeKeysAreKeys()
    {
        QFETCH(qint64, key);
        core::DedupKeySet set;
        QVERIFY(!set.contains(key));
        QVERIFY(set.insert(key));
        QVERIFY(set.contains(key));
        QVERIFY(!set.insert(key));
        QCOMPARE(set.size(), std::size_t(1));
        set.clear();
        QVERIFY(!set.contains(key));
        QCOMPARE(set.size(), std::size_t(0));
    }

    // Enough keys for every shard to grow several times; half the probes are absent keys, and keys that share a
    // shard and a home slot (same top and low bits) must still be told apart.
    void agreesWithAReferenceSet()
    {
        std::mt19937_64 rng(7);
        core::DedupKeySet set;
        std::unordered_set<std::int64_t> reference;
        for (int i = 0; i < 400'000; ++i) {
            auto key = static_cast<std::int64_t>(rng());
            if (i % 10 == 0) {
                key = static_cast<std::int64_t>(static_cast<std::uint64_t>(key) & 0xff000000000003ffULL);
            }
            QCOMPARE(set.insert(key), reference.insert(key).second);
            if (i % 7 == 0) {
                const auto again = static_cast<std::int64_t>(rng());
                QCOMPARE(set.contains(again), reference.count(again) == 1);
            }
        }
        QCOMPARE(set.size(), reference.size());
        for (const std::int64_t key : reference) {
            if (!set.contains(key)) {
                QFAIL(qPrintable(QString("lost key %1").arg(key)));
            }
        }
        QVERIFY(!set.insert(*reference.begin()));
    }
};

QTEST_GUILESS_MAIN(TestDedupKeySet)
#include "tst_dedup_key_set.moc"
