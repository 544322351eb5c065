// AzureMetrics exports (formats.md §11.2) and storage metric records (§11.3) into the metrics table.
#include "common/CaseFixture.h"
#include "core/analytics/intel/AzureMetricRecord.h"
#include "core/analytics/intel/CaseAuxiliaryImporter.h"
#include "core/ingest/CsvTableReader.h"
#include "core/ingest/InputStream.h"

#include <QtTest>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

using namespace kvw;

namespace {

std::unique_ptr<core::InputStream> streamOf(std::string text)
{
    auto data = std::make_shared<std::string>(std::move(text));
    auto pos = std::make_shared<std::size_t>(0);
    return std::make_unique<core::InputStream>(
        [data, pos](char* buffer, std::size_t capacity) -> core::Result<std::size_t> {
            const std::size_t n = std::min(capacity, data->size() - *pos);
            std::memcpy(buffer, data->data() + *pos, n);
            *pos += n;
            return n;
        });
}

QStringList tableLines(core::CaseFile& c, const std::string& sql)
{
    QStringList out;
    auto st = c.db().prepare(sql);
    while (st.step()) {
        QStringList cells;
        for (int i = 0; i < st.columnCount(); ++i) {
            cells << (st.isNull(i) ? QStringLiteral("NULL") : QString::fromStdString(st.text(i)));
        }
        out << cells.join('|');
    }
    return out;
}

class ForwardingConsumer final : public core::RecordConsumer
{
public:
    ForwardingConsumer(core::AuxiliaryImporter& importer, std::int64_t fileId) : m_importer(importer), m_fileId(fileId)
    {
    }
    void setFormat(core::SourceFormat) override {}
    void event(core::Event, std::int64_t, std::string) override {}
    void skipped(std::int64_t, const std::string&) override {}
    void rejected(std::int64_t line, const std::string& reason) override
    {
        errors << QStringLiteral("%1: %2").arg(line).arg(QString::fromStdString(reason));
    }
    void otherRecord(core::OtherRecordKind kind, const nlohmann::json& record, std::int64_t index) override
    {
        if (auto st = m_importer.importRecord(kind, record, "metrics.csv", index, m_fileId); !st) {
            errors << QStringLiteral("%1: %2").arg(index).arg(QString::fromStdString(st.error().message));
        }
    }
    bool cancelled() const override { return false; }
    QStringList errors;

private:
    core::AuxiliaryImporter& m_importer;
    std::int64_t m_fileId;
};

const char* const MetricsCsv =
    "TenantId,SourceSystem,TimeGenerated [UTC],ResourceId,MetricName,Total,Count,Maximum,Minimum,Average,TimeGrain,"
    "UnitName,Type,_ResourceId\n"
    "t1,Azure,\"11/3/2026, 10:00:00.000 AM\",/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/"
    "KV-PAYMENTS,ServiceApiHit,42,42,1,1,1,PT1M,Count,AzureMetrics,/subscriptions/s1/resourcegroups/rg/providers/"
    "microsoft.keyvault/vaults/kv-payments\n"
    "t1,Azure,\"11/3/2026, 10:00:00.000 AM\",/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/"
    "KV-PAYMENTS,ServiceApiLatency,500,10,120,20,50,PT1M,MilliSeconds,AzureMetrics,\n"
    "t1,Azure,\"11/3/2026, 10:01:00.000 AM\",/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/"
    "KV-PAYMENTS,Availability,100,1,100,100,100,PT1M,Percent,AzureMetrics,\n"
    // The same sample exported twice (overlapping exports) is stored once.
    "t1,Azure,\"11/3/2026, 10:00:00.000 AM\",/subscriptions/s1/resourcegroups/rg/providers/microsoft.keyvault/vaults/"
    "kv-payments,ServiceApiHit,42,42,1,1,1,PT1M,Count,AzureMetrics,\n"
    "t1,Azure,\"11/3/2026, 10:02:00.000 AM\",/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/"
    "KV-PAYMENTS,ServiceApiHit,many,42,1,1,1,PT1M,Count,AzureMetrics,\n";

} // namespace

