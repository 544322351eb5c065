#include "ui/ChartView.h"

#include "core/render/ChartImageWriter.h"
#include "ui/PlainMessageBox.h"

#include <QContextMenuEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QMenu>
#include <QPainter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>

namespace kvw::ui {
namespace {

core::Status writeBytes(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return core::Error{core::Error::Code::Io, path.toStdString(), 0, "cannot write: " + file.errorString().toStdString()};
    }
    return {};
}

} // namespace

ChartView::ChartView(QWidget* parent) : QChartView(parent) {}

QSize ChartView::logicalSize() const
{
    const QSize s = size();
    return s.isEmpty() ? QSize(960, 360) : s;
}

QString ChartView::suggestedName(const QString& extension) const
{
    QString base = m_spec && !m_spec->title.empty() ? QString::fromStdString(m_spec->title) : objectName();
    // A file name from a chart title (which may hold log values): letters, digits and dashes only.
    base = base.toLower().replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    base = base.left(60);
    while (base.endsWith(QLatin1Char('-'))) {
        base.chop(1);
    }
    while (base.startsWith(QLatin1Char('-'))) {
        base.remove(0, 1);
    }
    return (base.isEmpty() ? QStringLiteral("chart") : base) + QLatin1Char('.') + extension;
}

core::Status ChartView::exportPng(const QString& path, double scale)
{
    const QSize logical = logicalSize();
    if (m_spec && !m_spec->empty()) {
        auto bytes = core::ChartImageWriter::png(*m_spec, logical, scale);
        if (!bytes) {
            return bytes.error();
        }
        return writeBytes(path, *bytes);
    }
    if (scale <= 0 || logical.width() * scale > 16384 || logical.height() * scale > 16384) {
        return core::Error{core::Error::Code::Usage, path.toStdString(), 0, "chart scale out of range"};
    }
    QImage image(QSize(qRound(logical.width() * scale), qRound(logical.height() * scale)),
                 QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        // QGraphicsView::render scales the visible scene into the target: the chart is drawn at `scale`, not blown up.
        render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())),
               QRect(QPoint(0, 0), logical));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        return core::Error{core::Error::Code::Io, path.toStdString(), 0, "cannot write: " + file.errorString().toStdString()};
    }
    return {};
}

core::Status ChartView::exportSvg(const QString& path)
{
    const QSize logical = logicalSize();
    if (m_spec && !m_spec->empty()) {
        auto bytes = core::ChartImageWriter::svg(*m_spec, logical);
        if (!bytes) {
            return bytes.error();
        }
        return writeBytes(path, *bytes);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return core::Error{core::Error::Code::Io, path.toStdString(), 0, "cannot write: " + file.errorString().toStdString()};
    }
    {
        QSvgGenerator gen;
        gen.setOutputDevice(&file);
        gen.setSize(logical);
        gen.setViewBox(QRect(QPoint(0, 0), logical));
        gen.setResolution(96);
        gen.setTitle(objectName().toHtmlEscaped());
        QPainter painter(&gen);
        render(&painter, QRectF(QPointF(0, 0), QSizeF(logical)),
               QRect(QPoint(0, 0), logical));
    }
    if (!file.commit()) {
        return core::Error{core::Error::Code::Io, path.toStdString(), 0, "cannot write: " + file.errorString().toStdString()};
    }
    return {};
}

QMenu* ChartView::createExportMenu(QWidget* parent)
{
    auto* menu = new QMenu(parent);
    const QSize s = logicalSize();
    menu->addAction(tr("Save as PNG… (%1 × %2)").arg(s.width()).arg(s.height()))->setData(QStringLiteral("png:1"));
    menu->addAction(tr("Save as PNG, 2× for HiDPI… (%1 × %2)").arg(s.width() * 2).arg(s.height() * 2))
        ->setData(QStringLiteral("png:2"));
    menu->addAction(tr("Save as SVG…"))->setData(QStringLiteral("svg"));
    for (QAction* a : menu->actions()) {
        connect(a, &QAction::triggered, this, [this, a]() { saveWithDialog(a->data().toString()); });
    }
    return menu;
}

void ChartView::saveWithDialog(const QString& what)
{
    const bool svg = what == QLatin1String("svg");
    const QString target = QFileDialog::getSaveFileName(this, svg ? tr("Save chart as SVG") : tr("Save chart as PNG"),
                                                        QDir::home().filePath(suggestedName(svg ? QStringLiteral("svg") : QStringLiteral("png"))),
                                                        svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (target.isEmpty()) {
        return;
    }
    const core::Status st = svg ? exportSvg(target) : exportPng(target, what == QLatin1String("png:2") ? 2.0 : 1.0);
    if (!st) {
        PlainMessageBox::warning(this, tr("Save chart"), QString::fromStdString(st.error().toString()));
        return;
    }
    emit exported(target);
}

void ChartView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu* menu = createExportMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
    event->accept();
}

} // namespace kvw::ui
