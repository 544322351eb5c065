#include "core/common/JsonText.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using namespace kvw::core;

Q_DECLARE_METATYPE(std::string)

// The hand-written JSON string writer shared by the demo generator and the CSV row mapper: exact output, and
// output that nlohmann parses back to the expected text.
class TestJsonText : public QObject
{
    Q_OBJECT

private slots:
    void escapes_data()
    {
        QTest::addColumn<std::string>("input");
        QTest::addColumn<std::string>("expectedLiteral");
        QTest::addColumn<std::string>("expectedParsed");

        QTest::newRow("plain") << std::string("SecretGet") << std::string("\"SecretGet\"") << std::string("SecretGet");
        QTest::newRow("empty") << std::string() << std::string("\"\"") << std::string();
        QTest::newRow("quote and backslash") << std::string("a\"b\\c") << std::string("\"a\\\"b\\\\c\"")
                                             << std::string("a\"b\\c");
        QTest::newRow("named controls") << std::string("\n\r\t\b\f") << std::string("\"\\n\\r\\t\\b\\f\"")
                                        << std::string("\n\r\t\b\f");
        QTest::newRow("other controls") << std::string("x\x01y\x1b[31m", 8) << std::string("\"x\\u0001y\\u001b[31m\"")
                                        << std::string("x\x01y\x1b[31m", 8);
        QTest::newRow("nul byte") << std::string("a\0b", 3) << std::string("\"a\\u0000b\"") << std::string("a\0b", 3);
        QTest::newRow("valid multi-byte") << std::string("caf\xC3\xA9 \xE2\x80\xAE \xF0\x9F\x94\x91")
                                          << std::string("\"caf\xC3\xA9 \xE2\x80\xAE \xF0\x9F\x94\x91\"")
                                          << std::string("caf\xC3\xA9 \xE2\x80\xAE \xF0\x9F\x94\x91");
        QTest::newRow("latin-1 byte") << std::string("Z\xFCrich") << std::string("\"Z\xEF\xBF\xBDrich\"")
                                      << std::string("Z\xEF\xBF\xBDrich");
        QTest::newRow("overlong slash") << std::string("\xC0\xAF") << std::string("\"\xEF\xBF\xBD\xEF\xBF\xBD\"")
                                        << std::string("\xEF\xBF\xBD\xEF\xBF\xBD");
        QTest::newRow("surrogate") << std::string("\xED\xA0\x80!")
                                   << std::string("\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!\"")
                                   << std::string("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!");
        QTest::newRow("truncated at end") << std::string("ok\xE2\x82") << std::string("\"ok\xEF\xBF\xBD\xEF\xBF\xBD\"")
                                          << std::string("ok\xEF\xBF\xBD\xEF\xBF\xBD");
    }

    void escapes()
    {
        QFETCH(std::string, input);
        QFETCH(std::string, expectedLiteral);
        QFETCH(std::string, expectedParsed);

        std::string out = "[";
        JsonText::appendString(out, input);
        QCOMPARE(out.substr(1), expectedLiteral);
        out += "]";
        const auto parsed = nlohmann::json::parse(out, nullptr, false);
        QVERIFY(!parsed.is_discarded());
        QCOMPARE(parsed.at(0).get<std::string>(), expectedParsed);
    }

    void appendsWithoutQuotes()
    {
        std::string out = "prefix:";
        JsonText::appendEscaped(out, "a\"b");
        QCOMPARE(out, std::string("prefix:a\\\"b"));
    }
};

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_json_text.moc"
