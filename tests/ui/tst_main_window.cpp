#include "WorkbookFixture.h"

#include "core/analytics/workbook/EntityQueries.h"
#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/query/CaseSummary.h"
#include "core/query/EventQuery.h"
#include "ui/AlertsTab.h"
#include "ui/ByKeyView.h"
#include "ui/CoverageView.h"
#include "ui/DataTableView.h"
#include "ui/DetectionsTab.h"
#include "ui/EntityPage.h"
#include "ui/EventAnalyticsTab.h"
#include "ui/EventTableModel.h"
#include "ui/EventsTab.h"
#include "ui/FilterBar.h"
#include "ui/GlobalFilter.h"
#include "ui/KeyTotalsModel.h"
#include "ui/MainWindow.h"
#include "ui/MonitoringTab.h"
#include "ui/OperationAnalysisView.h"
#include "ui/QueryRunner.h"
#include "ui/RowTableModel.h"
#include "ui/SensitiveOperationsView.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace kvw;
using kvw::test::WorkbookFixture;

namespace {

// Lets every off-thread query land.
bool waitIdle()
{
    QCoreApplication::processEvents();
    return QTest::qWaitFor([]() { return ui::QueryRunner::pending() == 0; }, 30000);
}

std::int64_t sumEvents(const ui::KeyTotalsModel* m)
{
    std::int64_t n = 0;
    for (const auto& r : m->rows()) {
        n += r.events;
    }
    return n;
}

// One raw AuditEvent record (the storage-account form).
std::string rawRecord(int i, const std::string& vault)
{
    const int second = i % 60;
    const int minute = (i / 60) % 60;
    const int hour = (i / 3600) % 24;
    char time[64];
    std::snprintf(time, sizeof time, "2026-11-0%dT%02d:%02d:%02d.%03dZ", 1 + i / 86400, hour, minute, second, i % 1000);
    return std::string("{\"time\":\"") + time +
           "\",\"resourceId\":\"/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG/PROVIDERS/"
           "MICROSOFT.KEYVAULT/VAULTS/" + vault +
           "\",\"operationName\":\"SecretGet\",\"operationVersion\":\"7.4\",\"category\":\"AuditEvent\","
           "\"resultType\":\"Success\",\"resultSignature\":\"OK\",\"durationMs\":\"5\",\"callerIpAddress\":\"10.9." +
           std::to_string(i % 250) + "." + std::to_string(i % 7) +
           "\",\"correlationId\":\"c-" + std::to_string(i) +
           "\",\"identity\":{\"claim\":{\"http://schemas.microsoft.com/identity/claims/objectidentifier\":\"oid-" +
           std::to_string(i % 13) + "\",\"appid\":\"app-1\"}},\"properties\":{\"clientInfo\":\"test\",\"requestUri\":"
           "\"https://" + vault + ".vault.azure.net/secrets/s" + std::to_string(i % 50) +
           "?api-version=7.4\",\"id\":\"https://" + vault + ".vault.azure.net/secrets/s" + std::to_string(i % 50) +
           "\",\"httpStatusCode\":200}}\n";
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KV Workbook Tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        m_case = m_dir.path() + QStringLiteral("/fixture.kvwb");
        auto c = core::CaseFile::open(m_case.toStdString());
        QVERIFY(c.ok());
        WorkbookFixture::write(*c);
    }

    void init()
    {
        m_window = std::make_unique<ui::MainWindow>();
        m_window->setAskForCasePath(false);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        QVERIFY(waitIdle());
        m_window.reset();
    }

    void everyTabShowsTheCaseNumbers()
    {
        QSettings().clear();
        QVERIFY(m_window->openCase(m_case));
        auto c = core::CaseFile::openReadOnly(m_case.toStdString());
        const auto summary = core::CaseSummary::compute(*c, {});
        QCOMPARE(summary->events, WorkbookFixture::Events);
        checkTabs(summary->events, summary->failed, 1, 1, 2);
    }

