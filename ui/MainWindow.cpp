#include "ui/MainWindow.h"

#include "core/analytics/workbook/EventAnalytics.h"
#include "core/common/Clock.h"
#include "core/query/CaseSummary.h"
#include "core/render/ReportWriter.h"
#include "core/report/ReportBuilder.h"
#include "core/store/CaseCopy.h"
#include "core/store/CaseFile.h"
#include "ui/AboutDialog.h"
#include "ui/AlertsTab.h"
#include "ui/AnnotationController.h"
#include "ui/ChartView.h"
#include "ui/DataTableView.h"
#include "ui/DetectionsTab.h"
#include "ui/EntityPage.h"
#include "ui/EventAnalyticsTab.h"
#include "ui/EventsTab.h"
#include "ui/FilterBar.h"
#include "ui/GlobalFilter.h"
#include "ui/MonitoringTab.h"
#include "ui/PlainMessageBox.h"
#include "ui/TableExporter.h"
#include "ui/UiFormat.h"
#include "ui/WorkbookView.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCryptographicHash>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace kvw::ui {
namespace {

constexpr int kMaxRecent = 10;

QString filterKey(const QString& casePath)
{
    return QStringLiteral("filters/") +
           QString::fromLatin1(QCryptographicHash::hash(casePath.toUtf8(), QCryptographicHash::Sha1).toHex());
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_filter(new GlobalFilter(this)), m_navigator(new EntityNavigator(this)),
      m_ingest(new IngestController(this, this)), m_annotations(new AnnotationController(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("KV Workbook"));
    setAcceptDrops(true);
    resize(1400, 900);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_filterBar = new FilterBar(m_filter, central);
    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_alerts = new AlertsTab(m_tabs);
    m_analytics = new EventAnalyticsTab(m_tabs);
    m_monitoring = new MonitoringTab(m_tabs);
    m_detections = new DetectionsTab(m_tabs);
    m_events = new EventsTab(m_tabs);
    m_entity = new EntityPage(m_tabs);
    m_tabs->addTab(m_alerts, tr("Alerts"));
    m_tabs->addTab(m_analytics, tr("Event analytics"));
    m_tabs->addTab(m_monitoring, tr("Operation monitoring"));
    m_tabs->addTab(m_detections, tr("Detections"));
    m_tabs->addTab(m_events, tr("Events"));
    m_tabs->addTab(m_entity, tr("Entity"));
    layout->addWidget(m_filterBar);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    registerView(m_alerts);
    for (auto* v : m_analytics->views()) {
        registerView(v);
    }
    registerView(m_monitoring);
    registerView(m_detections);
    registerView(m_events);
    registerView(m_entity);

    connect(m_filter, &GlobalFilter::filterChanged, this, &MainWindow::onFilterChanged);
    connect(m_navigator, &EntityNavigator::currentChanged, this, [this](const EntityRef& ref) {
        m_tabs->setCurrentWidget(m_entity);
        m_entity->showEntity(ref);
    });
    connect(m_navigator, &EntityNavigator::historyChanged, this, [this]() {
        m_back->setEnabled(m_navigator->canGoBack());
        m_forward->setEnabled(m_navigator->canGoForward());
    });
    connect(m_ingest, &IngestController::finished, this, &MainWindow::onIngestFinished);
    connect(m_detections, &DetectionsTab::evidenceRequested, this, [this](const core::EventFilter& narrowing) {
        m_events->setNarrowing(narrowing);
        m_tabs->setCurrentWidget(m_events);
    });
    connect(m_annotations, &AnnotationController::annotationsChanged, this, &MainWindow::refreshAnnotatedViews);
    // Every grid and chart reports its exports in the status bar.
    for (auto* table : findChildren<DataTableView*>()) {
        connect(table, &DataTableView::exportFinished, this,
                [this](const QString& message, bool) { statusBar()->showMessage(message, 10000); });
    }
    for (auto* chart : findChildren<ChartView*>()) {
        connect(chart, &ChartView::exported, this,
                [this](const QString& path) { statusBar()->showMessage(tr("Chart saved to %1").arg(path), 10000); });
    }

    createActions();
    statusBar()->showMessage(tr("Open a bundle (files, folders, archives) or a case file — or drop it here."));
    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::registerView(WorkbookView* view)
{
    m_views.push_back(view);
    connect(view, &WorkbookView::entityRequested, this, &MainWindow::showEntity);
    connect(view, &WorkbookView::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 5000); });
}

void MainWindow::showEntity(const EntityRef& ref) { m_navigator->open(ref); }

void MainWindow::refreshAnnotatedViews()
{
    // The views that show tags and notes re-query: now when visible, else when next shown.
    for (WorkbookView* v : {static_cast<WorkbookView*>(m_detections), static_cast<WorkbookView*>(m_alerts),
                            static_cast<WorkbookView*>(m_entity)}) {
        v->setFilter(v->filter());
    }
    statusBar()->showMessage(tr("Annotations saved in the case."), 5000);
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QToolBar* tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setMovable(false);
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    auto* openBundle = file->addAction(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("Open &bundle…"));
    openBundle->setObjectName(QStringLiteral("openBundleAction"));
    openBundle->setShortcut(QKeySequence::Open);
    connect(openBundle, &QAction::triggered, this, [this]() {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Open bundle"), {},
            tr("Audit logs and archives (*.json *.jsonl *.ndjson *.csv *.zip *.tar *.gz *.tgz *.zst *.txt);;All files (*)"));
        if (!files.isEmpty()) {
            openPaths(files);
        }
    });
    auto* openFolder = file->addAction(tr("Open bundle &folder…"));
    openFolder->setObjectName(QStringLiteral("openFolderAction"));
    connect(openFolder, &QAction::triggered, this, [this]() {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open bundle folder"));
        if (!dir.isEmpty()) {
            openPaths({dir});
        }
    });
    auto* openCaseAction = file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("Open &case…"));
    openCaseAction->setObjectName(QStringLiteral("openCaseAction"));
    openCaseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(openCaseAction, &QAction::triggered, this, [this]() {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open case"), {},
                                                          tr("KV Workbook cases (*.kvwb);;All files (*)"));
        if (!path.isEmpty()) {
            openCase(path);
        }
    });
    m_recentMenu = file->addMenu(tr("Open &recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    rebuildRecentMenu();
    file->addSeparator();
    m_export = file->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Export events…"));
    m_export->setObjectName(QStringLiteral("exportAction"));
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setEnabled(false);
    connect(m_export, &QAction::triggered, this, &MainWindow::exportEvents);
    m_exportReport = file->addAction(tr("Export &report…"));
    m_exportReport->setObjectName(QStringLiteral("exportReportAction"));
    m_exportReport->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_exportReport->setEnabled(false);
    connect(m_exportReport, &QAction::triggered, this, [this]() {
        const QString target = QFileDialog::getSaveFileName(
            this, tr("Export the incident report"),
            QFileInfo(m_casePath).absolutePath() + QLatin1Char('/') + QFileInfo(m_casePath).completeBaseName() +
                QStringLiteral("-report.pdf"),
            tr("PDF report (*.pdf);;HTML report (*.html)"));
        if (!target.isEmpty()) {
            exportReport(target);
        }
    });
    m_saveCaseAs = file->addAction(tr("Save case &as…"));
    m_saveCaseAs->setObjectName(QStringLiteral("saveCaseAsAction"));
    m_saveCaseAs->setShortcut(QKeySequence::SaveAs);
    m_saveCaseAs->setEnabled(false);
    connect(m_saveCaseAs, &QAction::triggered, this, [this]() {
        const QString target = QFileDialog::getSaveFileName(this, tr("Save a copy of the case"),
                                                            QFileInfo(m_casePath).absolutePath() + QLatin1Char('/') +
                                                                QFileInfo(m_casePath).completeBaseName() +
                                                                QStringLiteral("-copy.kvwb"),
                                                            tr("KV Workbook cases (*.kvwb)"));
        if (!target.isEmpty()) {
            saveCaseAs(target);
        }
    });
    m_errors = file->addAction(tr("Ingest &errors…"));
    m_errors->setObjectName(QStringLiteral("ingestErrorsAction"));
    m_errors->setEnabled(false);
    connect(m_errors, &QAction::triggered, this, &MainWindow::showIngestErrors);
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    m_back = go->addAction(style()->standardIcon(QStyle::SP_ArrowBack), tr("&Back"));
    m_back->setObjectName(QStringLiteral("backAction"));
    m_back->setShortcut(QKeySequence::Back);
    m_back->setEnabled(false);
    connect(m_back, &QAction::triggered, m_navigator, &EntityNavigator::back);
    m_forward = go->addAction(style()->standardIcon(QStyle::SP_ArrowForward), tr("&Forward"));
    m_forward->setObjectName(QStringLiteral("forwardAction"));
    m_forward->setShortcut(QKeySequence::Forward);
    m_forward->setEnabled(false);
    connect(m_forward, &QAction::triggered, m_navigator, &EntityNavigator::forward);
    auto* refresh = go->addAction(tr("&Refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, this, [this]() {
        for (auto* v : m_views) {
            if (v->isVisible()) {
                v->refreshNow();
            }
        }
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    auto* about = help->addAction(tr("&About KV Workbook"));
    about->setObjectName(QStringLiteral("aboutAction"));
    connect(about, &QAction::triggered, this, [this]() {
        AboutDialog dialog(this);
        dialog.exec();
    });

    tools->addAction(openBundle);
    tools->addAction(openCaseAction);
    tools->addAction(m_export);
    tools->addAction(m_exportReport);
    tools->addSeparator();
    tools->addAction(m_back);
    tools->addAction(m_forward);
}

bool MainWindow::looksLikeCase(const QString& path)
{
    if (path.endsWith(QStringLiteral(".kvwb"), Qt::CaseInsensitive)) {
        return true;
    }
    QFile f(path);
    if (QFileInfo(path).isFile() && f.open(QIODevice::ReadOnly)) {
        return f.read(16) == QByteArray("SQLite format 3\0", 16);
    }
    return false;
}

QString MainWindow::defaultCasePath(const QString& firstInput)
{
    const QFileInfo info(firstInput);
    const QString base = info.isDir() ? info.absoluteFilePath() : info.absolutePath() + QLatin1Char('/') + info.completeBaseName();
    return base + QStringLiteral(".kvwb");
}

void MainWindow::openPaths(const QStringList& paths)
{
    QStringList bundle;
    for (const auto& p : paths) {
        if (looksLikeCase(p)) {
            openCase(p);
        } else {
            bundle << p;
        }
    }
    if (bundle.isEmpty()) {
        return;
    }
    QString target = defaultCasePath(bundle.first());
    if (m_askCasePath) {
        target = QFileDialog::getSaveFileName(this, tr("Save the new case as"), target,
                                              tr("KV Workbook cases (*.kvwb)"));
        if (target.isEmpty()) {
            return;
        }
    }
    ingestBundle(bundle, target);
}

void MainWindow::ingestBundle(const QStringList& inputs, const QString& casePath)
{
    if (m_ingest->running()) {
        statusBar()->showMessage(tr("An ingest is already running."), 5000);
        return;
    }
    statusBar()->showMessage(tr("Reading %1 input(s) into %2…").arg(inputs.size()).arg(casePath));
    m_ingest->start(inputs, casePath);
}

void MainWindow::onIngestFinished(const IngestOutcome& outcome)
{
    if (!outcome.opened) {
        statusBar()->showMessage(tr("Could not create the case: %1").arg(outcome.failure));
        emit ingestFinished(outcome);
        return;
    }
    openCase(outcome.casePath);
    const QString what = tr("%1 records read, %2 new events, %3 duplicates, %4 errors")
                             .arg(UiFormat::count(outcome.totals.records), UiFormat::count(outcome.totals.inserted),
                                  UiFormat::count(outcome.totals.duplicates), UiFormat::count(outcome.totals.errors));
    statusBar()->showMessage(outcome.cancelled ? tr("Ingest cancelled — the case keeps what was read: %1").arg(what)
                                               : tr("Ingest finished: %1").arg(what));
    emit ingestFinished(outcome);
}

bool MainWindow::openCase(const QString& path)
{
    auto caseFile = core::CaseFile::openReadOnly(path.toStdString());
    if (!caseFile) {
        statusBar()->showMessage(tr("Cannot open %1: %2").arg(path, QString::fromStdString(caseFile.error().message)));
        return false;
    }
    auto summary = core::CaseSummary::compute(*caseFile, {}, 0);
    auto coverage = core::EventAnalytics(*caseFile).coverage({});
    std::vector<std::pair<std::string, std::string>> vaults;
    if (coverage) {
        for (const auto& c : *coverage) {
            vaults.emplace_back(c.vault, c.subscription);
        }
        std::sort(vaults.begin(), vaults.end());
    }
    m_casePath = QFileInfo(path).absoluteFilePath();
    m_navigator->clear();
    m_filterBar->setCaseInfo(vaults, summary ? summary->first : std::nullopt, summary ? summary->last : std::nullopt);
    // The last filter used on this case comes back with it.
    const QSettings settings;
    const core::EventFilter restored = GlobalFilter::fromSettings(settings.value(filterKey(m_casePath)).toString());
    {
        const QSignalBlocker block(m_filter);
        m_filter->setFilter(restored);
    }
    m_filterBar->syncFrom(restored);
    for (auto* v : m_views) {
        v->setFilter(restored);
        v->setCasePath(m_casePath);
    }
    m_annotations->setCasePath(m_casePath);
    m_export->setEnabled(true);
    m_exportReport->setEnabled(true);
    m_saveCaseAs->setEnabled(true);
    m_errors->setEnabled(true);
    addRecent(m_casePath);
    setWindowTitle(tr("%1 — KV Workbook").arg(QFileInfo(m_casePath).fileName()));
    if (summary) {
        statusBar()->showMessage(tr("%1 events from %2 files · %3 ingest errors · %4 alerts")
                                     .arg(UiFormat::count(summary->events))
                                     .arg(summary->files.size())
                                     .arg(UiFormat::count(summary->errorCount), UiFormat::count(summary->alerts)));
    }
    emit caseOpened(m_casePath);
    return true;
}

void MainWindow::onFilterChanged()
{
    const core::EventFilter& f = m_filter->filter();
    for (auto* v : m_views) {
        v->setFilter(f);
    }
    if (!m_casePath.isEmpty()) {
        QSettings settings;
        settings.setValue(filterKey(m_casePath), m_filter->toSettings());
    }
    statusBar()->showMessage(tr("Filter: %1").arg(QString::fromStdString(f.describe())));
}

void MainWindow::addRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) {
        recent.removeLast();
    }
    settings.setValue(QStringLiteral("recentFiles"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QSettings settings;
    const QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    for (const auto& path : recent) {
        auto* a = m_recentMenu->addAction(QFileInfo(path).fileName());
        a->setToolTip(path);
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, path]() { openPaths({path}); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::showIngestErrors()
{
    auto caseFile = core::CaseFile::openReadOnly(m_casePath.toStdString());
    if (!caseFile) {
        return;
    }
    auto summary = core::CaseSummary::compute(*caseFile, {}, 5000);
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Ingest errors"));
    dialog.resize(900, 500);
    auto* layout = new QVBoxLayout(&dialog);
    auto* text = new QPlainTextEdit(&dialog);
    text->setObjectName(QStringLiteral("ingestErrorsText"));
    text->setReadOnly(true);
    QString body;
    if (summary) {
        body += tr("%1 errors while reading the bundle").arg(UiFormat::count(summary->errorCount));
        body += summary->errorCount > static_cast<std::int64_t>(summary->errors.size())
                    ? tr(" (the first %1 shown)\n\n").arg(summary->errors.size())
                    : QStringLiteral("\n\n");
        for (const auto& e : summary->errors) {
            body += QString::fromStdString(e.toString()) + QLatin1Char('\n');
        }
        body += tr("\nFiles:\n");
        for (const auto& f : summary->files) {
            body += tr("%1 [%2, %3]: %4 records, %5 new, %6 duplicates, %7 rejected, %8 skipped\n")
                        .arg(QString::fromStdString(f.path), QString::fromStdString(f.format),
                             QString::fromStdString(f.status), UiFormat::count(f.records), UiFormat::count(f.inserted),
                             UiFormat::count(f.duplicates), UiFormat::count(f.rejected), UiFormat::count(f.skipped));
        }
    }
    text->setPlainText(body);
    layout->addWidget(text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.exec();
}

void MainWindow::exportEvents()
{
    const QString target = QFileDialog::getSaveFileName(this, tr("Export the events in scope"),
                                                        QFileInfo(m_casePath).absolutePath() + QStringLiteral("/events.csv"),
                                                        tr("CSV (*.csv);;JSON (*.json)"));
    if (target.isEmpty()) {
        return;
    }
    TableExporter::exportEvents(this, m_casePath, m_events->effectiveFilter(), target, TableExporter::formatFor(target),
                                [this](const QString& message, bool) { statusBar()->showMessage(message, 10000); });
}

QString MainWindow::guiSettingsText(const core::EventFilter& filter, const QString& savedFilter)
{
    return QStringLiteral("kvworkbook %1 (GUI), File > Export report; filter bar: %2; saved filter: %3")
        .arg(QStringLiteral(KVW_VERSION), QString::fromStdString(filter.describe()), savedFilter);
}

void MainWindow::exportReport(const QString& path)
{
    if (m_casePath.isEmpty()) {
        emit reportExported(path, false, tr("Open a case first."));
        return;
    }
    if (!core::ReportWriter::formatFor(path.toStdString())) {
        const QString message = tr("A report file name must end in .pdf or .html: %1").arg(path);
        statusBar()->showMessage(message, 10000);
        emit reportExported(path, false, message);
        return;
    }
    core::ReportBuilder::Options options;
    options.filter = m_filter->filter();
    options.invocationLabel = "GUI settings";
    options.commandLine = guiSettingsText(options.filter, m_filter->toSettings()).toStdString();
    const std::string casePath = m_casePath.toStdString();
    m_exportReport->setEnabled(false);
    statusBar()->showMessage(tr("Writing the report to %1…").arg(path));
    using Outcome = std::pair<bool, QString>;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, path]() {
        const Outcome o = watcher->result();
        watcher->deleteLater();
        m_exportReport->setEnabled(!m_casePath.isEmpty());
        statusBar()->showMessage(o.second, 15000);
        if (!o.first && m_askCasePath) {
            PlainMessageBox::warning(this, tr("Export report"), o.second);
        }
        emit reportExported(path, o.first, o.second);
    });
    // Building the report reads the whole scope and the PDF lays out pages and charts: seconds, not a blink.
    watcher->setFuture(QtConcurrent::run([casePath, options, path]() -> Outcome {
        auto caseFile = core::CaseFile::openReadOnly(casePath);
        if (!caseFile) {
            return {false, QString::fromStdString(caseFile.error().toString())};
        }
        const core::SystemClock clock;
        auto data = core::ReportBuilder(*caseFile, clock).build(options);
        if (!data) {
            return {false, QString::fromStdString(data.error().toString())};
        }
        if (auto st = core::ReportWriter::write(*data, path.toStdString()); !st) {
            return {false, QString::fromStdString(st.error().toString())};
        }
        return {true, QObject::tr("Report written to %1 (%2 findings, %3 alerts, %4 events in scope)")
                          .arg(path)
                          .arg(data->findings.size())
                          .arg(data->alerts.size())
                          .arg(UiFormat::count(data->summary.events))};
    }));
}

void MainWindow::saveCaseAs(const QString& path)
{
    if (m_casePath.isEmpty()) {
        emit caseSaved(path, false, tr("Open a case first."));
        return;
    }
    const std::string source = m_casePath.toStdString();
    m_saveCaseAs->setEnabled(false);
    statusBar()->showMessage(tr("Saving a copy of the case to %1…").arg(path));
    using Outcome = std::pair<bool, QString>;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, path]() {
        const Outcome o = watcher->result();
        watcher->deleteLater();
        m_saveCaseAs->setEnabled(!m_casePath.isEmpty());
        statusBar()->showMessage(o.second, 15000);
        if (!o.first && m_askCasePath) {
            PlainMessageBox::warning(this, tr("Save case as"), o.second);
        }
        emit caseSaved(path, o.first, o.second);
    });
    watcher->setFuture(QtConcurrent::run([source, path]() -> Outcome {
        if (auto st = core::CaseCopy::save(source, path.toStdString()); !st) {
            return {false, QString::fromStdString(st.error().toString())};
        }
        return {true, QObject::tr("Saved a copy of the case to %1").arg(path)};
    }));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    if (m_ingest->running()) {
        m_ingest->cancel();
    }
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            paths << url.toLocalFile();
        }
    }
    if (!paths.isEmpty()) {
        event->acceptProposedAction();
        openPaths(paths);
    }
}

} // namespace kvw::ui
