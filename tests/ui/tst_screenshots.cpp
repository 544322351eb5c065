#include "core/analytics/detections/DetectionEngine.h"
#include "core/demo/DemoBundleGenerator.h"
#include "core/ingest/AuxiliaryImporterFactory.h"
#include "core/ingest/IngestPipeline.h"
#include "core/query/CaseSummary.h"
#include "ui/AlertsTab.h"
#include "ui/BaselinesView.h"
#include "ui/ByKeyView.h"
#include "ui/DataTableView.h"
#include "ui/DetectionsTab.h"
#include "ui/EntityPage.h"
#include "ui/EventAnalyticsTab.h"
#include "ui/EventTableModel.h"
#include "ui/EventsTab.h"
#include "ui/FilterBar.h"
#include "ui/MainWindow.h"
#include "ui/MonitoringTab.h"
#include "ui/QueryRunner.h"
#include "ui/RowTableModel.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace kvw;

// Renders every tab of the demo case at 1400x900 (docs/screenshots when KVW_SCREENSHOT_DIR points there) and checks
// that each is populated.
class TestScreenshots : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KV Workbook Tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_screenshots"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        core::DemoOptions options;
        options.events = 20'000;
        options.days = 14;
        const std::string bundle = (m_dir.path() + QStringLiteral("/bundle")).toStdString();
        auto demo = core::DemoBundleGenerator(options).write(bundle);
        QVERIFY2(demo.ok(), demo.ok() ? "" : demo.error().toString().c_str());
        m_case = m_dir.path() + QStringLiteral("/demo.kvwb");
        auto c = core::CaseFile::open(m_case.toStdString());
        QVERIFY(c.ok());
        core::IngestPipeline pipeline(*c);
        auto aux = core::AuxiliaryImporterFactory::create(*c);
        pipeline.setAuxiliaryImporter(aux.get());
        const auto report = pipeline.run({bundle});
        QVERIFY(report.totals.inserted > 0);
        auto findings = core::DetectionEngine(*c).run({}, core::DetectionOptions{});
        QVERIFY2(findings.ok(), findings.ok() ? "" : findings.error().toString().c_str());
        QVERIFY(core::DetectionEngine::save(*c, *findings).ok());
        m_findings = static_cast<int>(findings->size());
    }

    void renderEveryTab()
    {
        const QString out = qEnvironmentVariableIsSet("KVW_SCREENSHOT_DIR")
                                ? qEnvironmentVariable("KVW_SCREENSHOT_DIR")
                                : m_dir.path() + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(out));
        ui::MainWindow window;
        window.setAskForCasePath(false);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openCase(m_case));
        auto c = core::CaseFile::openReadOnly(m_case.toStdString());
        const auto summary = core::CaseSummary::compute(*c, {});
        QVERIFY(summary->events > 0);

        auto shoot = [&](const QString& name) {
            QVERIFY(QTest::qWaitFor([]() { return ui::QueryRunner::pending() == 0; }, 60000));
            QTest::qWait(50);
            if (window.width() != 1400) {
                qWarning() << "filter bar" << window.filterBar()->minimumSizeHint() << "tab" << window.tabs()->currentWidget()->minimumSizeHint()
                           << "toolbar" << window.findChild<QWidget*>(QStringLiteral("mainToolBar"))->minimumSizeHint();
            }
            const QPixmap pixmap = window.grab();
            QCOMPARE(pixmap.size(), QSize(1400, 900));
            QVERIFY(pixmap.save(out + QLatin1Char('/') + name + QStringLiteral(".png")));
        };
        QTabWidget* tabs = window.tabs();
        tabs->setCurrentIndex(ui::MainWindow::AlertsTabIndex);
        QVERIFY(QTest::qWaitFor([]() { return ui::QueryRunner::pending() == 0; }, 60000));
        window.alertsTab()->selectAlert(0);   // the alert → entity graph shows the first alert
        shoot(QStringLiteral("alerts"));
        QCOMPARE(static_cast<std::int64_t>(window.alertsTab()->overview().alerts.size()), summary->alerts);

        tabs->setCurrentIndex(ui::MainWindow::AnalyticsTabIndex);
        ui::EventAnalyticsTab* analytics = window.analyticsTab();
        analytics->byKey()->setGroupKey(core::GroupKey::CallerIp);
        shoot(QStringLiteral("event-analytics"));
        analytics->sections()->setCurrentWidget(analytics->baselines());
        shoot(QStringLiteral("baselines"));
        QVERIFY(!analytics->baselines()->series().empty());
        analytics->sections()->setCurrentIndex(1);
        shoot(QStringLiteral("coverage"));
        analytics->sections()->setCurrentWidget(analytics->sections()->widget(3));
        shoot(QStringLiteral("sensitive-operations"));
        analytics->sections()->setCurrentWidget(analytics->sections()->widget(4));
        shoot(QStringLiteral("operation-analysis"));

        tabs->setCurrentIndex(ui::MainWindow::MonitoringTabIndex);
        shoot(QStringLiteral("monitoring"));
        QCOMPARE(window.monitoringTab()->result().requests, summary->events);

        tabs->setCurrentIndex(ui::MainWindow::DetectionsTabIndex);
        QVERIFY(QTest::qWaitFor([]() { return ui::QueryRunner::pending() == 0; }, 60000));
        auto* findingsView = window.detectionsTab()->findChild<ui::DataTableView*>(QStringLiteral("findingsTableView"));
        findingsView->setCurrentIndex(findingsView->model()->index(0, 0));   // its explanation and evidence show
        shoot(QStringLiteral("detections"));
        QCOMPARE(window.detectionsTab()->findingsModel()->rowCount(), m_findings);

        tabs->setCurrentIndex(ui::MainWindow::EventsTabIndex);
        QVERIFY(QTest::qWaitFor([]() { return ui::QueryRunner::pending() == 0; }, 60000));
        auto* eventsView = window.eventsTab()->findChild<ui::DataTableView*>(QStringLiteral("eventsTableView"));
        QVERIFY(QTest::qWaitFor([&]() { return window.eventsTab()->model()->eventAt(2) != nullptr; }, 60000));
        eventsView->setCurrentIndex(eventsView->model()->index(2, 0));   // the original record shows below
        shoot(QStringLiteral("events"));
        QCOMPARE(window.eventsTab()->model()->totalCount(), summary->events);

        window.navigator()->open(ui::EntityRef{core::EntityKind::Vault, QString::fromStdString(summary->byVault.begin()->first)});
        shoot(QStringLiteral("entity"));
        QVERIFY(window.entityPage()->summary().events > 0);
    }

private:
    QTemporaryDir m_dir;
    QString m_case;
    int m_findings = 0;
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
