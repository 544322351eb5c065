#include <QApplication>
#include <QLabel>

// Placeholder until the workbook window lands (issue: the workbook GUI).
int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QLabel label(QStringLiteral("KV Workbook"));
    label.show();
    return QApplication::exec();
}
