#pragma once

#include "core/ingest/IngestPipeline.h"

#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <QStringList>

#include <atomic>
#include <memory>

class QWidget;

namespace kvw::ui {

// What the window learns when an ingest ends.
struct IngestOutcome
{
    QString casePath;
    bool opened = false;          // the case could be opened at all
    bool cancelled = false;
    core::IngestStats totals;
    std::vector<core::Error> errors;
    QString failure;              // why the case could not be opened
};

// Reads a bundle into a case off the GUI thread through core::IngestPipeline. Progress goes to a QProgressDialog
// (files, records, rate, errors so far); Cancel sets an atomic the pipeline polls between records, and the pipeline's
// batch transactions leave the case consistent (whole batches; the unfinished file is read again next time).
class IngestController : public QObject
{
    Q_OBJECT
public:
    explicit IngestController(QWidget* dialogParent, QObject* parent = nullptr);
    ~IngestController() override;

    bool running() const { return m_running; }
    void start(const QStringList& paths, const QString& casePath);
    void cancel() { m_cancel->store(true); }
    // For tests: stop after this many progress reports (as if Cancel had been pressed then).
    void setCancelAfterProgressReports(int n) { m_cancelAfter = n; }
    QProgressDialog* dialog() const { return m_dialog; }

signals:
    void progressed(qint64 files, qint64 records, qint64 errors, double seconds);
    void finished(const kvw::ui::IngestOutcome& outcome);

private slots:
    void onProgress(qint64 files, qint64 records, qint64 errors, double seconds, QString file);

private:
    QWidget* m_dialogParent;
    QPointer<QProgressDialog> m_dialog;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;
    int m_cancelAfter = -1;
    int m_reports = 0;
};

} // namespace kvw::ui

Q_DECLARE_METATYPE(kvw::ui::IngestOutcome)
