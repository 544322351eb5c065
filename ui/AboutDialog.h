#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;

namespace kvw::ui {

// Help → About: version, build and the licences of the bundled libraries, all as plain text.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The text shown (core::BuildInfo::aboutText with the Qt version the program runs against).
    QString aboutText() const;

private:
    QLabel* m_titleLabel = nullptr;
    QPlainTextEdit* m_aboutTextEdit = nullptr;
};

} // namespace kvw::ui
