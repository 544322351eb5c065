#pragma once

#include "core/common/Result.h"
#include "core/store/CaseFile.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>

namespace kvw::ui {

// Runs a view's queries on the thread pool, each job with its own read-only connection to the case (connections
// are single-threaded), and hands the result back on the GUI thread. A newer request supersedes older ones: their
// results are dropped, so the view always shows the latest filter.
class QueryRunner : public QObject
{
    Q_OBJECT
public:
    explicit QueryRunner(QObject* parent = nullptr) : QObject(parent) {}

    void setCasePath(const QString& path) { m_path = path; ++m_generation; }
    const QString& casePath() const { return m_path; }
    bool hasCase() const { return !m_path.isEmpty(); }

    // fn: (const core::CaseFile&) -> T, run off the GUI thread; done: (core::Result<T>) on the GUI thread.
    template <typename T>
    void run(std::function<core::Result<T>(const core::CaseFile&)> fn, std::function<void(core::Result<T>)> done)
    {
        const quint64 generation = ++m_generation;
        const std::string path = m_path.toStdString();
        using Box = std::shared_ptr<core::Result<T>>;
        auto* watcher = new QFutureWatcher<Box>(this);
        ++s_pending;
        connect(watcher, &QFutureWatcher<Box>::finished, this, [this, watcher, generation, done]() {
            Box box = watcher->result();
            watcher->deleteLater();
            if (generation == m_generation) {
                done(std::move(*box));
            }
            --s_pending;
            emit finished();
        });
        watcher->setFuture(QtConcurrent::run([path, fn]() -> Box {
            auto caseFile = core::CaseFile::openReadOnly(path);
            if (!caseFile) {
                return std::make_shared<core::Result<T>>(caseFile.error());
            }
            return std::make_shared<core::Result<T>>(fn(*caseFile));
        }));
    }

    // Jobs started by any runner and not delivered yet (tests wait for 0).
    static int pending() { return s_pending.load(); }

signals:
    void finished();

private:
    QString m_path;
    quint64 m_generation = 0;
    static inline std::atomic<int> s_pending{0};
};

} // namespace kvw::ui