    void vaultFilterChangesEveryTab()
    {
        QSettings().clear();
        QVERIFY(m_window->openCase(m_case));
        QVERIFY(waitIdle());
        m_window->filterBar()->setSelectedVaults({QStringLiteral("kv-beta")});
        QCOMPARE(m_window->globalFilter()->filter().vaults, (std::vector<std::string>{"kv-beta"}));
        core::EventFilter beta;
        beta.vaults = {"kv-beta"};
        auto c = core::CaseFile::openReadOnly(m_case.toStdString());
        const auto summary = core::CaseSummary::compute(*c, beta);
        QCOMPARE(summary->events, WorkbookFixture::Beta);
        checkTabs(summary->events, summary->failed, 0, 0, 1);
        // The filter is remembered for this case.
        m_window.reset();
        init();
        QVERIFY(m_window->openCase(m_case));
        QCOMPARE(m_window->globalFilter()->filter().vaults, (std::vector<std::string>{"kv-beta"}));
        QCOMPARE(m_window->filterBar()->selectedVaults(), QStringList{QStringLiteral("kv-beta")});
        QSettings().clear();
    }

    void drillDownFromCallerIpGrid()
    {
        QSettings().clear();
        QVERIFY(m_window->openCase(m_case));
        m_window->tabs()->setCurrentIndex(ui::MainWindow::AnalyticsTabIndex);
        ui::ByKeyView* byKey = m_window->analyticsTab()->byKey();
        m_window->analyticsTab()->sections()->setCurrentWidget(byKey);
        byKey->setGroupKey(core::GroupKey::CallerIp);
        QVERIFY(waitIdle());
        auto* table = m_window->findChild<ui::DataTableView*>(QStringLiteral("byKeyTableView"));
        QVERIFY(table);
        QCOMPARE(table->model()->rowCount(), 3);
        QModelIndex target;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            const QModelIndex i = table->model()->index(r, ui::KeyTotalsModel::Key);
            if (i.data().toString() == QLatin1String(WorkbookFixture::MalloryIp)) {
                target = i;
            }
        }
        QVERIFY(target.isValid());
        // The grid shows the IP's related alert and finding.
        QCOMPARE(table->model()->index(target.row(), ui::KeyTotalsModel::RelatedAlerts).data().toString(), QStringLiteral("1"));
        QCOMPARE(table->model()->index(target.row(), ui::KeyTotalsModel::RelatedFindings).data().toString(), QStringLiteral("1"));
        table->scrollTo(target);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(target).center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(target).center());
        QVERIFY(waitIdle());
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->entityPage());
        ui::EntityPage* page = m_window->entityPage();
        QCOMPARE(page->entity().kind, core::EntityKind::Ip);
        QCOMPARE(page->entity().value, QString(WorkbookFixture::MalloryIp));
        QCOMPARE(page->summary().events, std::int64_t(16));
        QCOMPARE(page->summary().failed, std::int64_t(3));
        QCOMPARE(page->findingsModel()->rowCount(), 1);
        QCOMPARE(page->findingsModel()->index(0, 1).data().toString(), QStringLiteral("mass-secret-read"));
        QCOMPARE(page->alertsModel()->rowCount(), 1);
        QCOMPARE(page->eventsModel()->rowCount(), 16);
        auto* title = page->findChild<QLabel*>(QStringLiteral("entityTitleLabel"));
        QCOMPARE(title->textFormat(), Qt::PlainText);
        QVERIFY(title->text().contains(QLatin1String(WorkbookFixture::MalloryIp)));

        // On to the vault from the entity page, then back and forward like a browser.
        auto* related = page->findChild<ui::DataTableView*>(QStringLiteral("entityRelatedTableView"));
        QModelIndex vault;
        for (int r = 0; r < related->model()->rowCount(); ++r) {
            if (related->model()->index(r, 1).data().toString() == QLatin1String("kv-alpha")) {
                vault = related->model()->index(r, 1);
            }
        }
        QVERIFY(vault.isValid());
        related->scrollTo(vault);
        QTest::mouseClick(related->viewport(), Qt::LeftButton, {}, related->visualRect(vault).center());
        QTest::mouseDClick(related->viewport(), Qt::LeftButton, {}, related->visualRect(vault).center());
        QVERIFY(waitIdle());
        QCOMPARE(page->entity().kind, core::EntityKind::Vault);
        QCOMPARE(page->summary().events, WorkbookFixture::Alpha);
        QVERIFY(m_window->navigator()->canGoBack());
        m_window->navigator()->back();
        QVERIFY(waitIdle());
        QCOMPARE(page->entity().value, QString(WorkbookFixture::MalloryIp));
        QCOMPARE(page->summary().events, std::int64_t(16));
        QVERIFY(m_window->navigator()->canGoForward());
        m_window->navigator()->forward();
        QVERIFY(waitIdle());
        QCOMPARE(page->entity().value, QStringLiteral("kv-alpha"));
    }

    void eventsGridDetailAndFilterToValue()
    {
        QSettings().clear();
        QVERIFY(m_window->openCase(m_case));
        m_window->tabs()->setCurrentIndex(ui::MainWindow::EventsTabIndex);
        QVERIFY(waitIdle());
        ui::EventsTab* tab = m_window->eventsTab();
        auto* table = tab->findChild<ui::DataTableView*>(QStringLiteral("eventsTableView"));
        table->setCurrentIndex(table->model()->index(0, 0));
        auto* detail = tab->findChild<QPlainTextEdit*>(QStringLiteral("eventDetailText"));
        // The original record, exactly as logged: markup stays text.
        QVERIFY(detail->toPlainText().contains(QLatin1String("<b>not bold</b>")));
        tab->filterToValue(ui::EventTableModel::CallerIp, QString(WorkbookFixture::MalloryIp));
        QVERIFY(waitIdle());   // the grid counts and pages off the GUI thread
        QCOMPARE(tab->model()->rowCount(), 16);
        tab->showAround(0, 5);
        QVERIFY(waitIdle());
        QVERIFY(tab->model()->rowCount() > 0);
        QVERIFY(tab->model()->rowCount() <= 16);
        tab->setNarrowing({});
        QVERIFY(waitIdle());
        QCOMPARE(tab->model()->rowCount(), int(WorkbookFixture::Events));
    }

    void eventDetailShowsTheEventsAnnotations()
    {
        QSettings().clear();
        QVERIFY(m_window->openCase(m_case));
        m_window->tabs()->setCurrentIndex(ui::MainWindow::EventsTabIndex);
        QVERIFY(waitIdle());
        ui::EventsTab* tab = m_window->eventsTab();
        auto* table = tab->findChild<ui::DataTableView*>(QStringLiteral("eventsTableView"));
        auto* detail = tab->findChild<QPlainTextEdit*>(QStringLiteral("eventDetailText"));
        table->setCurrentIndex(table->model()->index(1, 0));
        const core::EventRow* event = tab->model()->eventAt(1);
        QVERIFY(event);
        QVERIFY(!detail->toPlainText().contains(QLatin1String("Tags:")));
        {
            auto writable = core::CaseFile::open(m_case.toStdString());
            QVERIFY(writable);
            const core::SystemClock clock;
            core::AnnotationStore store(*writable, clock);
            QVERIFY(store.addTag(core::AnnotationTarget::Event, std::to_string(event->id), "needs-review"));
            QVERIFY(store.addNote(core::AnnotationTarget::Event, std::to_string(event->id), "<i>check</i> this"));
        }
        table->setCurrentIndex(table->model()->index(0, 0));
        table->setCurrentIndex(table->model()->index(1, 0));
        const QString text = detail->toPlainText();
        QVERIFY2(text.contains(QLatin1String("Tags: needs-review")), qPrintable(text.left(300)));
        QVERIFY(text.contains(QLatin1String("<i>check</i> this")));   // a note is text, never markup
        QVERIFY(text.indexOf(QLatin1String("Tags:")) < text.indexOf(QLatin1String("Original record:")));
        table->setCurrentIndex(table->model()->index(0, 0));
        QVERIFY(!detail->toPlainText().contains(QLatin1String("needs-review")));
    }

    void cancellingAnIngestLeavesAUsableCase()
    {
        QTemporaryDir dir;
        QStringList inputs;
        const int perFile = 20000;
        for (int f = 0; f < 3; ++f) {
            const std::string path = dir.path().toStdString() + "/audit-" + std::to_string(f) + ".jsonl";
            std::ofstream out(path);
            for (int i = 0; i < perFile; ++i) {
                out << rawRecord(f * perFile + i, f == 0 ? "KV-ONE" : "KV-TWO");
            }
            inputs << QString::fromStdString(path);
        }
        const QString casePath = dir.path() + QStringLiteral("/cancelled.kvwb");
        QSignalSpy finished(m_window.get(), &ui::MainWindow::ingestFinished);
        m_window->ingest()->setCancelAfterProgressReports(1);
        m_window->ingestBundle(inputs, casePath);
        QVERIFY(finished.wait(120000));
        const auto outcome = finished.first().first().value<ui::IngestOutcome>();
        QVERIFY(outcome.opened);
        QVERIFY(outcome.cancelled);
        QVERIFY(waitIdle());
        // The case opened with what was read, and every query works on it.
        QCOMPARE(m_window->casePath(), QFileInfo(casePath).absoluteFilePath());
        std::int64_t partial = 0;
        {
            auto c = core::CaseFile::openReadOnly(casePath.toStdString());
            QVERIFY(c.ok());
            auto s = core::CaseSummary::compute(*c, {});
            QVERIFY(s.ok());
            partial = s->events;
            QVERIFY(partial > 0);
            QVERIFY(partial < 3 * perFile);
        }
        m_window->tabs()->setCurrentIndex(ui::MainWindow::EventsTabIndex);
        QVERIFY(waitIdle());
        QCOMPARE(m_window->eventsTab()->model()->totalCount(), partial);
        // Reading the bundle again completes it without duplicates.
        m_window->ingest()->setCancelAfterProgressReports(-1);
        finished.clear();
        m_window->ingestBundle(inputs, casePath);
        QVERIFY(finished.wait(120000));
        QVERIFY(!finished.first().first().value<ui::IngestOutcome>().cancelled);
        QVERIFY(waitIdle());
        auto c = core::CaseFile::openReadOnly(casePath.toStdString());
        QCOMPARE(core::CaseSummary::compute(*c, {})->events, std::int64_t(3 * perFile));
        QCOMPARE(m_window->eventsTab()->model()->totalCount(), std::int64_t(3 * perFile));
    }

    void openPathsRecognisesCases()
    {
        QSettings().clear();
        QSignalSpy opened(m_window.get(), &ui::MainWindow::caseOpened);
        m_window->openPaths({m_case});
        QCOMPARE(opened.count(), 1);
        QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList(),
                 QStringList{QFileInfo(m_case).absoluteFilePath()});
        QCOMPARE(ui::MainWindow::defaultCasePath(QStringLiteral("/data/bundle.zip")), QStringLiteral("/data/bundle.kvwb"));
    }

