#include "WorkbookFixture.h"

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/query/EventQuery.h"
#include "ui/EventTableModel.h"
#include "ui/ModelRoles.h"
#include "ui/UiFormat.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace kvw;
using kvw::test::WorkbookFixture;

namespace {

// A case of `n` events one second apart whose duration is their ordinal: row i of the time order has duration i.
void writeSequentialCase(const QString& path, int n)
{
    auto c = core::CaseFile::open(path.toStdString());
    QVERIFY(c.ok());
    core::EventWriter writer(*c, 5000);
    QVERIFY(writer.beginFile("large.jsonl", 1, "large-1").ok());
    for (int i = 0; i < n; ++i) {
        auto e = WorkbookFixture::event("kv-big", "sub-1", "SecretGet",
                                        WorkbookFixture::base() + i * core::Timestamp::TicksPerSecond, 200,
                                        "10.1.0." + std::to_string(i % 200), "oid-" + std::to_string(i % 7), "", "app",
                                        core::IdentityKind::ServicePrincipal, i);
        writer.addEvent(std::move(e), i + 1, "{}");
        if (writer.needsFlush()) {
            QVERIFY(writer.flush().ok());
        }
    }
    QVERIFY(writer.finishFile(true).ok());
}

} // namespace

// The paged Events model: the count, the pages and the anchors are read off the GUI thread; rows not loaded yet show
// a placeholder; pages are keyset seeks; sorting and filters run in SQL.
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
        QTRY_COMPARE(model.rowCount(), int(WorkbookFixture::Events));
        QCOMPARE(model.columnCount(), int(ui::EventTableModel::ColumnCount));
        QVERIFY(!counts.isEmpty());
        QCOMPARE(counts.last().at(0).toLongLong(), WorkbookFixture::Events);
        // Ascending time: the first event is alice's first read at midnight.
        QTRY_COMPARE(model.index(0, ui::EventTableModel::Time).data().toString(), QStringLiteral("2026-11-01 00:00:00"));
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
        QTRY_COMPARE(model.rowCount(), int(WorkbookFixture::Events));
        model.sort(column, static_cast<Qt::SortOrder>(order));
        // The same rows in another order: the count stays, the first page is read again.
        QCOMPARE(model.rowCount(), int(WorkbookFixture::Events));
        QTRY_COMPARE(model.index(0, column).data().toString(), first);
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
        QTRY_VERIFY(model.countKnown());
        QCOMPARE(model.rowCount(), rows);
        auto c = core::CaseFile::openReadOnly(m_path.toStdString());
        QCOMPARE(*core::EventQuery(*c).count(f), std::int64_t(rows));
    }

    void largeCasePagesOnDemand()
    {
        // 2,600 events: the view touches a few rows, the model loads only their pages (no anchors at this size).
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/large.kvwb");
        writeSequentialCase(path, 2600);
        ui::EventTableModel model;
        QVERIFY(model.setCasePath(path));
        QTRY_COMPARE(model.rowCount(), 2600);
        QTRY_COMPARE(model.index(2599, ui::EventTableModel::DurationMs).data().toString(), QStringLiteral("2,599"));
        QTRY_COMPARE(model.index(1200, ui::EventTableModel::DurationMs).data().toString(), QStringLiteral("1,200"));
        QTRY_COMPARE(model.index(1201, ui::EventTableModel::DurationMs).data().toString(), QStringLiteral("1,201"));
        // Page 0 (loaded with the count), page 5 (the last) and page 2.
        QCOMPARE(model.pageFetches(), std::int64_t(3));
        QVERIFY(!model.hasAnchors());
    }

    void jumpsLandOnTheRightRows_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<bool>("descending");
        QTest::addColumn<bool>("middle");
        QTest::addRow("middle") << 30'000 << false << true;
        QTest::addRow("middle, mid-page") << 27'777 << false << true;
        QTest::addRow("middle, descending") << 30'000 << true << true;
        QTest::addRow("last row (a short OFFSET from the end)") << 59'999 << false << false;
    }
    void jumpsLandOnTheRightRows()
    {
        // 60,000 events: past the model's edge distance from both ends, so a jump into the middle waits for the anchor
        // keys (the placeholder shows meanwhile) and is then one seek.
        QFETCH(int, row);
        QFETCH(bool, descending);
        QFETCH(bool, middle);
        constexpr int n = 60'000;
        if (m_bigPath.isEmpty()) {
            m_bigPath = m_dir.path() + QStringLiteral("/big.kvwb");
            writeSequentialCase(m_bigPath, n);
        }
        ui::EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.setCasePath(m_bigPath));
        model.sort(ui::EventTableModel::DurationMs, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
        QTRY_COMPARE(model.rowCount(), n);
        QCOMPARE(model.index(row, ui::EventTableModel::DurationMs).data().toString(), QStringLiteral("…"));
        QVERIFY(model.eventAt(row) == nullptr);
        const int duration = descending ? n - 1 - row : row;
        QTRY_COMPARE(model.index(row, ui::EventTableModel::DurationMs).data().toString(),
                     ui::UiFormat::count(duration));
        if (middle) {
            QVERIFY(model.hasAnchors());
        }
        QCOMPARE(model.eventAt(row)->event.durationMs.value_or(-1), std::int64_t(duration));
        // Scrolling up from there: the previous page is a seek before the first row of the jumped-to page.
        const int above = row - int(ui::EventTableModel::PageSize);
        QTRY_COMPARE(model.index(above, ui::EventTableModel::DurationMs).data().toString(),
                     ui::UiFormat::count(descending ? n - 1 - above : above));
        // Page 0 and the two pages asked for: nothing was read in between.
        QCOMPARE(model.pageFetches(), std::int64_t(3));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    QString m_bigPath;
};

QTEST_MAIN(TestEventTableModel)
#include "tst_event_table_model.moc"
