// TableExport's JSON: numeric columns become JSON numbers only when the whole cell is a number; anything else
// (thousands separators, units, text) stays a string, so no value is silently changed.
#include "core/report/DataTable.h"
#include "core/report/TableExport.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <sstream>

using namespace kvw::core;

class TestTableJson : public QObject
{
    Q_OBJECT

private slots:
    void numericCells_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("json");   // the value as nlohmann dumps it
        QTest::newRow("integer") << QStringLiteral("1200") << QStringLiteral("1200");
        QTest::newRow("negative") << QStringLiteral("-3") << QStringLiteral("-3");
        QTest::newRow("fraction") << QStringLiteral("12.5") << QStringLiteral("12.5");
        QTest::newRow("thousands separator") << QStringLiteral("1,200") << QStringLiteral("\"1,200\"");
        QTest::newRow("number then text") << QStringLiteral("7 ms") << QStringLiteral("\"7 ms\"");
        QTest::newRow("empty") << QString() << QStringLiteral("\"\"");
    }

    void numericCells()
    {
        QFETCH(QString, cell);
        QFETCH(QString, json);
        DataTable t;
        t.addColumn("name");
        t.addColumn("value", true);
        t.rows.push_back({"row", cell.toStdString()});
        std::ostringstream out;
        TableExport::writeJson(t, out);
        const auto parsed = nlohmann::json::parse(out.str());
        QCOMPARE(parsed.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(parsed[0]["value"].dump()), json);
        QCOMPARE(QString::fromStdString(parsed[0]["name"].get<std::string>()), QStringLiteral("row"));
    }
};

QTEST_GUILESS_MAIN(TestTableJson)
#include "tst_table_json.moc"
