#include "ui/IngestController.h"

#include "core/ingest/AuxiliaryImporterFactory.h"
#include "core/store/CaseFile.h"
#include "ui/UiFormat.h"

#include <QFutureWatcher>
#include <QLabel>
#include <QMetaObject>
#include <QProgressDialog>
#include <QtConcurrent/QtConcurrentRun>

#include <filesystem>

namespace kvw::ui {
namespace {

// Forwards pipeline progress to the controller on the GUI thread and reports the Cancel flag back.
class QueuedProgressSink : public core::ProgressSink
{
public:
    QueuedProgressSink(IngestController* target, std::shared_ptr<std::atomic<bool>> cancel)
        : m_target(target), m_cancel(std::move(cancel))
    {
    }
    void fileStarted(const std::string& path) override { m_file = QString::fromStdString(path); }
    void progress(const core::IngestStats& s) override
    {
        QMetaObject::invokeMethod(m_target, "onProgress", Qt::QueuedConnection, Q_ARG(qint64, s.files),
                                  Q_ARG(qint64, s.records), Q_ARG(qint64, s.errors), Q_ARG(double, s.seconds),
                                  Q_ARG(QString, m_file));
    }
    bool cancelled() const override { return m_cancel->load(); }

private:
    IngestController* m_target;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QString m_file;
};

} // namespace

IngestController::IngestController(QWidget* dialogParent, QObject* parent)
    : QObject(parent), m_dialogParent(dialogParent), m_cancel(std::make_shared<std::atomic<bool>>(false))
{
    qRegisterMetaType<IngestOutcome>();
}

IngestController::~IngestController()
{
    m_cancel->store(true);
}

void IngestController::start(const QStringList& paths, const QString& casePath)
{
    if (m_running) {
        return;
    }
    m_running = true;
    m_reports = 0;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_dialog = new QProgressDialog(tr("Reading the bundle…"), tr("Cancel"), 0, 0, m_dialogParent);
    m_dialog->setObjectName(QStringLiteral("ingestProgressDialog"));
    m_dialog->setWindowTitle(tr("Ingest"));
    m_dialog->setMinimumDuration(300);
    m_dialog->setMinimumWidth(480);
    // File names come from the bundle: plain text only.
    auto* label = new QLabel(m_dialog);
    label->setTextFormat(Qt::PlainText);
    label->setText(tr("Reading the bundle…"));
    m_dialog->setLabel(label);
    m_dialog->setWindowModality(Qt::WindowModal);
    connect(m_dialog, &QProgressDialog::canceled, this, [this]() { m_cancel->store(true); });

    std::vector<std::string> inputs;
    for (const auto& p : paths) {
        inputs.push_back(p.toStdString());
    }
    auto cancel = m_cancel;
    auto* watcher = new QFutureWatcher<IngestOutcome>(this);
    connect(watcher, &QFutureWatcher<IngestOutcome>::finished, this, [this, watcher]() {
        const IngestOutcome outcome = watcher->result();
        watcher->deleteLater();
        m_running = false;
        if (m_dialog) {
            m_dialog->reset();
            m_dialog->deleteLater();
        }
        emit finished(outcome);
    });
    watcher->setFuture(QtConcurrent::run([this, inputs, casePath, cancel]() {
        IngestOutcome out;
        out.casePath = casePath;
        auto caseFile = core::CaseFile::open(casePath.toStdString());
        if (!caseFile) {
            out.failure = QString::fromStdString(caseFile.error().toString());
            return out;
        }
        out.opened = true;
        QueuedProgressSink sink(this, cancel);
        core::IngestPipeline pipeline(*caseFile);
        pipeline.setProgressSink(&sink);
        auto aux = core::AuxiliaryImporterFactory::create(*caseFile);
        pipeline.setAuxiliaryImporter(aux.get());
        const core::IngestReport report = pipeline.run(inputs);
        out.cancelled = report.cancelled;
        out.totals = report.totals;
        out.errors = report.errors;
        return out;
    }));
}

void IngestController::onProgress(qint64 files, qint64 records, qint64 errors, double seconds, QString file)
{
    ++m_reports;
    if (m_cancelAfter >= 0 && m_reports >= m_cancelAfter) {
        m_cancel->store(true);
    }
    if (m_dialog) {
        const double rate = seconds > 0 ? static_cast<double>(records) / seconds : 0;
        m_dialog->setLabelText(tr("%1\n\nFiles: %2    Records: %3    Rate: %4 records/s    Errors: %5")
                                   .arg(QString::fromStdString(std::filesystem::path(file.toStdString()).filename().string()),
                                        UiFormat::count(files), UiFormat::count(records),
                                        UiFormat::count(static_cast<std::int64_t>(rate)), UiFormat::count(errors)));
    }
    emit progressed(files, records, errors, seconds);
}

} // namespace kvw::ui
