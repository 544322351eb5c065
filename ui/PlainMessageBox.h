#pragma once

#include <QString>

class QWidget;

namespace kvw::ui {

// Message boxes whose text may hold file names or log values: always plain text, never rich text.
class PlainMessageBox
{
public:
    static void warning(QWidget* parent, const QString& title, const QString& text);
};

} // namespace kvw::ui
