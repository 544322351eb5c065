#include "WorkbookFixture.h"

#include "ui/DetectionsTab.h"
#include "ui/QueryRunner.h"
#include "ui/RowTableModel.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

using namespace kvw;
using kvw::test::WorkbookFixture;

// The Detections grid lists a finding's entities with the IPs and identities first: the detection engine stores
// them as a JSON object whose keys come back alphabetically (apps, identities, ips, objects).
class TestDetectionsEntities : public QObject
{
    Q_OBJECT

private slots:
    void ipsAndIdentitiesFirst()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/fixture.kvwb");
        {
            auto c = core::CaseFile::open(path.toStdString());
            QVERIFY(c.ok());
            WorkbookFixture::write(*c);
            c->db().exec("DELETE FROM findings");
            const nlohmann::json detail = {
                {"vaults", {"kv-alpha"}},
                {"entities",
                 {{"ips", {"203.0.113.9"}}, {"identities", {"oid-mallory"}}, {"apps", {"app-1", "app-2"}},
                  {"objects", {"db-password"}}}},
                {"evidence", nlohmann::json::array()}};
            auto st = c->db().prepare("INSERT INTO findings(rule_id, title, severity, start_time, end_time, detail_json) "
                                      "VALUES('rule', 'A finding', 'high', 0, 1, ?)");
            st.bind(1, detail.dump());
            st.run();
        }
        ui::DetectionsTab tab;
        tab.setCasePath(path);
        tab.refreshNow();
        QVERIFY(QTest::qWaitFor([]() { return ui::QueryRunner::pending() == 0; }, 30000));
        QCOMPARE(tab.findingsModel()->rowCount(), 1);
        const int entities = 4;
        QCOMPARE(tab.findingsModel()->headerData(entities, Qt::Horizontal).toString(), QStringLiteral("Entities"));
        QCOMPARE(tab.findingsModel()->index(0, entities).data().toString(),
                 QStringLiteral("ips: 203.0.113.9, identities: oid-mallory, apps: app-1, apps: app-2, objects: db-password"));
    }
};

QTEST_MAIN(TestDetectionsEntities)
#include "tst_detections_entities.moc"
