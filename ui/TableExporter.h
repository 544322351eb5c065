#pragma once

#include "core/common/Result.h"
#include "core/query/EventFilter.h"
#include "core/report/DataTable.h"

#include <QString>

#include <functional>

class QAbstractItemModel;
class QObject;

namespace kvw::ui {

// Table exports from the GUI, through core TableExport (RFC 4180 CSV with formula neutralisation, JSON):
// a grid exactly as shown (the view's proxy: its text filter and sort), or the event list of a case under a filter,
// streamed from SQLite off the GUI thread.
class TableExporter
{
public:
    enum class Format { Csv, Json };

    // Csv unless the path ends in .json.
    static Format formatFor(const QString& path);
    // The rows and columns a model shows, as text; right-aligned columns are numbers and use their raw sort value
    // (no thousands separators).
    static core::DataTable fromModel(const QAbstractItemModel& model, const QString& title = {});
    static core::Result<std::int64_t> writeModel(const QAbstractItemModel& model, const QString& path, Format format);
    // Exports the case's events under `filter` on the thread pool; `done(message, ok)` runs on the GUI thread.
    static void exportEvents(QObject* owner, const QString& casePath, const core::EventFilter& filter,
                             const QString& path, Format format, std::function<void(const QString&, bool)> done);
};

} // namespace kvw::ui
