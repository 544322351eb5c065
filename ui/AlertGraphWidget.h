#pragma once

#include <QWidget>

#include <optional>
#include <vector>

namespace kvw::ui {

// The selected Defender alert as a small graph: the alert in the centre, its entities around it (IPs, accounts,
// applications, vaults and other resources, objects) with a colour and a short kind badge each, labels as plain
// text elided to fit, and every edge labelled by its relation. Clicking an entity node asks for its entity page,
// like the tables do.
class AlertGraphWidget : public QWidget
{
    Q_OBJECT
public:
    struct Node
    {
        QString kind;                  // the alert's entity kind: ip, account, application, azure-resource, ...
        QString label;                 // shown elided; the tooltip has it whole
        std::optional<int> entityKind; // core::EntityKind when the node has an entity page
        QString entityValue;
    };

    explicit AlertGraphWidget(QWidget* parent = nullptr);

    void setAlert(const QString& title, const QString& severity, std::vector<Node> nodes);
    void clear();

    // The alert node and the entity nodes shown (0 with no alert); node 0 is the alert. Entities that do not fit the
    // height are left to the table (the graph says how many).
    int nodeCount() const;
    const Node& node(int index) const { return m_nodes.at(static_cast<std::size_t>(index - 1)); }
    // Where node `index` is drawn at the current size, and which node is at a point (-1 for none).
    QRectF nodeRect(int index) const;
    int nodeAt(const QPointF& point) const;
    static QString relation(const QString& kind);

    QSize sizeHint() const override { return {460, 340}; }
    QSize minimumSizeHint() const override { return {260, 200}; }

signals:
    void entityActivated(int kind, const QString& value);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    QPointF nodeCentre(int index) const;
    int shownEntities() const;

    QString m_title;
    QString m_severity;
    std::vector<Node> m_nodes;
};

} // namespace kvw::ui
