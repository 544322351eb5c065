#include "ui/AlertGraphWidget.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <cstring>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace kvw::ui {
namespace {

constexpr double kNodeRadius = 17.0;
constexpr double kAlertWidth = 190.0;
constexpr double kAlertHeight = 46.0;
constexpr int kMaxNodes = 16;   // more would not be readable around one alert; the rest is in the table below
constexpr double kMargin = 8.0;
constexpr double kRowHeight = 52.0;   // a disc and its label

struct KindStyle
{
    QColor colour;
    const char* badge;
};

KindStyle styleOf(const QString& kind)
{
    const QString k = kind.toLower();
    if (k == QLatin1String("ip")) {
        return {QColor(0x2f, 0x7e, 0xd8), "IP"};
    }
    if (k == QLatin1String("account")) {
        return {QColor(0x8e, 0x44, 0xad), "ID"};
    }
    if (k == QLatin1String("application")) {
        return {QColor(0x16, 0xa0, 0x85), "APP"};
    }
    if (k == QLatin1String("azure-resource")) {
        return {QColor(0xd3, 0x54, 0x00), "RES"};
    }
    if (k == QLatin1String("object")) {
        return {QColor(0x7d, 0x8a, 0x2e), "OBJ"};
    }
    if (k == QLatin1String("host")) {
        return {QColor(0x55, 0x62, 0x70), "HOST"};
    }
    return {QColor(0x80, 0x80, 0x80), "?"};
}

QColor severityColour(const QString& severity)
{
    const QString s = severity.toLower();
    if (s == QLatin1String("high")) {
        return QColor(0xc0, 0x39, 0x2b);
    }
    if (s == QLatin1String("medium")) {
        return QColor(0xe6, 0x7e, 0x22);
    }
    if (s == QLatin1String("low")) {
        return QColor(0xd4, 0xac, 0x0d);
    }
    return QColor(0x7f, 0x8c, 0x8d);
}

} // namespace

