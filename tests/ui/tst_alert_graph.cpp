#include "WorkbookFixture.h"

#include "core/analytics/workbook/WorkbookTypes.h"
#include "ui/AlertGraphWidget.h"
#include "ui/AlertsTab.h"
#include "ui/QueryRunner.h"
#include "ui/RowTableModel.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace kvw;
using kvw::test::WorkbookFixture;

namespace {

ui::AlertGraphWidget::Node node(const char* kind, const QString& label, std::optional<core::EntityKind> entity)
{
    ui::AlertGraphWidget::Node n;
    n.kind = QString::fromLatin1(kind);
    n.label = label;
    if (entity) {
        n.entityKind = static_cast<int>(*entity);
        n.entityValue = label;
    }
    return n;
}

} // namespace

// The alert → entity graph of the Alerts tab: one node per entity around the alert, a click on an entity node asks
// for its entity page (a node without one does nothing), hostile labels stay text.
class TestAlertGraph : public QObject
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

    void clickOnAnEntityNode()
    {
        ui::AlertGraphWidget graph;
        graph.resize(520, 380);
        graph.show();
        QVERIFY(QTest::qWaitForWindowExposed(&graph));
        QCOMPARE(graph.nodeCount(), 0);
        graph.setAlert(QStringLiteral("Suspicious <b>access</b>"), QStringLiteral("High"),
                       {node("ip", QStringLiteral("198.51.100.7"), core::EntityKind::Ip),
                        node("account", QStringLiteral("<img src=x onerror=alert(1)>"), core::EntityKind::Identity),
                        node("azure-resource", QStringLiteral("kv-prod"), core::EntityKind::Vault),
                        node("host", QStringLiteral("build-agent-7"), std::nullopt)});
        QCOMPARE(graph.nodeCount(), 5);
        // Every node is inside the widget and no two overlap.
        for (int i = 0; i < graph.nodeCount(); ++i) {
            QVERIFY(QRectF(graph.rect()).contains(graph.nodeRect(i)));
            for (int j = i + 1; j < graph.nodeCount(); ++j) {
                QVERIFY2(!graph.nodeRect(i).intersects(graph.nodeRect(j)), qPrintable(QStringLiteral("%1 %2").arg(i).arg(j)));
            }
            QCOMPARE(graph.nodeAt(graph.nodeRect(i).center()), i);
        }
        QCOMPARE(graph.nodeAt(QPointF(1, 1)), -1);
        QSignalSpy spy(&graph, &ui::AlertGraphWidget::entityActivated);
        QTest::mouseClick(&graph, Qt::LeftButton, {}, graph.nodeRect(1).center().toPoint());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(0).toInt(), int(core::EntityKind::Ip));
        QCOMPARE(spy.first().at(1).toString(), QStringLiteral("198.51.100.7"));
        // The alert itself and a host (no entity page) do nothing.
        QTest::mouseClick(&graph, Qt::LeftButton, {}, graph.nodeRect(0).center().toPoint());
        QTest::mouseClick(&graph, Qt::LeftButton, {}, graph.nodeRect(4).center().toPoint());
        QCOMPARE(spy.count(), 1);
        QTest::mouseClick(&graph, Qt::LeftButton, {}, graph.nodeRect(2).center().toPoint());
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.last().at(1).toString(), QStringLiteral("<img src=x onerror=alert(1)>"));
        // Painting with markup in the labels: rendered as text (the image is grabbed without error).
        QVERIFY(!graph.grab().isNull());
        QCOMPARE(ui::AlertGraphWidget::relation(QStringLiteral("ip")), QStringLiteral("from address"));
        graph.clear();
        QCOMPARE(graph.nodeCount(), 0);
    }

    void alertsTabDrawsTheSelectedAlert()
    {
        ui::AlertsTab tab;
        tab.resize(1400, 900);
        tab.show();
        tab.setCasePath(m_path);
        tab.refreshNow();
        QVERIFY(QTest::qWaitFor([]() { return ui::QueryRunner::pending() == 0; }, 30000));
        QCOMPARE(tab.overview().alerts.size(), std::size_t(1));
        QCOMPARE(tab.graph()->nodeCount(), 0);
        tab.selectAlert(0);
        // The fixture's alert names mallory's IP and account: the alert and two entities.
        const auto& alert = tab.overview().alerts.front();
        QCOMPARE(alert.entities.size(), std::size_t(2));
        QCOMPARE(tab.graph()->nodeCount(), 3);
        QCOMPARE(tab.graph()->nodeCount(), tab.entitiesModel()->rowCount() + 1);
        int ipNode = -1;
        for (int i = 1; i < tab.graph()->nodeCount(); ++i) {
            if (tab.graph()->node(i).kind == QLatin1String("ip")) {
                ipNode = i;
            }
        }
        QVERIFY(ipNode > 0);
        std::optional<ui::EntityRef> requested;
        connect(&tab, &ui::WorkbookView::entityRequested, &tab, [&requested](const ui::EntityRef& ref) { requested = ref; });
        QTest::mouseClick(tab.graph(), Qt::LeftButton, {}, tab.graph()->nodeRect(ipNode).center().toPoint());
        QVERIFY(requested.has_value());
        QCOMPARE(requested->kind, core::EntityKind::Ip);
        QCOMPARE(requested->value, QString(WorkbookFixture::MalloryIp));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_MAIN(TestAlertGraph)
#include "tst_alert_graph.moc"
