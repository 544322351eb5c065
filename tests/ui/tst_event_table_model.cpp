#include "WorkbookFixture.h"

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/query/EventQuery.h"
#include "ui/EventTableModel.h"
#include "ui/ModelRoles.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace kvw;
using kvw::test::WorkbookFixture;

// The paged Events model: counts from COUNT(*), rows fetched in pages on demand, sorting and filters in SQL.
class TestEventTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.path() + QStringLiteral("/fixture.kvwb");
        auto c = core::CaseFile::open(m_path.toStdString());
        QVERIFY(c.ok());
        WorkbookFixture::write(*c);
    }

    void countsAndPages()
    {
        ui::EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counts(&model, &ui::EventTableModel::countChanged);
        QVERIFY(model.setCasePath(m_path));
        QCOMPARE(model.rowCount(), int(WorkbookFixture::Events));
        QCOMPARE(model.columnCount(), int(ui::EventTableModel::ColumnCount));
        QVERIFY(!counts.isEmpty());
        QCOMPARE(counts.last().at(0).toLongLong(), WorkbookFixture::Events);
        // Ascending time: the first event is alice's first read at midnight.
        QCOMPARE(model.index(0, ui::EventTableModel::Time).data().toString(), QStringLiteral("2026-11-01 00:00:00"));
        QCOMPARE(model.index(0, ui::EventTableModel::CallerIp).data().toString(), QStringLiteral("10.0.0.1"));
        QCOMPARE(model.index(0, ui::EventTableModel::CallerIp).data(ui::EntityKindRole).toInt(),
                 int(core::EntityKind::Ip));
        QCOMPARE(model.index(0, ui::EventTableModel::Time).data(ui::EntityKindRole), QVariant());
        // 67 rows fit one page: one fetch for the whole table.
        for (int r = 0; r < model.rowCount(); ++r) {
            QVERIFY(!model.index(r, ui::EventTableModel::Operation).data().toString().isEmpty());
        }
        QCOMPARE(model.pageFetches(), std::int64_t(1));
    }

    void sortingIsSql_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("first");
        QTest::addRow("caller IP descending") << int(ui::EventTableModel::CallerIp) << int(Qt::DescendingOrder)
                                              << QStringLiteral("203.0.113.9");
        QTest::addRow("status descending") << int(ui::EventTableModel::Status) << int(Qt::DescendingOrder)
                                           << QStringLiteral("500");
        QTest::addRow("duration descending") << int(ui::EventTableModel::DurationMs) << int(Qt::DescendingOrder)
                                             << QStringLiteral("900");
        QTest::addRow("time descending") << int(ui::EventTableModel::Time) << int(Qt::DescendingOrder)
                                         << QStringLiteral("2026-11-01 05:13:00");
    }
    void sortingIsSql()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QString, first);
        ui::EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.setCasePath(m_path));
        model.sort(column, static_cast<Qt::SortOrder>(order));
        QCOMPARE(model.index(0, column).data().toString(), first);
    }

    void filterNarrowsCount_data()
    {
        QTest::addColumn<QString>("vault");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("failed");
        QTest::addColumn<int>("rows");
        QTest::addRow("vault kv-beta") << QStringLiteral("kv-beta") << QString() << false << int(WorkbookFixture::Beta);
        QTest::addRow("text 203.0.113") << QString() << QStringLiteral("203.0.113") << false << 16;
        QTest::addRow("failed only") << QString() << QString() << true << int(WorkbookFixture::Failed);
        QTest::addRow("LIKE wildcards are literal") << QString() << QStringLiteral("%") << false << 0;
    }
    void filterNarrowsCount()
    {
        QFETCH(QString, vault);
        QFETCH(QString, text);
        QFETCH(bool, failed);
        QFETCH(int, rows);
        ui::EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.setCasePath(m_path));
        core::EventFilter f;
        if (!vault.isEmpty()) {
            f.vaults = {vault.toStdString()};
        }
        f.text = text.toStdString();
        f.failedOnly = failed;
        model.setFilter(f);
        QCOMPARE(model.rowCount(), rows);
        auto c = core::CaseFile::openReadOnly(m_path.toStdString());
        QCOMPARE(*core::EventQuery(*c).count(f), std::int64_t(rows));
    }

    void largeCasePagesOnDemand()
    {
        // 2,600 events: the view touches a few rows, the model fetches only their pages.
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/large.kvwb");
        {
            auto c = core::CaseFile::open(path.toStdString());
            QVERIFY(c.ok());
            core::EventWriter writer(*c, 1000);
            QVERIFY(writer.beginFile("large.jsonl", 1, "large-1").ok());
            for (int i = 0; i < 2600; ++i) {
                auto e = WorkbookFixture::event("kv-big", "sub-1", "SecretGet",
                                                WorkbookFixture::base() + i * core::Timestamp::TicksPerSecond, 200,
                                                "10.1.0." + std::to_string(i % 200), "oid-" + std::to_string(i % 7),
                                                "", "app", core::IdentityKind::ServicePrincipal, i);
                writer.addEvent(std::move(e), i + 1, "{}");
                if (writer.needsFlush()) {
                    QVERIFY(writer.flush().ok());
                }
            }
            QVERIFY(writer.finishFile(true).ok());
        }
        ui::EventTableModel model;
        QVERIFY(model.setCasePath(path));
        QCOMPARE(model.rowCount(), 2600);
        QCOMPARE(model.pageFetches(), std::int64_t(0));
        QCOMPARE(model.index(2599, ui::EventTableModel::DurationMs).data().toString(), QStringLiteral("2,599"));
        QCOMPARE(model.index(1200, ui::EventTableModel::DurationMs).data().toString(), QStringLiteral("1,200"));
        QCOMPARE(model.index(1201, ui::EventTableModel::DurationMs).data().toString(), QStringLiteral("1,201"));
        QCOMPARE(model.pageFetches(), std::int64_t(2));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_MAIN(TestEventTableModel)
#include "tst_event_table_model.moc"
