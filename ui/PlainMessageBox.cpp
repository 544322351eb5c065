#include "ui/PlainMessageBox.h"

#include <QMessageBox>

namespace kvw::ui {

void PlainMessageBox::warning(QWidget* parent, const QString& title, const QString& text)
{
    QMessageBox box(QMessageBox::Warning, title, {}, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.setText(text);
    box.exec();
}

} // namespace kvw::ui
