#include "ui/AboutDialog.h"

#include "core/common/BuildInfo.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace kvw::ui {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About KV Workbook"));

    auto* iconLabel = new QLabel(this);
    iconLabel->setObjectName(QStringLiteral("iconLabel"));
    const QIcon icon = QIcon::fromTheme(QStringLiteral("kvworkbook"), windowIcon());
    if (!icon.isNull()) {
        iconLabel->setPixmap(icon.pixmap(64, 64));
    }

    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("titleLabel"));
    m_titleLabel->setTextFormat(Qt::PlainText);
    m_titleLabel->setText(QStringLiteral("KV Workbook %1").arg(QString::fromStdString(core::BuildInfo::version())));
    QFont titleFont = m_titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);

    auto* header = new QHBoxLayout;
    header->addWidget(iconLabel);
    header->addWidget(m_titleLabel, 1);

    // A read-only plain-text editor: selectable and copyable for bug reports, never interpreted as markup.
    m_aboutTextEdit = new QPlainTextEdit(this);
    m_aboutTextEdit->setObjectName(QStringLiteral("aboutTextEdit"));
    m_aboutTextEdit->setReadOnly(true);
    m_aboutTextEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_aboutTextEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_aboutTextEdit->setPlainText(QString::fromStdString(core::BuildInfo::aboutText(qVersion())));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_aboutTextEdit, 1);
    layout->addWidget(buttons);
    resize(720, 360);
}

QString AboutDialog::aboutText() const
{
    return m_aboutTextEdit->toPlainText();
}

} // namespace kvw::ui
