// The hand-off from the window: File > Export report (HTML with the GUI scope, PDF with pages), File > Save case as
// (a copy another analyst opens), chart exports (PNG at 1x / 2x, SVG), table exports (CSV / JSON as shown, formula
// cells neutralised, the event grid through the core query) and annotations (dialog, context menu, Tags columns,
// entity header, round trip through the case file).
#include "WorkbookFixture.h"

#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/store/CaseFile.h"
#include "ui/AlertsTab.h"
#include "ui/AnnotationController.h"
#include "ui/AnnotationDialog.h"
#include "ui/ChartView.h"
#include "ui/DataTableView.h"
#include "ui/DetectionsTab.h"
#include "ui/EntityPage.h"
#include "ui/EventsTab.h"
#include "ui/FilterBar.h"
#include "ui/GlobalFilter.h"
#include "ui/MainWindow.h"
#include "ui/ModelRoles.h"
#include "ui/QueryRunner.h"
#include "ui/RowTableModel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace kvw;
using kvw::test::WorkbookFixture;

namespace {

bool waitIdle()
{
    QCoreApplication::processEvents();
    return QTest::qWaitFor([]() { return ui::QueryRunner::pending() == 0; }, 30000);
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList lines(const QString& path)
{
    QStringList out = QString::fromUtf8(readAll(path)).split(QStringLiteral("\r\n"));
    if (!out.isEmpty() && out.last().isEmpty()) {
        out.removeLast();
    }
    return out;
}

QAction* actionNamed(QMenu* menu, const QString& name)
{
    for (QAction* a : menu->actions()) {
        if (a->objectName() == name) {
            return a;
        }
    }
    return nullptr;
}

int columnNamed(const QAbstractItemModel* m, const QString& name)
{
    for (int c = 0; c < m->columnCount(); ++c) {
        if (m->headerData(c, Qt::Horizontal).toString() == name) {
            return c;
        }
    }
    return -1;
}

// Fills in the modal annotation dialog once it is open and saves it.
void answerDialog(const QString& tag, const QString& note, QString* seenTarget)
{
    QTimer::singleShot(0, [tag, note, seenTarget]() {
        auto* dialog = qobject_cast<ui::AnnotationDialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            answerDialog(tag, note, seenTarget);   // not shown yet: try again on the next turn of the loop
            return;
        }
        if (seenTarget) {
            *seenTarget = dialog->findChild<QLabel*>(QStringLiteral("annotationTargetLabel"))->text();
        }
        dialog->setTag(tag);
        dialog->setNote(note);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
    });
}

} // namespace

