// Timestamps in every export form, operation classes (formats.md §10.6), resource ids and object URIs.
#include "core/common/Timestamp.h"
#include "core/model/AzureResourceId.h"
#include "core/model/OperationClassifier.h"

#include <QtTest>

using namespace kvw::core;

class TestModel : public QObject
{
    Q_OBJECT

private slots:
    void timestamps_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("dayFirst");
        QTest::addColumn<QString>("iso");
        QTest::addRow("raw record, 7 digits") << "2024-04-04T06:47:31.2803447Z" << false << "2024-04-04T06:47:31.2803447Z";
        QTest::addRow("raw record, 3 digits") << "2016-01-05T01:32:01.763Z" << false << "2016-01-05T01:32:01.763Z";
        QTest::addRow("more than 7 digits are cut") << "2024-04-04T06:47:31.123456789Z" << false
                                                     << "2024-04-04T06:47:31.1234567Z";
        QTest::addRow("offset converted to UTC") << "2024-04-04T08:47:31+02:00" << false << "2024-04-04T06:47:31.000Z";
        QTest::addRow("space instead of T, no zone") << "2024-04-04 06:47:31.5" << false << "2024-04-04T06:47:31.500Z";
        QTest::addRow("portal en-US PM") << "6/9/2023, 10:45:31.952 PM" << false << "2023-06-09T22:45:31.952Z";
        QTest::addRow("portal en-US 12 AM is midnight") << "11/3/2026, 12:05:00.000 AM" << false
                                                         << "2026-11-03T00:05:00.000Z";
        QTest::addRow("portal en-US 12 PM is noon") << "11/3/2026, 12:05:00 PM" << false << "2026-11-03T12:05:00.000Z";
        QTest::addRow("day-first locale") << "6/9/2023 10:45:31" << true << "2023-09-06T10:45:31.000Z";
        QTest::addRow("Japanese locale export") << "2020/10/16 0:00:01.403" << false << "2020-10-16T00:00:01.403Z";
        QTest::addRow("date only") << "2026-11-03" << false << "2026-11-03T00:00:00.000Z";
        QTest::addRow("leap day") << "2024-02-29T00:00:00Z" << false << "2024-02-29T00:00:00.000Z";
    }

    void timestamps()
    {
        QFETCH(QString, text);
        QFETCH(bool, dayFirst);
        QFETCH(QString, iso);
        const auto t = parseTimestamp(text.toStdString(), dayFirst ? DateOrder::DayFirst : DateOrder::MonthFirst);
        QVERIFY2(t.has_value(), qPrintable(text));
        QCOMPARE(QString::fromStdString(t->toIso()), iso);
    }

    void badTimestamps_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addRow("empty") << "";
        QTest::addRow("words") << "yesterday";
        QTest::addRow("month 13") << "2024-13-01T00:00:00Z";
        QTest::addRow("29 Feb of a common year") << "2023-02-29T00:00:00Z";
        QTest::addRow("hour 24") << "2024-01-01T24:00:00Z";
        QTest::addRow("13 PM") << "1/1/2024, 13:00:00 PM";
        QTest::addRow("trailing garbage") << "2024-01-01T00:00:00Zjunk";
        QTest::addRow("two-digit year") << "1/1/24 10:00";
    }

    void badTimestamps()
    {
        QFETCH(QString, text);
        QVERIFY(!parseTimestamp(text.toStdString()).has_value());
    }

    void epochAndOrder()
    {
        QCOMPARE(Timestamp::fromCivil(1970, 1, 1).ticks(), std::int64_t(0));
        // date -u -d 2026-11-03T10:00:00Z +%s
        QCOMPARE(Timestamp::fromCivil(2026, 11, 3, 10, 0, 0).seconds(), std::int64_t(1793700000));
        QVERIFY(*parseTimestamp("2026-11-03T10:00:00.0000001Z") > *parseTimestamp("2026-11-03T10:00:00Z"));
        QCOMPARE(parseDurationTicks("15m").value(), 15 * Timestamp::TicksPerMinute);
        QCOMPARE(parseDurationTicks("14d").value(), 14 * Timestamp::TicksPerDay);
        QVERIFY(!parseDurationTicks("5x").has_value());
        QVERIFY(!parseDurationTicks("d").has_value());
    }

    void operationClasses_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("cls");
        const QList<QPair<QString, QString>> rows{
            {"SecretGet", "read_secret"},        {"SecretGetDeleted", "read"},
            {"KeyGet", "read"},                  {"VaultGet", "read"},
            {"CertificatePolicyGet", "read"},    {"SecretList", "list"},
            {"KeyListVersions", "list"},         {"CertificateIssuersList", "list"},
            {"SecretSet", "write"},              {"KeyCreate", "write"},
            {"KeyImport", "write"},              {"KeyRotate", "write"},
            {"KeyRotateIfDue", "write"},         {"CertificateEnroll", "write"},
            {"CertificatePendingMerge", "write"}, {"SecretDelete", "delete"},
            {"VaultDelete", "delete"},           {"SecretPurge", "purge"},
            {"KeyRecover", "recover"},           {"SecretBackup", "backup"},
            {"KeyBackup", "backup"},             {"BackupCreate", "backup"},
            {"SecurityDomainBackup", "backup"},  {"SecretRestore", "restore"},
            {"VaultPatch", "policy"},            {"VaultPut", "policy"},
            {"KeyRotationPolicySet", "policy"},  {"CertificatePolicyUpdate", "policy"},
            {"VaultAccessPolicyChangedEventGridNotification", "policy"},
            {"RoleAssignmentCreate", "policy"},  {"KeySign", "crypto"},
            {"KeyUnwrap", "crypto"},             {"KeyRelease", "crypto"},
            {"SecretNearExpiryEventGridNotification", "notification"},
            {"Authentication", "auth"},          {"EkmProxyOperation", "other"},
            {"SomethingNew", "other"},
        };
        for (const auto& [op, cls] : rows) {
            QTest::addRow("%s", qPrintable(op)) << op << cls;
        }
    }

    void operationClasses()
    {
        QFETCH(QString, operation);
        QFETCH(QString, cls);
        QCOMPARE(QString::fromUtf8(toString(OperationClassifier::classify(operation.toStdString()))), cls);
    }

    void resourceIds()
    {
        const auto v = AzureResourceId::parse(
            "/SUBSCRIPTIONS/AB12/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-Payments");
        QCOMPARE(v.subscription, std::string("ab12"));
        QCOMPARE(v.resourceGroup, std::string("rg-prod"));
        QCOMPARE(v.type, ResourceType::Vault);
        QCOMPARE(v.name, std::string("kv-payments"));
        const auto h = AzureResourceId::parse("/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/managedHSMs/hsm1");
        QCOMPARE(h.type, ResourceType::ManagedHsm);
        QCOMPARE(h.name, std::string("hsm1"));
        // Older docs' /HSM/ segment is tolerated.
        QCOMPARE(AzureResourceId::parse("/SUBSCRIPTIONS/S/RESOURCEGROUPS/R/PROVIDERS/MICROSOFT.KEYVAULT/HSM/X").type,
                 ResourceType::ManagedHsm);
        QCOMPARE(AzureResourceId::parse("/SUBSCRIPTIONS/S/RESOURCEGROUPS/R/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/X")
                     .provider,
                 std::string("microsoft.storage"));
        // Only ASCII letters fold: the bytes of a UTF-8 name stay as they were, whatever the process locale.
        const std::string utf8Group = "RG-\xc3\x89T\xc3\x89";
        QCOMPARE(AzureResourceId::parse("/subscriptions/s/resourceGroups/" + utf8Group +
                                        "/providers/Microsoft.KeyVault/vaults/KV1")
                     .resourceGroup,
                 std::string("rg-\xc3\x89t\xc3\x89"));
        QCOMPARE(toLower("AZaz09-_@[`{\x80\xff"), std::string("azaz09-_@[`{\x80\xff"));
    }

    void objectUris()
    {
        const auto s = KeyVaultUri::parse("https://kv1.vault.azure.net/secrets/db-pass/0123456789ABCDEF0123456789abcdef");
        QCOMPARE(s.vault, std::string("kv1"));
        QCOMPARE(s.objectType, ObjectType::Secret);
        QCOMPARE(s.objectName, std::string("db-pass"));
        QCOMPARE(s.objectVersion, std::string("0123456789abcdef0123456789abcdef"));
        const auto r = KeyVaultUri::parse("https://KV1.vault.azure.net:443/keys/k1/rotate?api-version=7.4");
        QCOMPARE(r.vault, std::string("kv1"));
        QCOMPARE(r.objectType, ObjectType::Key);
        QCOMPARE(r.objectName, std::string("k1"));
        QVERIFY(r.objectVersion.empty());
        const auto hsm = KeyVaultUri::parse("https://hsm1.managedhsm.azure.net/keys/k/?api-version=7.4");
        QCOMPARE(hsm.type, ResourceType::ManagedHsm);
        QCOMPARE(KeyVaultUri::parse("https://management.azure.com/subscriptions/x").vault, std::string());
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