AlertGraphWidget::AlertGraphWidget(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("alertEntityGraph"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QString AlertGraphWidget::relation(const QString& kind)
{
    const QString k = kind.toLower();
    if (k == QLatin1String("ip")) {
        return tr("from address");
    }
    if (k == QLatin1String("account")) {
        return tr("by identity");
    }
    if (k == QLatin1String("application")) {
        return tr("by application");
    }
    if (k == QLatin1String("azure-resource")) {
        return tr("on resource");
    }
    if (k == QLatin1String("object")) {
        return tr("on object");
    }
    if (k == QLatin1String("host")) {
        return tr("from host");
    }
    return kind;
}

void AlertGraphWidget::setAlert(const QString& title, const QString& severity, std::vector<Node> nodes)
{
    m_title = title;
    m_severity = severity;
    m_nodes = std::move(nodes);
    update();
}

void AlertGraphWidget::clear()
{
    m_title.clear();
    m_severity.clear();
    m_nodes.clear();
    update();
}

int AlertGraphWidget::shownEntities() const
{
    // Entities fan out left and right of the alert, each needing its disc and its label in height.
    const int perSide = std::max(1, static_cast<int>((height() - 2 * kMargin) / kRowHeight));
    return std::min({static_cast<int>(m_nodes.size()), 2 * perSide, kMaxNodes});
}

int AlertGraphWidget::nodeCount() const { return m_title.isEmpty() ? 0 : shownEntities() + 1; }

QPointF AlertGraphWidget::nodeCentre(int index) const
{
    const QPointF centre = QRectF(rect()).center();
    if (index <= 0) {
        return centre;
    }
    // Alternate sides, top to bottom on each: the edges fan out and their labels never sit under a node's label.
    const int shown = shownEntities();
    const int i = index - 1;
    const bool left = i % 2 == 0;
    const int onSide = left ? (shown + 1) / 2 : shown / 2;
    const int row = i / 2;
    const double spacing = (height() - 2 * kMargin) / std::max(onSide, 1);
    const double dx = std::max(kAlertWidth / 2.0 + 90.0, width() / 2.0 - 90.0);
    return {centre.x() + (left ? -dx : dx), kMargin + spacing * (row + 0.5)};
}

QRectF AlertGraphWidget::nodeRect(int index) const
{
    const QPointF c = nodeCentre(index);
    if (index == 0) {
        return {c.x() - kAlertWidth / 2.0, c.y() - kAlertHeight / 2.0, kAlertWidth, kAlertHeight};
    }
    return {c.x() - kNodeRadius, c.y() - kNodeRadius, 2 * kNodeRadius, 2 * kNodeRadius};
}

int AlertGraphWidget::nodeAt(const QPointF& point) const
{
    // Entities first: an entity drawn over the alert box is what the eye sees.
    for (int i = nodeCount() - 1; i >= 1; --i) {
        const QPointF d = point - nodeCentre(i);
        if (std::hypot(d.x(), d.y()) <= kNodeRadius + 2.0) {
            return i;
        }
    }
    return nodeCount() > 0 && nodeRect(0).contains(point) ? 0 : -1;
}

void AlertGraphWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.base());
    const QColor text = pal.color(QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(0.6f);
    if (nodeCount() == 0) {
        p.setPen(muted);
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Choose an alert in the list to see it with its entities."));
        return;
    }
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetricsF smallMetrics(small);
    const QPointF centre = nodeCentre(0);

    // Edges under everything, each labelled at its middle on a small pill so that the line does not cross the text.
    const QRectF alertBox = nodeRect(0);
    auto edgeStart = [&](int i) {
        return QPointF(nodeCentre(i).x() < centre.x() ? alertBox.left() : alertBox.right(), centre.y());
    };
    for (int i = 1; i < nodeCount(); ++i) {
        const QPointF c = nodeCentre(i);
        QColor edge = styleOf(node(i).kind).colour;
        edge.setAlphaF(0.55f);
        p.setPen(QPen(edge, 1.6));
        p.drawLine(edgeStart(i), c);
    }
    p.setFont(small);
    for (int i = 1; i < nodeCount(); ++i) {
        // Nearer the alert than the entity, clear of the entity's label.
        const QPointF mid = edgeStart(i) + (nodeCentre(i) - edgeStart(i)) * 0.4;
        const QString label = relation(node(i).kind);
        const double w = smallMetrics.horizontalAdvance(label) + 10.0;
        const QRectF pill(mid.x() - w / 2.0, mid.y() - smallMetrics.height() / 2.0 - 1.0, w, smallMetrics.height() + 2.0);
        p.setPen(Qt::NoPen);
        p.setBrush(pal.base());
        p.drawRoundedRect(pill, 6, 6);
        p.setPen(muted);
        p.drawText(pill, Qt::AlignCenter, label);
    }

    // The alert: a box with a severity stripe, its title elided.
    const QRectF box = nodeRect(0);
    p.setPen(QPen(severityColour(m_severity), 2.0));
    p.setBrush(pal.color(QPalette::AlternateBase));
    p.drawRoundedRect(box, 8, 8);
    p.setPen(Qt::NoPen);
    p.setBrush(severityColour(m_severity));
    p.drawRoundedRect(QRectF(box.left(), box.top(), 7, box.height()), 3, 3);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(text);
    const QRectF inner = box.adjusted(14, 4, -8, -4);
    const QFontMetricsF boldMetrics(bold);
    p.drawText(QRectF(inner.left(), inner.top(), inner.width(), inner.height() / 2.0), Qt::AlignLeft | Qt::AlignVCenter,
               boldMetrics.elidedText(m_title, Qt::ElideRight, inner.width()));
    p.setFont(small);
    p.setPen(muted);
    p.drawText(QRectF(inner.left(), inner.center().y(), inner.width(), inner.height() / 2.0),
               Qt::AlignLeft | Qt::AlignVCenter,
               smallMetrics.elidedText(tr("Defender alert · %1").arg(m_severity), Qt::ElideRight, inner.width()));

    if (nodeCount() - 1 < static_cast<int>(m_nodes.size())) {
        p.setPen(muted);
        p.drawText(rect().adjusted(8, 4, -8, -4), Qt::AlignBottom | Qt::AlignHCenter,
                   tr("+%1 more in the table below").arg(static_cast<int>(m_nodes.size()) - (nodeCount() - 1)));
    }

    // Entities: a coloured disc with the kind's badge, the value elided under it.
    for (int i = 1; i < nodeCount(); ++i) {
        const Node& n = node(i);
        const KindStyle style = styleOf(n.kind);
        const QRectF disc = nodeRect(i);
        p.setPen(QPen(style.colour.darker(125), 1.2));
        p.setBrush(style.colour);
        p.drawEllipse(disc);
        QFont badge = small;
        badge.setBold(true);
        badge.setPointSizeF(small.pointSizeF() * (std::strlen(style.badge) > 3 ? 0.8 : 0.95));
        p.setFont(badge);
        p.setPen(Qt::white);
        p.drawText(disc, Qt::AlignCenter, QString::fromLatin1(style.badge));
        p.setFont(small);
        p.setPen(n.entityKind ? text : muted);
        const double labelWidth = 136.0;
        const QRectF under(disc.center().x() - labelWidth / 2.0, disc.bottom() + 2.0, labelWidth,
                           smallMetrics.height() + 2.0);
        // Drawn as plain text: a value from the logs is never markup here.
        p.drawText(under, Qt::AlignHCenter | Qt::AlignTop, smallMetrics.elidedText(n.label, Qt::ElideMiddle, labelWidth));
    }
}

void AlertGraphWidget::mouseMoveEvent(QMouseEvent* event)
{
    const int i = nodeAt(event->position());
    setCursor(i >= 1 && node(i).entityKind ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(event);
}

void AlertGraphWidget::mouseReleaseEvent(QMouseEvent* event)
{
    const int i = nodeAt(event->position());
    if (event->button() == Qt::LeftButton && i >= 1 && node(i).entityKind) {
        emit entityActivated(*node(i).entityKind, node(i).entityValue);
    }
    QWidget::mouseReleaseEvent(event);
}

bool AlertGraphWidget::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const int i = nodeAt(help->pos());
        if (i < 0) {
            QToolTip::hideText();
            return true;
        }
        const QString tip = i == 0 ? m_title
                                   : (node(i).label + QStringLiteral("\n") + relation(node(i).kind) +
                                      (node(i).entityKind ? tr(" — click to open its page") : QString()));
        // Escaped: a tooltip that looks like markup would be rendered as rich text.
        QToolTip::showText(help->globalPos(), QStringLiteral("<p style='white-space:pre'>%1</p>").arg(tip.toHtmlEscaped()),
                           this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace kvw::ui