class TestHandoff : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KV Workbook Tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_handoff"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        m_case = m_dir.filePath(QStringLiteral("fixture.kvwb"));
        auto c = core::CaseFile::open(m_case.toStdString());
        QVERIFY(c.ok());
        m_evidence = WorkbookFixture::write(*c);
    }

    void init()
    {
        QSettings().clear();
        m_window = std::make_unique<ui::MainWindow>();
        m_window->setAskForCasePath(false);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_window->openCase(m_case));
        QVERIFY(waitIdle());
    }

    void cleanup()
    {
        QVERIFY(waitIdle());
        m_window.reset();
    }

    void exportReportHtmlRecordsTheGuiScope()
    {
        m_window->filterBar()->setSelectedVaults({QStringLiteral("kv-beta")});
        QVERIFY(waitIdle());
        const QString path = m_dir.filePath(QStringLiteral("report.html"));
        QSignalSpy done(m_window.get(), &ui::MainWindow::reportExported);
        m_window->exportReport(path);
        QVERIFY(done.wait(60000));
        QVERIFY2(done.at(0).at(1).toBool(), qPrintable(done.at(0).at(2).toString()));
        const QString html = QString::fromUtf8(readAll(path));
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        // The scope section: the GUI's settings instead of a command line, with the filter bar's vault.
        QVERIFY(html.contains(QStringLiteral("<th width=\"28%\">GUI settings</th>")));
        QVERIFY(html.contains(QStringLiteral("(GUI), File &gt; Export report; filter bar: time ")));
        QVERIFY(html.contains(QStringLiteral("; vaults kv-beta; saved filter: ")));
        QVERIFY(!html.contains(QStringLiteral("<th width=\"28%\">Command line</th>")));
        QVERIFY(html.contains(QStringLiteral("<th width=\"28%\">Events in scope</th><td>%1</td>").arg(WorkbookFixture::Beta)));
        // kv-alpha's finding and alert are outside the scope.
        QVERIFY(!html.contains(QStringLiteral("Mass secret retrieval")));
    }

    void exportReportPdfHasPages()
    {
        const QString path = m_dir.filePath(QStringLiteral("report.pdf"));
        QSignalSpy done(m_window.get(), &ui::MainWindow::reportExported);
        m_window->exportReport(path);
        QVERIFY(done.wait(120000));
        QVERIFY2(done.at(0).at(1).toBool(), qPrintable(done.at(0).at(2).toString()));
        const QByteArray pdf = readAll(path);
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        const qsizetype pages = pdf.count("/Type /Page") - pdf.count("/Type /Pages");
        QVERIFY2(pages >= 2, qPrintable(QString::number(pages)));
    }

    void exportReportRefusesOtherExtensions()
    {
        QSignalSpy done(m_window.get(), &ui::MainWindow::reportExported);
        m_window->exportReport(m_dir.filePath(QStringLiteral("report.docx")));
        QCOMPARE(done.count(), 1);
        QCOMPARE(done.at(0).at(1).toBool(), false);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("report.docx"))));
    }

    void saveCaseAsWritesACaseThatOpens()
    {
        const QString copy = m_dir.filePath(QStringLiteral("copy.kvwb"));
        QSignalSpy saved(m_window.get(), &ui::MainWindow::caseSaved);
        m_window->saveCaseAs(copy);
        QVERIFY(saved.wait(60000));
        QVERIFY2(saved.at(0).at(1).toBool(), qPrintable(saved.at(0).at(2).toString()));
        auto c = core::CaseFile::openReadOnly(copy.toStdString());
        QVERIFY(c.ok());
        auto st = c->db().prepare("SELECT COUNT(*), (SELECT COUNT(*) FROM findings), (SELECT COUNT(*) FROM alerts) FROM events");
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), WorkbookFixture::Events);
        QCOMPARE(st.int64(1), std::int64_t{1});
        QCOMPARE(st.int64(2), std::int64_t{1});
        // Saving over the open case itself is refused.
        QSignalSpy again(m_window.get(), &ui::MainWindow::caseSaved);
        m_window->saveCaseAs(m_case);
        QVERIFY(again.wait(60000));
        QCOMPARE(again.at(0).at(1).toBool(), false);
        QVERIFY(m_window->openCase(copy));
        QCOMPARE(m_window->casePath(), QFileInfo(copy).absoluteFilePath());
    }

    void everyChartIsExportable()
    {
        for (int t = 0; t < m_window->tabs()->count(); ++t) {
            m_window->tabs()->setCurrentIndex(t);
            QVERIFY(waitIdle());
        }
        const auto charts = m_window->findChildren<QChartView*>();
        QVERIFY(charts.size() >= 10);
        for (QChartView* c : charts) {
            QVERIFY2(qobject_cast<ui::ChartView*>(c) != nullptr, qPrintable(c->objectName()));
        }
    }

    void chartExportPngAndSvg_data()
    {
        QTest::addColumn<QString>("chart");
        QTest::addColumn<bool>("hasSpec");
        QTest::newRow("time chart (core spec)") << QStringLiteral("alertsOverTimeChart") << true;
        QTest::newRow("sparkline (scene)") << QStringLiteral("sparklineChart") << false;
    }

    void chartExportPngAndSvg()
    {
        QFETCH(QString, chart);
        QFETCH(bool, hasSpec);
        m_window->tabs()->setCurrentIndex(ui::MainWindow::AlertsTabIndex);
        QVERIFY(waitIdle());
        auto* view = m_window->alertsTab()->findChild<ui::ChartView*>(chart);
        QVERIFY(view);
        QCOMPARE(view->spec().has_value(), hasSpec);
        const QSize size = view->size();
        QVERIFY(!size.isEmpty());

        std::unique_ptr<QMenu> menu(view->createExportMenu(nullptr));
        QStringList data;
        for (QAction* a : menu->actions()) {
            data << a->data().toString();
        }
        QCOMPARE(data, (QStringList{QStringLiteral("png:1"), QStringLiteral("png:2"), QStringLiteral("svg")}));

        const QString png1 = m_dir.filePath(chart + QStringLiteral("-1.png"));
        const QString png2 = m_dir.filePath(chart + QStringLiteral("-2.png"));
        const QString svg = m_dir.filePath(chart + QStringLiteral(".svg"));
        QVERIFY(view->exportPng(png1, 1.0).ok());
        QVERIFY(view->exportPng(png2, 2.0).ok());
        QVERIFY(view->exportSvg(svg).ok());
        const QImage one(png1);
        const QImage two(png2);
        QCOMPARE(one.size(), size);
        QCOMPARE(two.size(), size * 2);
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        QCOMPARE(renderer.viewBox().size(), size);
    }

    void tableExportAsShown()
    {
        // A grid with a hostile cell, filtered and sorted in the view.
        ui::RowTableModel model({QStringLiteral("Name"), QStringLiteral("Events")});
        model.setRows({{ui::Cell::plain(QStringLiteral("alpha")), ui::Cell::count(1200)},
                       {ui::Cell::plain(QStringLiteral("=HYPERLINK(\"http://evil\")")), ui::Cell::count(7)},
                       {ui::Cell::plain(QStringLiteral("beta")), ui::Cell::count(30)}});
        ui::DataTableView view;
        view.setSourceModel(&model);
        view.sortByColumn(1, Qt::DescendingOrder);

        const QString csv = m_dir.filePath(QStringLiteral("grid.csv"));
        view.exportTo(csv);
        const QStringList rows = lines(csv);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.at(0), QStringLiteral("Name,Events"));
        QCOMPARE(rows.at(1), QStringLiteral("alpha,1200"));   // the raw number, no thousands separator
        QCOMPARE(rows.at(2), QStringLiteral("beta,30"));
        QCOMPARE(rows.at(3), QStringLiteral("\"'=HYPERLINK(\"\"http://evil\"\")\",7"));

        view.setTextFilter(QStringLiteral("a"));   // alpha, beta: the hostile row has no 'a'
        const QString json = m_dir.filePath(QStringLiteral("grid.json"));
        view.exportTo(json);
        const QJsonArray array = QJsonDocument::fromJson(readAll(json)).array();
        QCOMPARE(array.size(), 2);
        QCOMPARE(array.at(0).toObject().value(QStringLiteral("Name")).toString(), QStringLiteral("alpha"));
        QCOMPARE(array.at(0).toObject().value(QStringLiteral("Events")).toInt(), 1200);
    }

    void findingsTableExportsItsRows()
    {
        m_window->tabs()->setCurrentIndex(ui::MainWindow::DetectionsTabIndex);
        QVERIFY(waitIdle());
        auto* table = m_window->detectionsTab()->findChild<ui::DataTableView*>(QStringLiteral("findingsTableView"));
        QVERIFY(table);
        std::unique_ptr<QMenu> menu(table->createContextMenu(table->model()->index(0, 0), nullptr));
        QVERIFY(actionNamed(menu.get(), QStringLiteral("exportCsvAction")));
        QVERIFY(actionNamed(menu.get(), QStringLiteral("exportJsonAction")));
        const QString csv = m_dir.filePath(QStringLiteral("findings.csv"));
        QSignalSpy finished(table, &ui::DataTableView::exportFinished);
        table->exportTo(csv);
        QCOMPARE(finished.count(), 1);
        const QStringList rows = lines(csv);
        QCOMPARE(rows.size(), 2);
        QVERIFY(rows.at(0).startsWith(QStringLiteral("Severity,Rule,Title,Vaults,Entities,")));
        QVERIFY(rows.at(1).startsWith(QStringLiteral("high,mass-secret-read,Mass secret retrieval,kv-alpha,")));
    }

    void eventGridExportUsesTheCoreQuery()
    {
        m_window->filterBar()->setSelectedVaults({QStringLiteral("kv-beta")});
        m_window->tabs()->setCurrentIndex(ui::MainWindow::EventsTabIndex);
        QVERIFY(waitIdle());
        auto* grid = m_window->eventsTab()->findChild<ui::DataTableView*>(QStringLiteral("eventsTableView"));
        QVERIFY(grid);
        const QString csv = m_dir.filePath(QStringLiteral("events.csv"));
        QSignalSpy finished(grid, &ui::DataTableView::exportFinished);
        grid->exportTo(csv);
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(finished.at(0).at(0).toString()));
        // Every event under the filter, not only the rows the grid has fetched.
        QCOMPARE(lines(csv).size(), int(WorkbookFixture::Beta) + 1);
        QVERIFY(lines(csv).at(0).contains(QStringLiteral("tags")));
    }

    void annotationDialogStoresAndRemoves()
    {
        ui::AnnotationDialog dialog(m_case, core::AnnotationTarget::Ip, QString::fromLatin1(WorkbookFixture::MalloryIp),
                                    QStringLiteral("Caller IP 203.0.113.9"));
        QSignalSpy changed(&dialog, &ui::AnnotationDialog::annotationsChanged);
        dialog.setTag(QStringLiteral("Needs Review"));
        dialog.setNote(QStringLiteral("<b>seen</b> in the phishing wave"));
        dialog.setBookmarked(true);
        auto r = dialog.apply();
        QVERIFY(r.ok());
        QVERIFY(*r);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(dialog.existing().size(), std::size_t{3});
        auto* list = dialog.findChild<QListWidget*>(QStringLiteral("annotationList"));
        QCOMPARE(list->count(), 3);
        QVERIFY(dialog.findChild<QCheckBox*>(QStringLiteral("annotationBookmarkCheck"))->isChecked());

        // Stored through core: a fresh read of the case sees the normalised tag and the verbatim note.
        {
            auto c = core::CaseFile::openReadOnly(m_case.toStdString());
            const core::SystemClock clock;
            core::AnnotationQuery q;
            q.kind = core::AnnotationTarget::Ip;
            q.target = WorkbookFixture::MalloryIp;
            auto stored = core::AnnotationStore(*c, clock).list(q);
            QVERIFY(stored.ok());
            QCOMPARE(QString::fromStdString(core::AnnotationStore::tagsText(*stored)),
                     QStringLiteral("needs-review, bookmarked"));
            QCOMPARE(core::AnnotationStore::notesText(*stored), std::string("<b>seen</b> in the phishing wave"));
        }
        QVERIFY(dialog.removeTag(QStringLiteral("needs-review")).ok());
        QCOMPARE(dialog.existing().size(), std::size_t{2});
        dialog.setBookmarked(false);
        QVERIFY(dialog.apply().ok());
        QCOMPARE(dialog.existing().size(), std::size_t{1});   // the note stays
        QVERIFY(!dialog.findChild<QCheckBox*>(QStringLiteral("annotationBookmarkCheck"))->isChecked());
    }

    void taggingFromTheContextMenuShowsEverywhere()
    {
        // Detections: tag the finding from its row's context menu.
        m_window->tabs()->setCurrentIndex(ui::MainWindow::DetectionsTabIndex);
        QVERIFY(waitIdle());
        auto* findings = m_window->detectionsTab()->findChild<ui::DataTableView*>(QStringLiteral("findingsTableView"));
        const QModelIndex first = findings->model()->index(0, 0);
        QCOMPARE(first.data(ui::AnnotationTargetRole).toInt(), int(core::AnnotationTarget::Finding));
        std::unique_ptr<QMenu> menu(findings->createContextMenu(first, nullptr));
        QAction* tag = actionNamed(menu.get(), QStringLiteral("tagAction"));
        QVERIFY(tag);
        QVERIFY(actionNamed(menu.get(), QStringLiteral("noteAction")));
        QVERIFY(actionNamed(menu.get(), QStringLiteral("bookmarkAction")));
        QString target;
        answerDialog(QStringLiteral("malicious"), QStringLiteral("confirmed with the app owner"), &target);
        tag->trigger();
        QVERIFY(waitIdle());
        QCOMPARE(target, QStringLiteral("Detection finding #1"));
        const int tags = columnNamed(findings->model(), QStringLiteral("Tags"));
        QVERIFY(tags >= 0);
        QCOMPARE(findings->model()->index(0, tags).data().toString(), QStringLiteral("malicious · 1 note(s)"));

        // Alerts: tag the alert.
        m_window->tabs()->setCurrentIndex(ui::MainWindow::AlertsTabIndex);
        QVERIFY(waitIdle());
        auto* alerts = m_window->alertsTab()->findChild<ui::DataTableView*>(QStringLiteral("alertsTableView"));
        menu.reset(alerts->createContextMenu(alerts->model()->index(0, 0), nullptr));
        answerDialog(QStringLiteral("benign"), {}, &target);
        actionNamed(menu.get(), QStringLiteral("tagAction"))->trigger();
        QVERIFY(waitIdle());
        QCOMPARE(target, QStringLiteral("Defender alert #1"));
        const int alertTags = columnNamed(alerts->model(), QStringLiteral("Tags"));
        QCOMPARE(alerts->model()->index(0, alertTags).data().toString(), QStringLiteral("benign"));

        // The alert's vault cell names an entity too: tag the vault, then see it on the vault's entity page.
        const QModelIndex vaultCell = alerts->model()->index(0, 3);
        menu.reset(alerts->createContextMenu(vaultCell, nullptr));
        QAction* entityTag = actionNamed(menu.get(), QStringLiteral("tagEntityAction"));
        QVERIFY(entityTag);
        answerDialog(QStringLiteral("needs-review"), QStringLiteral("<script>x</script> owner unknown"), &target);
        entityTag->trigger();
        QVERIFY(waitIdle());
        QCOMPARE(target, QStringLiteral("Key vault kv-alpha"));
        m_window->navigator()->open(ui::EntityRef{core::EntityKind::Vault, QStringLiteral("kv-alpha")});
        QVERIFY(waitIdle());
        auto* header = m_window->entityPage()->findChild<QLabel*>(QStringLiteral("entityAnnotationsLabel"));
        QCOMPARE(header->textFormat(), Qt::PlainText);
        QCOMPARE(header->text(), QStringLiteral("Tags: needs-review · Notes: <script>x</script> owner unknown"));

        // An event of the finding's evidence: bookmark it from the evidence grid.
        m_window->tabs()->setCurrentIndex(ui::MainWindow::DetectionsTabIndex);
        QVERIFY(waitIdle());
        m_window->detectionsTab()->selectFinding(0);
        QVERIFY(waitIdle());
        // The finding's detail pane carries the analyst's tag and note as plain text.
        const QString detail = m_window->detectionsTab()->findChild<QPlainTextEdit*>(QStringLiteral("findingDetailText"))->toPlainText();
        QVERIFY(detail.contains(QStringLiteral("Analyst tags: malicious\nAnalyst notes: confirmed with the app owner\n")));
        auto* evidence = m_window->detectionsTab()->findChild<ui::DataTableView*>(QStringLiteral("findingEvidenceTableView"));
        QCOMPARE(evidence->model()->rowCount(), 12);
        const QModelIndex ev = evidence->model()->index(0, 4);   // the caller IP cell of an event row
        const auto refs = evidence->annotationTargets(ev);
        QCOMPARE(refs.size(), std::size_t{2});
        QCOMPARE(refs[0].kind, core::AnnotationTarget::Event);
        QCOMPARE(refs[1].kind, core::AnnotationTarget::Ip);
        QCOMPARE(refs[1].target, QString::fromLatin1(WorkbookFixture::MalloryIp));
        menu.reset(evidence->createContextMenu(ev, nullptr));
        actionNamed(menu.get(), QStringLiteral("bookmarkAction"))->trigger();
        QVERIFY(waitIdle());

        // Round trip: a new window on the same case file shows the tags again.
        m_window.reset();
        init();
        m_window->tabs()->setCurrentIndex(ui::MainWindow::DetectionsTabIndex);
        QVERIFY(waitIdle());
        findings = m_window->detectionsTab()->findChild<ui::DataTableView*>(QStringLiteral("findingsTableView"));
        QCOMPARE(findings->model()->index(0, tags).data().toString(), QStringLiteral("malicious · 1 note(s)"));
        auto c = core::CaseFile::openReadOnly(m_case.toStdString());
        const core::SystemClock clock;
        core::AnnotationQuery q;
        q.kind = core::AnnotationTarget::Event;
        q.bookmarksOnly = true;
        auto bookmarks = core::AnnotationStore(*c, clock).list(q);
        QVERIFY(bookmarks.ok());
        QCOMPARE(bookmarks->size(), std::size_t{1});
        QVERIFY(std::find(m_evidence.begin(), m_evidence.end(), std::stoll(bookmarks->front().target)) != m_evidence.end());
        QVERIFY(grabScreenshots());
    }