private:
    // Walks every tab and checks its numbers against the expectation for the current filter.
    void checkTabs(std::int64_t events, std::int64_t failed, int alerts, int findings, int vaults)
    {
        QTabWidget* tabs = m_window->tabs();

        tabs->setCurrentIndex(ui::MainWindow::AlertsTabIndex);
        QVERIFY(waitIdle());
        ui::AlertsTab* alertsTab = m_window->alertsTab();
        QCOMPARE(int(alertsTab->overview().alerts.size()), alerts);
        auto* stack = alertsTab->findChild<QStackedWidget*>();
        if (alerts == 0) {
            QCOMPARE(stack->currentIndex(), 0);
            auto* empty = alertsTab->findChild<QLabel*>(QStringLiteral("alertsEmptyLabel"));
            QVERIFY(empty->text().startsWith(QStringLiteral("No Defender alerts in this bundle")));
        } else {
            QCOMPARE(stack->currentIndex(), 1);
            auto* all = alertsTab->findChild<QLabel*>(QStringLiteral("alertTileCount_All"));
            QVERIFY(all);
            QCOMPARE(all->text(), QString::number(alerts));
            QCOMPARE(alertsTab->alertsModel()->rowCount(), alerts);
            alertsTab->selectAlert(0);
            QCOMPARE(alertsTab->entitiesModel()->rowCount(), 2);
        }

        tabs->setCurrentIndex(ui::MainWindow::AnalyticsTabIndex);
        ui::EventAnalyticsTab* analytics = m_window->analyticsTab();
        analytics->sections()->setCurrentWidget(analytics->byKey());
        analytics->byKey()->setFailedOnly(false);
        analytics->byKey()->setGroupKey(core::GroupKey::Vault);
        QVERIFY(waitIdle());
        QCOMPARE(sumEvents(analytics->byKey()->totalsModel()), events);
        QCOMPARE(analytics->byKey()->totalsModel()->rowCount(), vaults);
        analytics->byKey()->setFailedOnly(true);
        QVERIFY(waitIdle());
        QCOMPARE(sumEvents(analytics->byKey()->totalsModel()), failed);
        analytics->byKey()->setFailedOnly(false);
        QVERIFY(waitIdle());
        auto* summary = analytics->byKey()->findChild<QLabel*>(QStringLiteral("byKeySummaryLabel"));
        QVERIFY2(summary->text().startsWith(QString::number(events) + QStringLiteral(" events")), qPrintable(summary->text()));

        analytics->sections()->setCurrentWidget(analytics->coverage());
        QVERIFY(waitIdle());
        QCOMPARE(analytics->coverage()->model()->rowCount(), vaults);

        analytics->sections()->setCurrentWidget(analytics->sensitive());
        analytics->sensitive()->setMassParameters(10, core::Timestamp::TicksPerHour);
        QVERIFY(waitIdle());
        // Only kv-alpha has a successful delete; mass retrieval: alice x2 + mallory on kv-alpha, svc on kv-beta.
        QCOMPARE(analytics->sensitive()->sensitiveModel()->rowCount(), vaults == 2 ? 1 : 0);
        QCOMPARE(analytics->sensitive()->massModel()->rowCount(), vaults == 2 ? 4 : 1);

        analytics->sections()->setCurrentWidget(analytics->operations());
        QVERIFY(waitIdle());
        QCOMPARE(analytics->operations()->lastTotal(), vaults == 2 ? 64.0 : 20.0);

        tabs->setCurrentIndex(ui::MainWindow::MonitoringTabIndex);
        QVERIFY(waitIdle());
        QCOMPARE(m_window->monitoringTab()->result().requests, events);
        auto* tiles = m_window->monitoringTab()->findChild<QLabel*>(QStringLiteral("monitoringTilesLabel"));
        QVERIFY(tiles->text().startsWith(QStringLiteral("Requests ") + QString::number(events)));

        tabs->setCurrentIndex(ui::MainWindow::DetectionsTabIndex);
        QVERIFY(waitIdle());
        QCOMPARE(m_window->detectionsTab()->findingsModel()->rowCount(), findings);
        if (findings > 0) {
            m_window->detectionsTab()->selectFinding(0);
            QVERIFY(waitIdle());
            QCOMPARE(m_window->detectionsTab()->evidenceModel()->rowCount(), 12);
        }

        tabs->setCurrentIndex(ui::MainWindow::EventsTabIndex);
        QVERIFY(waitIdle());
        QCOMPARE(m_window->eventsTab()->model()->totalCount(), events);
        auto* count = m_window->eventsTab()->findChild<QLabel*>(QStringLiteral("eventsCountLabel"));
        QCOMPARE(count->text(), QString::number(events) + QStringLiteral(" events"));
    }

    QTemporaryDir m_dir;
    QString m_case;
    std::unique_ptr<ui::MainWindow> m_window;
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
