#include "WorkbookFixture.h"

#include "ui/DataTableView.h"
#include "ui/EventTableModel.h"
#include "ui/EventsTab.h"
#include "ui/UiFormat.h"

#include <QElapsedTimer>
#include <QHeaderView>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <algorithm>

using namespace kvw;
using kvw::test::WorkbookFixture;

namespace {

// Rows one second apart whose duration is their ordinal: row i of the time order shows duration i.
void writeSequentialCase(const QString& path, int n)
{
    auto c = core::CaseFile::open(path.toStdString());
    QVERIFY(c.ok());
    core::EventWriter writer(*c, 5000);
    QVERIFY(writer.beginFile("scroll.jsonl", 1, "scroll-1").ok());
    for (int i = 0; i < n; ++i) {
        auto e = WorkbookFixture::event(i % 3 == 0 ? "kv-one" : "kv-two", "sub-1", "SecretGet",
                                        WorkbookFixture::base() + i * core::Timestamp::TicksPerSecond, 200,
                                        "10.2.0." + std::to_string(i % 250), "oid-" + std::to_string(i % 11), "", "app",
                                        core::IdentityKind::ServicePrincipal, i);
        writer.addEvent(std::move(e), i + 1, "{}");
        if (writer.needsFlush()) {
            QVERIFY(writer.flush().ok());
        }
    }
    QVERIFY(writer.finishFile(true).ok());
}

// The longest time the GUI thread went without serving a 2 ms timer while a scenario ran: what a user would feel as
// a stall. Printed, never asserted (timings belong to the bench).
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setInterval(2);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this]() {
            const qint64 now = m_clock.elapsed();
            m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    qint64 worstMs() const { return m_worst; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_worst = 0;
};

} // namespace

// A scripted scroll through the Events tab, offscreen: jumps to 1 %, 50 %, 99 % and the end, a page-by-page scroll,
// a sort change. On a generated 60,000-event case it checks that the rows shown after every move are the right
// ones. With KVW_GRID_CASE=/path/case.kvwb it runs the same script on that case (e.g. 10 million events) and prints
// the latency of each move until every visible row is loaded, and the longest GUI stall.
class TestEventGridScroll : public QObject
{
    Q_OBJECT

private slots:
    void scriptedScroll()
    {
        QTemporaryDir dir;
        QString path = qEnvironmentVariable("KVW_GRID_CASE");
        const bool generated = path.isEmpty();
        constexpr int n = 60'000;
        if (generated) {
            path = dir.path() + QStringLiteral("/scroll.kvwb");
            writeSequentialCase(path, n);
        }
        ui::EventsTab tab;
        tab.resize(1400, 900);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        auto* table = tab.findChild<ui::DataTableView*>(QStringLiteral("eventsTableView"));
        ui::EventTableModel* model = tab.model();
        StallMeter stalls;
        QElapsedTimer clock;

        auto visibleLoaded = [&]() {
            const int top = table->rowAt(0);
            int bottom = table->rowAt(table->viewport()->height() - 1);
            if (bottom < 0) {
                bottom = model->rowCount() - 1;
            }
            return top >= 0 && model->isLoaded(top) && model->isLoaded(bottom);
        };
        auto waitFor = [](const std::function<bool()>& done) {
            QElapsedTimer t;
            t.start();
            while (!done()) {
                if (t.elapsed() > 600'000) {
                    return false;
                }
                QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
                QThread::msleep(1);
            }
            return true;
        };
        auto report = [&](const QString& what, qint64 ms) {
            qInfo().noquote() << QStringLiteral("grid-gui %1: %2 ms").arg(what).arg(ms);
        };

        clock.start();
        tab.setCasePath(path);
        tab.refreshNow();
        QVERIFY(waitFor([&]() { return model->countKnown(); }));
        report(QStringLiteral("count (%1 rows)").arg(model->totalCount()), clock.elapsed());
        QVERIFY(waitFor(visibleLoaded));
        report(QStringLiteral("first screen"), clock.elapsed());
        if (generated) {
            QCOMPARE(model->rowCount(), n);
        }
        const int rows = model->rowCount();
        QVERIFY(rows > 0);

        bool byDurationDescending = false;
        auto checkTop = [&]() {
            if (!generated) {
                return;
            }
            const int top = table->rowAt(0);
            QCOMPARE(model->index(top, ui::EventTableModel::DurationMs).data().toString(),
                     ui::UiFormat::count(byDurationDescending ? n - 1 - top : top));
        };
        auto jump = [&](const QString& label, int row) {
            clock.restart();
            table->scrollTo(model->index(row, 0), QAbstractItemView::PositionAtTop);
            QVERIFY(waitFor(visibleLoaded));
            report(label, clock.elapsed());
            checkTop();
        };
        jump(QStringLiteral("jump to 1%"), rows / 100);
        jump(QStringLiteral("jump to 50% (first time: waits for the anchor pass)"), rows / 2);
        QVERIFY(model->hasAnchors() || rows <= 40'000);
        jump(QStringLiteral("jump to 99%"), rows / 100 * 99);
        jump(QStringLiteral("jump to the last row"), rows - 1);
        jump(QStringLiteral("jump to 50% again"), rows / 2 + 7);
        jump(QStringLiteral("jump to 25%"), rows / 4);
        jump(QStringLiteral("jump to 75%"), rows / 4 * 3);

        // Page by page from the middle, as PageDown does.
        qint64 worst = 0;
        qint64 total = 0;
        constexpr int steps = 40;
        table->scrollTo(model->index(rows / 2, 0), QAbstractItemView::PositionAtTop);
        QVERIFY(waitFor(visibleLoaded));
        for (int i = 0; i < steps; ++i) {
            clock.restart();
            table->verticalScrollBar()->triggerAction(QAbstractSlider::SliderPageStepAdd);
            QVERIFY(waitFor(visibleLoaded));
            worst = std::max(worst, clock.elapsed());
            total += clock.elapsed();
            checkTop();
        }
        report(QStringLiteral("page down x%1 from 50%, average").arg(steps), total / steps);
        report(QStringLiteral("page down x%1 from 50%, slowest").arg(steps), worst);

        // A sort change: the count stays, the first screen is read again. On another case, KVW_GRID_SORT_COLUMN picks
        // the column (an EventTableModel::Column number; a case of an older schema lacks the duration index).
        const int sortColumn = qEnvironmentVariableIntValue("KVW_GRID_SORT_COLUMN") > 0 && !generated
                                   ? qEnvironmentVariableIntValue("KVW_GRID_SORT_COLUMN")
                                   : int(ui::EventTableModel::DurationMs);
        const QString sortName = model->headerData(sortColumn, Qt::Horizontal).toString();
        clock.restart();
        table->sortByColumn(sortColumn, Qt::DescendingOrder);
        byDurationDescending = true;
        QVERIFY(waitFor(visibleLoaded));
        report(QStringLiteral("sort by %1, descending: first screen").arg(sortName), clock.elapsed());
        QCOMPARE(model->rowCount(), rows);
        if (generated) {
            QCOMPARE(model->index(0, ui::EventTableModel::DurationMs).data().toString(), ui::UiFormat::count(n - 1));
        }
        jump(QStringLiteral("sorted by %1: jump to 50% (waits for that order's anchor pass)").arg(sortName), rows / 2);
        jump(QStringLiteral("sorted by %1: jump to 90%").arg(sortName), rows / 10 * 9);
        report(QStringLiteral("longest GUI stall during the script"), stalls.worstMs());
    }
};

QTEST_MAIN(TestEventGridScroll)
#include "tst_event_grid_scroll.moc"
