#include "ui/TableExporter.h"

#include "core/report/TableExport.h"
#include "core/store/CaseFile.h"
#include "ui/ModelRoles.h"
#include "ui/UiFormat.h"

#include <QAbstractItemModel>
#include <QFutureWatcher>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kvw::ui {
namespace {

bool isNumberType(const QVariant& v)
{
    switch (v.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return true;
    default:
        return false;
    }
}

core::Status save(const QString& path, const std::string& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(bytes.data(), static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size()) ||
        !file.commit()) {
        return core::Error{core::Error::Code::Io, path.toStdString(), 0,
                           "cannot write: " + file.errorString().toStdString()};
    }
    return {};
}

} // namespace

TableExporter::Format TableExporter::formatFor(const QString& path)
{
    return path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive) ? Format::Json : Format::Csv;
}

core::DataTable TableExporter::fromModel(const QAbstractItemModel& model, const QString& title)
{
    core::DataTable table;
    table.title = title.toStdString();
    const int columns = model.columnCount();
    const int rows = model.rowCount();
    std::vector<bool> numeric(static_cast<std::size_t>(columns), rows > 0);
    for (int c = 0; c < columns; ++c) {
        for (int r = 0; r < rows && numeric[static_cast<std::size_t>(c)]; ++r) {
            const QModelIndex i = model.index(r, c);
            const bool right = (i.data(Qt::TextAlignmentRole).toInt() & Qt::AlignRight) != 0;
            const QVariant sort = i.data(SortRole);
            numeric[static_cast<std::size_t>(c)] = right && (isNumberType(sort) || i.data().toString().isEmpty());
        }
    }
    for (int c = 0; c < columns; ++c) {
        table.addColumn(model.headerData(c, Qt::Horizontal).toString().toStdString(), numeric[static_cast<std::size_t>(c)]);
    }
    for (int r = 0; r < rows; ++r) {
        std::vector<std::string> row;
        row.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            const QModelIndex i = model.index(r, c);
            const QString text = i.data().toString();
            row.push_back(numeric[static_cast<std::size_t>(c)] && !text.isEmpty() ? i.data(SortRole).toString().toStdString()
                                                                                  : text.toStdString());
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

core::Result<std::int64_t> TableExporter::writeModel(const QAbstractItemModel& model, const QString& path, Format format)
{
    const core::DataTable table = fromModel(model);
    std::ostringstream out;
    if (format == Format::Json) {
        core::TableExport::writeJson(table, out);
    } else {
        core::TableExport::writeCsv(table, out);
    }
    if (auto st = save(path, out.str()); !st) {
        return st.error();
    }
    return static_cast<std::int64_t>(table.rows.size());
}

void TableExporter::exportEvents(QObject* owner, const QString& casePath, const core::EventFilter& filter,
                                 const QString& path, Format format, std::function<void(const QString&, bool)> done)
{
    using Outcome = std::pair<QString, bool>;
    auto* watcher = new QFutureWatcher<Outcome>(owner);
    QObject::connect(watcher, &QFutureWatcher<Outcome>::finished, owner, [watcher, done]() {
        const Outcome o = watcher->result();
        watcher->deleteLater();
        done(o.first, o.second);
    });
    const std::string source = casePath.toStdString();
    watcher->setFuture(QtConcurrent::run([source, filter, path, format]() -> Outcome {
        auto caseFile = core::CaseFile::openReadOnly(source);
        if (!caseFile) {
            return {QString::fromStdString(caseFile.error().toString()), false};
        }
        // The event list can be millions of rows: stream it into a temporary file that replaces the target at the end.
        const std::filesystem::path target(path.toStdString());
        const std::filesystem::path part(path.toStdString() + ".part");
        std::int64_t written = 0;
        {
            std::ofstream out(part, std::ios::binary | std::ios::trunc);
            if (!out) {
                return {QObject::tr("Cannot write %1").arg(path), false};
            }
            auto n = core::TableExport::exportEvents(*caseFile, filter,
                                                     format == Format::Json ? core::TableExport::Format::Json
                                                                            : core::TableExport::Format::Csv,
                                                     out);
            out.close();
            std::error_code ec;
            if (!n || !out) {
                std::filesystem::remove(part, ec);
                return {n ? QObject::tr("Cannot write %1").arg(path) : QString::fromStdString(n.error().toString()), false};
            }
            written = *n;
            std::filesystem::rename(part, target, ec);
            if (ec) {
                const QString why = QString::fromStdString(ec.message());
                std::filesystem::remove(part, ec);
                return {QObject::tr("Cannot write %1: %2").arg(path, why), false};
            }
        }
        return {QObject::tr("Exported %1 events to %2").arg(UiFormat::count(written), path), true};
    }));
}

} // namespace kvw::ui