private:
    // With KVW_SCREENSHOT_DIR set: the annotation dialog and the tagged detections table.
    bool grabScreenshots()
    {
        const QString dir = qEnvironmentVariable("KVW_SCREENSHOT_DIR");
        if (dir.isEmpty()) {
            return true;
        }
        ui::AnnotationDialog dialog(m_case, core::AnnotationTarget::Finding, QStringLiteral("1"),
                                    QStringLiteral("Detection finding #1 — Mass secret retrieval"), m_window.get());
        dialog.show();
        QTest::qWait(50);
        bool ok = dialog.grab().save(dir + QStringLiteral("/annotation-dialog.png"));
        dialog.close();
        // The context menus of an evidence row (event + caller IP) and of a chart.
        m_window->detectionsTab()->selectFinding(0);
        ok = ok && waitIdle();
        auto* evidence = m_window->detectionsTab()->findChild<ui::DataTableView*>(QStringLiteral("findingEvidenceTableView"));
        std::unique_ptr<QMenu> rowMenu(evidence->createContextMenu(evidence->model()->index(0, 4), nullptr));
        rowMenu->show();
        ok = ok && rowMenu->grab().save(dir + QStringLiteral("/table-context-menu.png"));
        rowMenu->hide();
        auto* chart = m_window->alertsTab()->findChild<ui::ChartView*>(QStringLiteral("alertsOverTimeChart"));
        std::unique_ptr<QMenu> chartMenu(chart->createExportMenu(nullptr));
        chartMenu->show();
        ok = ok && chartMenu->grab().save(dir + QStringLiteral("/chart-context-menu.png"));
        chartMenu->hide();
        m_window->detectionsTab()->selectFinding(0);
        ok = ok && waitIdle();
        ok = ok && m_window->grab().save(dir + QStringLiteral("/detections-tagged.png"));
        m_window->navigator()->open(ui::EntityRef{core::EntityKind::Vault, QStringLiteral("kv-alpha")});
        ok = ok && waitIdle();
        ok = ok && m_window->grab().save(dir + QStringLiteral("/entity-annotated.png"));
        return ok;
    }

    QTemporaryDir m_dir;
    QString m_case;
    std::vector<std::int64_t> m_evidence;
    std::unique_ptr<ui::MainWindow> m_window;
};

QTEST_MAIN(TestHandoff)
#include "tst_handoff.moc"
