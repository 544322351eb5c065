#include "ui/ColumnFilterPopup.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kvw::ui {

ColumnFilterPopup::ColumnFilterPopup(core::ColumnCriterion::Column column, const QString& title,
                                     const std::optional<core::ColumnCriterion>& current, QWidget* parent)
    : QFrame(parent, Qt::Popup), m_column(column)
{
    setObjectName(QStringLiteral("columnFilterPopup"));
    setFrameShape(QFrame::StyledPanel);
    setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(tr("Filter the %1 column").arg(title), this);
    heading->setTextFormat(Qt::PlainText);
    layout->addWidget(heading);
    auto* form = new QFormLayout;
    if (core::ColumnCriterion::isNumeric(column)) {
        // Whole numbers only: a status or a duration in milliseconds.
        auto* validator = new QIntValidator(0, 2'000'000'000, this);
        m_min = new QLineEdit(this);
        m_min->setObjectName(QStringLiteral("columnFilterMinEdit"));
        m_min->setValidator(validator);
        m_min->setPlaceholderText(tr("no minimum"));
        m_max = new QLineEdit(this);
        m_max->setObjectName(QStringLiteral("columnFilterMaxEdit"));
        m_max->setValidator(validator);
        m_max->setPlaceholderText(tr("no maximum"));
        if (current && current->min) {
            m_min->setText(QString::number(*current->min));
        }
        if (current && current->max) {
            m_max->setText(QString::number(*current->max));
        }
        form->addRow(tr("At least"), m_min);
        form->addRow(tr("At most"), m_max);
    } else {
        m_match = new QComboBox(this);
        m_match->setObjectName(QStringLiteral("columnFilterMatchCombo"));
        m_match->addItem(tr("contains"));
        m_match->addItem(tr("equals"));
        m_text = new QLineEdit(this);
        m_text->setObjectName(QStringLiteral("columnFilterTextEdit"));
        m_text->setClearButtonEnabled(true);
        if (current) {
            m_match->setCurrentIndex(current->match == core::ColumnCriterion::Match::Equals ? 1 : 0);
            m_text->setText(QString::fromStdString(current->text));
        }
        form->addRow(m_match, m_text);
    }
    layout->addLayout(form);
    auto* buttons = new QHBoxLayout;
    auto* clear = new QPushButton(tr("Clear"), this);
    clear->setObjectName(QStringLiteral("columnFilterClearButton"));
    auto* apply = new QPushButton(tr("Apply"), this);
    apply->setObjectName(QStringLiteral("columnFilterApplyButton"));
    apply->setDefault(true);
    buttons->addStretch(1);
    buttons->addWidget(clear);
    buttons->addWidget(apply);
    layout->addLayout(buttons);
    connect(clear, &QPushButton::clicked, this, [this]() {
        emit applied(std::nullopt);
        close();
    });
    connect(apply, &QPushButton::clicked, this, [this]() {
        emit applied(criterion());
        close();
    });
    for (QLineEdit* edit : {m_text, m_min, m_max}) {
        if (edit) {
            connect(edit, &QLineEdit::returnPressed, apply, &QPushButton::click);
        }
    }
}

std::optional<core::ColumnCriterion> ColumnFilterPopup::criterion() const
{
    core::ColumnCriterion c;
    c.column = m_column;
    if (m_text) {
        if (m_text->text().isEmpty()) {
            return std::nullopt;
        }
        c.match = m_match->currentIndex() == 1 ? core::ColumnCriterion::Match::Equals
                                               : core::ColumnCriterion::Match::Contains;
        c.text = m_text->text().toStdString();
        return c;
    }
    c.match = core::ColumnCriterion::Match::Range;
    bool ok = false;
    if (const qlonglong v = m_min->text().toLongLong(&ok); ok) {
        c.min = v;
    }
    if (const qlonglong v = m_max->text().toLongLong(&ok); ok) {
        c.max = v;
    }
    if (!c.min && !c.max) {
        return std::nullopt;
    }
    return c;
}

} // namespace kvw::ui