class TestAlertsMetrics : public QObject
{
    Q_OBJECT

private slots:
    void azureMetricsCsv()
    {
        test::CaseFixture fx;
        auto file = fx.caseFile().db().prepare("INSERT INTO files(path) VALUES('metrics.csv')");
        file.run();
        const std::int64_t fileId = fx.caseFile().db().lastInsertRowId();
        core::CaseAuxiliaryImporter importer(fx.caseFile(), 2);
        ForwardingConsumer consumer(importer, fileId);
        auto in = streamOf(MetricsCsv);
        QVERIFY(core::CsvTableReader::read(*in, "metrics.csv", consumer, core::DateOrder::MonthFirst).ok());
        QVERIFY(importer.finishFile(fileId).ok());
        QCOMPARE(consumer.errors, QStringList{"6: metric field Total is not a number"});
        const auto t = [](int minute) {
            return QString::number(core::Timestamp::fromCivil(2026, 11, 3, 10, minute).ticks());
        };
        const QString rid = "/subscriptions/s1/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-payments";
        const QStringList expected{
            t(0) + "|" + rid + "|kv-payments|ServiceApiHit|42.0|42.0|1.0|1.0|1.0|Count",
            t(0) + "|" + rid + "|kv-payments|ServiceApiLatency|500.0|10.0|20.0|120.0|50.0|MilliSeconds",
            t(1) + "|" + rid + "|kv-payments|Availability|100.0|1.0|100.0|100.0|100.0|Percent",
        };
        QCOMPARE(tableLines(fx.caseFile(), "SELECT time, resource_id, vault, metric, total, count, minimum, maximum, "
                                           "average, unit FROM metrics ORDER BY id"),
                 expected);
        QCOMPARE(importer.counts().metricsNew, std::int64_t{3});
        QCOMPARE(importer.counts().metricsKnown, std::int64_t{1});
    }

    void storageMetricRecord()
    {
        const auto record = nlohmann::json::parse(
            R"({"count": 3, "total": 3, "minimum": 1, "maximum": 1, "average": 1,
                "resourceId": "/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/MANAGEDHSMS/HSM-1",
                "time": "2026-11-03T10:05:00.0000000Z", "metricName": "ServiceApiHit", "timeGrain": "PT1M"})");
        auto m = core::AzureMetricRecord::fromJson(record);
        QVERIFY(m.ok());
        QCOMPARE(m->vault, std::string("hsm-1"));
        QCOMPARE(m->metric, std::string("ServiceApiHit"));
        QCOMPARE(m->time.toIso(), std::string("2026-11-03T10:05:00.000Z"));
        QCOMPARE(m->count, std::optional<double>(3));
        QVERIFY(m->unit.empty());
    }

    void badMetricRecords_data()
    {
        QTest::addColumn<QString>("record");
        QTest::addColumn<QString>("field");
        QTest::addRow("no metric name") << R"({"TimeGenerated":"2026-11-03T10:00:00Z","ResourceId":"/x"})"
                                        << "MetricName";
        QTest::addRow("no time") << R"({"MetricName":"ServiceApiHit","ResourceId":"/x"})"
                                 << "TimeGenerated";
        QTest::addRow("bad time") << R"({"MetricName":"ServiceApiHit","TimeGenerated":"later","ResourceId":"/x"})"
                                  << "TimeGenerated";
        QTest::addRow("no resource") << R"({"MetricName":"ServiceApiHit","TimeGenerated":"2026-11-03T10:00:00Z"})"
                                     << "ResourceId";
        QTest::addRow("average is text")
            << R"({"MetricName":"A","TimeGenerated":"2026-11-03T10:00:00Z","ResourceId":"/x","Average":"n/a"})"
            << "Average";
    }

    void badMetricRecords()
    {
        QFETCH(QString, record);
        QFETCH(QString, field);
        auto m = core::AzureMetricRecord::fromJson(nlohmann::json::parse(record.toStdString()));
        QVERIFY(!m.ok());
        QVERIFY2(QString::fromStdString(m.error().message).contains(field), m.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestAlertsMetrics)
#include "tst_alerts_metrics.moc"
