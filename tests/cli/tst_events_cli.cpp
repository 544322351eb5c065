// kvworkbook-cli events --where / --tagged (the Events grid's column filters on the command line), and its paging
// past one page of output.
#include "app/cli/CommandLine.h"
#include "common/RecordFactory.h"
#include "common/TestSupport.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace kvw;

namespace {

struct Run
{
    int code;
    std::string out;
    std::string err;
};

Run runCli(const std::vector<std::string>& args)
{
    std::ostringstream out;
    std::ostringstream err;
    cli::CommandIo io{out, err};
    const int code = cli::CommandLine::run(args, io);
    return {code, out.str(), err.str()};
}

constexpr int kRecords = 12'000;   // more than two of the command's 5,000-event pages

test::RawRecordSpec spec(int i)
{
    test::RawRecordSpec r;
    r.vault = i % 4 == 0 ? "KV-B" : "KV-A";
    r.operation = i % 3 == 0 ? "SecretList" : "SecretGet";
    r.status = i % 10 == 0 ? 403 : (i % 25 == 0 ? 500 : 200);
    r.ip = "10.0." + std::to_string(i % 7) + ".1";
    // Many events share a second: the paging must not skip or repeat any of them.
    r.time = "2026-11-0" + std::to_string(1 + (i / 2000)) + "T10:" + (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) +
             ":00Z";
    r.correlationId = "c" + std::to_string(i);
    r.secret = i % 5 == 0 ? "o'brien;--" : "db-password";
    return r;
}

} // namespace

class TestEventsCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        std::string s;
        for (int i = 0; i < kRecords; ++i) {
            s += test::RecordFactory::raw(spec(i)) + "\n";
        }
        m_case = m_dir.path().toStdString() + "/case.kvwb";
        const std::string bundle = test::writeFile(m_dir, "bundle/PT1H.json", s);
        QCOMPARE(runCli({"ingest", "--case", m_case, "--quiet", bundle}).code, 0);
    }

    void everyEventOnceInTimeOrder()
    {
        const Run r = runCli({"events", "--case", m_case, "--limit", "0", "--format", "json"});
        QCOMPARE(r.code, 0);
        const auto rows = nlohmann::json::parse(r.out);
        QCOMPARE(static_cast<int>(rows.size()), kRecords);
        std::set<std::string> correlations;
        std::string previous;
        for (const auto& row : rows) {
            correlations.insert(row.dump());
            const std::string t = row["time"].get<std::string>();
            QVERIFY(previous <= t);
            previous = t;
        }
        QCOMPARE(static_cast<int>(correlations.size()), kRecords);
    }

    void where_data()
    {
        QTest::addColumn<QStringList>("conditions");
        QTest::addColumn<int>("expected");
        auto count = [](const std::function<bool(const test::RawRecordSpec&)>& keep) {
            int n = 0;
            for (int i = 0; i < kRecords; ++i) {
                n += keep(spec(i)) ? 1 : 0;
            }
            return n;
        };
        QTest::addRow("status>=400") << QStringList{"status>=400"} << count([](const auto& r) { return r.status >= 400; });
        QTest::addRow("status=500") << QStringList{"status=500"} << count([](const auto& r) { return r.status == 500; });
        QTest::addRow("vault=kv-b, any case") << QStringList{"vault=Kv-B"} << count([](const auto& r) { return r.vault == "KV-B"; });
        QTest::addRow("operation~list and ip") << QStringList{"operation~list", "ip=10.0.3.1"}
                                               << count([](const auto& r) {
                                                      return r.operation == "SecretList" && r.ip == "10.0.3.1";
                                                  });
        QTest::addRow("object with quote and comment") << QStringList{"object=o'brien;--"}
                                                       << count([](const auto& r) { return r.secret == "o'brien;--"; });
        QTest::addRow("object contains ';--") << QStringList{"object~';--"} << count([](const auto& r) {
            return r.secret.find("';--") != std::string::npos;
        });
        QTest::newRow("object contains %") << QStringList{"object~%"} << 0;
        QTest::addRow("object contains _") << QStringList{"object~_"} << 0;
    }
    void where()
    {
        QFETCH(QStringList, conditions);
        QFETCH(int, expected);
        std::vector<std::string> args{"events", "--case", m_case, "--limit", "0", "--format", "json"};
        for (const auto& c : conditions) {
            args.push_back("--where");
            args.push_back(c.toStdString());
        }
        const Run r = runCli(args);
        QCOMPARE(r.code, 0);
        QCOMPARE(static_cast<int>(nlohmann::json::parse(r.out).size()), expected);
        QCOMPARE(nlohmann::json::parse(runCli({"summary", "--case", m_case, "--json"}).out)["events"].get<int>(), kRecords);
    }

    void badConditionsAreUsageErrors_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addRow("unknown column") << "colour=red";
        QTest::addRow("no operator") << "vault";
        QTest::addRow("bound on a text column") << "vault>=a";
    }
    void badConditionsAreUsageErrors()
    {
        QFETCH(QString, condition);
        const Run r = runCli({"events", "--case", m_case, "--where", condition.toStdString()});
        QCOMPARE(r.code, 2);
        QVERIFY(QString::fromStdString(r.err).contains(QLatin1String("--where")));
    }

    void taggedOnly()
    {
        // No tags yet: nothing; the flag is accepted.
        const Run r = runCli({"events", "--case", m_case, "--tagged", "--format", "json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(nlohmann::json::parse(r.out).size(), std::size_t(0));
    }

private:
    QTemporaryDir m_dir;
    std::string m_case;
};

QTEST_GUILESS_MAIN(TestEventsCli)
#include "tst_events_cli.moc"
