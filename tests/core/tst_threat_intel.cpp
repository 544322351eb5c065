// Threat intel: STIX 2.1 bundles, TorDNSEL exit lists, IP-per-line lists, CSV lists; what is dropped from
// matching (sentinel-content.md §4.5) and how lists are dated and replaced.
#include "common/CaseFixture.h"
#include "core/analytics/intel/CaseAuxiliaryImporter.h"
#include "core/analytics/intel/IpAddress.h"
#include "core/analytics/intel/StixIndicatorParser.h"
#include "core/analytics/intel/TextThreatListReader.h"
#include "core/analytics/intel/ThreatIntelLookup.h"
#include "core/ingest/InputStream.h"

#include <QtTest>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

using namespace kvw;
using core::IpAddress;
using core::TextThreatListReader;

Q_DECLARE_METATYPE(TextThreatListReader::Kind)

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

std::int64_t addFile(core::CaseFile& c, const std::string& path)
{
    auto st = c.db().prepare("INSERT INTO files(path, status) VALUES(?, 'complete')");
    st.bind(1, path);
    st.run();
    return c.db().lastInsertRowId();
}

QString ticks(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
    return QString::number(core::Timestamp::fromCivil(y, mo, d, h, mi, s).ticks());
}

const char* const StixBundle = R"({
  "type": "bundle",
  "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
  "objects": [
    {"type": "identity", "spec_version": "2.1", "id": "identity--1", "created": "2026-10-01T00:00:00Z",
     "modified": "2026-10-01T00:00:00Z", "name": "CTI team", "identity_class": "organization"},
    {"type": "indicator", "spec_version": "2.1", "id": "indicator--a", "created": "2026-10-30T08:00:00Z",
     "modified": "2026-10-31T09:30:00Z", "name": "C2 server", "description": "Known C2 for the campaign",
     "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
     "valid_from": "2026-10-30T08:00:00Z", "valid_until": "2026-12-31T00:00:00Z", "confidence": 80},
    {"type": "indicator", "spec_version": "2.1", "id": "indicator--b", "created": "2026-10-30T08:00:00Z",
     "modified": "2026-10-30T08:00:00Z", "name": "Scanner pair",
     "pattern": "[ipv4-addr:value = '192.0.2.44' OR ipv4-addr:value = '10.0.0.5']", "pattern_type": "stix",
     "valid_from": "2026-10-30T08:00:00Z"},
    {"type": "indicator", "spec_version": "2.1", "id": "indicator--c", "created": "2026-10-30T08:00:00Z",
     "modified": "2026-10-30T08:00:00Z", "pattern": "[domain-name:value = 'evil.example']",
     "pattern_type": "stix", "valid_from": "2026-10-30T08:00:00Z"},
    {"type": "indicator", "spec_version": "2.1", "id": "indicator--d", "created": "2026-10-30T08:00:00Z",
     "modified": "2026-10-30T08:00:00Z", "description": "Hosting range",
     "pattern": "[ipv4-addr:value ISSUBSET '203.0.113.0/24']", "pattern_type": "stix",
     "valid_from": "2026-10-30T08:00:00Z"},
    {"type": "indicator", "spec_version": "2.1", "id": "indicator--e", "created": "2026-10-30T08:00:00Z",
     "modified": "2026-11-02T00:00:00Z", "revoked": true,
     "pattern": "[ipv4-addr:value = '192.0.2.99']", "pattern_type": "stix", "valid_from": "2026-10-30T08:00:00Z"},
    {"type": "indicator", "spec_version": "2.1", "id": "indicator--f", "created": "2026-10-30T08:00:00Z",
     "modified": "2026-10-30T08:00:00Z", "description": "v6 relay",
     "pattern": "[ipv6-addr:value = '2001:DB8:0:0::7']", "pattern_type": "stix", "valid_from": "2026-10-30T08:00:00Z"}
  ]
})";

const char* const TorExitList = "ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E\n"
                                "Published 2026-11-02 05:33:37\n"
                                "LastStatus 2026-11-02 13:00:00\n"
                                "ExitAddress 185.220.101.4 2026-11-02 13:05:12\n"
                                "ExitNode 00C4B2B9A9D2F0D4A5C9E7C5F4E3D2C1B0A09F8E\n"
                                "Published 2026-11-03 01:10:00\n"
                                "LastStatus 2026-11-03 02:00:00\n"
                                "ExitAddress 185.220.101.5 2026-11-03 02:04:00\n"
                                "ExitAddress 185.220.101.6 2026-11-01 22:00:00\n";

} // namespace

class TestThreatIntel : public QObject
{
    Q_OBJECT

private slots:
    void ipAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical"); // "" = not an address
        QTest::addColumn<bool>("nonPublic");
        QTest::addRow("public IPv4") << "203.0.113.7"
                                     << "203.0.113.7" << false;
        QTest::addRow("spaces and quotes") << " \"203.0.113.7\" "
                                           << "203.0.113.7" << false;
        QTest::addRow("10/8 private") << "10.20.30.40"
                                      << "10.20.30.40" << true;
        QTest::addRow("172.16/12 private") << "172.31.0.1"
                                           << "172.31.0.1" << true;
        QTest::addRow("172.32 is public") << "172.32.0.1"
                                          << "172.32.0.1" << false;
        QTest::addRow("192.168/16 private") << "192.168.1.1"
                                            << "192.168.1.1" << true;
        QTest::addRow("loopback") << "127.0.0.1"
                                  << "127.0.0.1" << true;
        QTest::addRow("IPv4 link-local") << "169.254.169.254"
                                         << "169.254.169.254" << true;
        QTest::addRow("IPv6 upper-case, long form") << "2001:DB8:0:0:0:0:0:7"
                                                    << "2001:db8::7" << false;
        QTest::addRow("IPv6 loopback") << "::1"
                                       << "::1" << true;
        QTest::addRow("IPv6 link-local") << "fe80::1"
                                         << "fe80::1" << true;
        QTest::addRow("IPv6 unique-local") << "fd00::5"
                                           << "fd00::5" << true;
        QTest::addRow("CIDR network") << "203.0.113.0/24"
                                      << "203.0.113.0/24" << false;
        QTest::addRow("/32 is an address") << "203.0.113.9/32"
                                           << "203.0.113.9" << false;
        QTest::addRow("sample alert's 00.00.00.00") << "00.00.00.00"
                                                    << "" << false;
        QTest::addRow("octet over 255") << "1.2.3.256"
                                        << "" << false;
        QTest::addRow("domain") << "evil.example"
                                << "" << false;
        QTest::addRow("prefix too long") << "1.2.3.0/33"
                                         << "" << false;
    }

    void ipAddresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QFETCH(bool, nonPublic);
        const auto ip = IpAddress::parse(text.toStdString());
        QCOMPARE(ip.has_value(), !canonical.isEmpty());
        if (ip) {
            QCOMPARE(QString::fromStdString(ip->toString()), canonical);
            QCOMPARE(ip->isNonPublic(), nonPublic);
        }
    }

    void networkContainment()
    {
        const auto net = *IpAddress::parse("203.0.113.0/24");
        QVERIFY(net.contains(*IpAddress::parse("203.0.113.200")));
        QVERIFY(!net.contains(*IpAddress::parse("203.0.114.1")));
        QVERIFY(!net.contains(*IpAddress::parse("2001:db8::1")));
        const auto net6 = *IpAddress::parse("2001:db8::/33");
        QVERIFY(net6.contains(*IpAddress::parse("2001:db8:7fff::1")));
        QVERIFY(!net6.contains(*IpAddress::parse("2001:db8:8000::1")));
    }

    void stixPatterns_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QStringList>("addresses");
        QTest::addRow("one address") << "[ipv4-addr:value = '198.51.100.1']" << QStringList{"198.51.100.1"};
        QTest::addRow("OR of two, no spaces")
            << "[ipv4-addr:value='1.1.1.1' OR ipv4-addr:value='2.2.2.2']" << QStringList{"1.1.1.1", "2.2.2.2"};
        QTest::addRow("network traffic destination")
            << "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '192.0.2.3']"
            << QStringList{"192.0.2.3"};
        QTest::addRow("ISSUBSET network")
            << "[ipv4-addr:value ISSUBSET '203.0.113.0/24']" << QStringList{"203.0.113.0/24"};
        QTest::addRow("IPv6") << "[ipv6-addr:value = '2001:db8::7']" << QStringList{"2001:db8::7"};
        QTest::addRow("not-equal says nothing") << "[ipv4-addr:value != '1.1.1.1']" << QStringList{};
        QTest::addRow("domain") << "[domain-name:value = 'evil.example']" << QStringList{};
    }

    void stixPatterns()
    {
        QFETCH(QString, pattern);
        QFETCH(QStringList, addresses);
        QStringList got;
        for (const auto& a : core::StixIndicatorParser::patternAddresses(pattern.toStdString())) {
            got << QString::fromStdString(a);
        }
        QCOMPARE(got, addresses);
    }

    void stixBundleIsStored()
    {
        test::CaseFixture fx;
        core::CaseAuxiliaryImporter importer(fx.caseFile());
        const std::int64_t fileId = addFile(fx.caseFile(), "intel/campaign.json");
        QVERIFY(importer
                    .importRecord(core::OtherRecordKind::ThreatIndicator, nlohmann::json::parse(StixBundle),
                                  "intel/campaign.json", 1, fileId)
                    .ok());
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM ti_lists"), std::int64_t{0}); // written with the file
        QVERIFY(importer.finishFile(fileId).ok());
        // The newest created/modified date in the bundle dates the list (the revoked indicator's counts too).
        QCOMPARE(tableLines(fx.caseFile(), "SELECT name, kind, list_date, file_id FROM ti_lists"),
                 QStringList{"campaign.json|stix|2026-11-02T00:00:00.000Z|" + QString::number(fileId)});
        const QStringList expected{
            "198.51.100.1|Known C2 for the campaign|" + ticks(2026, 10, 30, 8) + "|" + ticks(2026, 12, 31) + "|80",
            "192.0.2.44|Scanner pair|" + ticks(2026, 10, 30, 8) + "|NULL|NULL",
            "203.0.113.0/24|Hosting range|" + ticks(2026, 10, 30, 8) + "|NULL|NULL",
            "2001:db8::7|v6 relay|" + ticks(2026, 10, 30, 8) + "|NULL|NULL",
        };
        QCOMPARE(tableLines(fx.caseFile(), "SELECT ip, description, valid_from, valid_until, confidence FROM "
                                           "ti_indicators ORDER BY id"),
                 expected);
        QCOMPARE(importer.counts().nonPublic, std::int64_t{1}); // 10.0.0.5
    }

    void stixIndicatorsOneByOne()
    {
        // JSON Lines of bare indicators (a TAXII dump) make one list for the file.
        test::CaseFixture fx;
        core::CaseAuxiliaryImporter importer(fx.caseFile());
        const std::int64_t fileId = addFile(fx.caseFile(), "taxii.jsonl");
        const auto bundle = nlohmann::json::parse(StixBundle);
        for (std::size_t i = 1; i < bundle["objects"].size(); ++i) {
            QVERIFY(importer
                        .importRecord(core::OtherRecordKind::ThreatIndicator, bundle["objects"][i], "taxii.jsonl",
                                      static_cast<std::int64_t>(i), fileId)
                        .ok());
        }
        QVERIFY(importer.finishFile(fileId).ok());
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM ti_lists"), std::int64_t{1});
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM ti_indicators"), std::int64_t{4});
    }

    void badStixObjects_data()
    {
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("field");
        QTest::addRow("indicator without pattern") << R"({"type":"indicator","id":"indicator--x"})"
                                                   << "pattern";
        QTest::addRow("valid_from not a time")
            << R"({"type":"indicator","pattern":"[ipv4-addr:value = '1.1.1.1']","valid_from":"soon"})"
            << "valid_from";
        QTest::addRow("confidence out of range")
            << R"({"type":"indicator","pattern":"[ipv4-addr:value = '1.1.1.1']","confidence":150})"
            << "confidence";
        QTest::addRow("bundle without objects") << R"({"type":"bundle","id":"bundle--1"})"
                                                << "objects";
        QTest::addRow("ipv4-addr without value") << R"({"type":"ipv4-addr","id":"ipv4-addr--1"})"
                                                 << "value";
    }

    void badStixObjects()
    {
        QFETCH(QString, object);
        QFETCH(QString, field);
        core::ThreatIntelList list;
        const auto st = core::StixIndicatorParser::parse(nlohmann::json::parse(object.toStdString()), list);
        QVERIFY(!st.ok());
        QVERIFY2(QString::fromStdString(st.error().message).contains(field), st.error().message.c_str());
    }

    void badObjectKeepsTheRestOfTheBundle()
    {
        auto bundle = nlohmann::json::parse(StixBundle);
        bundle["objects"].push_back({{"type", "indicator"}, {"id", "indicator--bad1"}});
        const nlohmann::json noPattern{{"type", "indicator"}, {"id", "indicator--bad2"}};
        bundle["objects"].insert(bundle["objects"].begin(), noPattern);
        core::ThreatIntelList list;
        const auto st = core::StixIndicatorParser::parse(bundle, list);
        QVERIFY(!st.ok());
        QCOMPARE(QString::fromStdString(st.error().message),
                 QStringLiteral("STIX indicator has no pattern (and 1 more bad objects in the bundle)"));
        QCOMPARE(list.indicators.size(), std::size_t{4});
    }

    void detection_data()
    {
        QTest::addColumn<QString>("head");
        QTest::addColumn<TextThreatListReader::Kind>("kind");
        QTest::addRow("TorDNSEL exit list") << TorExitList << TextThreatListReader::Kind::Tor;
        QTest::addRow("Tor bulk exit list") << "185.220.101.4\n185.220.101.5\n"
                                            << TextThreatListReader::Kind::IpPerLine;
        QTest::addRow("block list with comments and notes") << "# my list\n\n203.0.113.9  # scanner\n2001:db8::7\n"
                                                            << TextThreatListReader::Kind::IpPerLine;
        QTest::addRow("cut last line is not judged") << "203.0.113.9\n203.0.1" << TextThreatListReader::Kind::IpPerLine;
        QTest::addRow("CSV with an indicator column") << "indicator,description\n203.0.113.9,scanner\n"
                                                      << TextThreatListReader::Kind::Csv;
        QTest::addRow("CSV with a quoted IP column") << "\"Date\",\"IP\"\n\"2026-11-01\",\"203.0.113.9\"\n"
                                                     << TextThreatListReader::Kind::Csv;
        QTest::addRow("AZKVAuditLogs CSV is not a list")
            << "TimeGenerated [UTC],OperationName,CallerIpAddress,Identity,RequestUri,ip\n"
            << TextThreatListReader::Kind::None;
        QTest::addRow("AzureDiagnostics CSV is not a list")
            << "TimeGenerated [UTC],ResourceProvider,Category,CallerIPAddress,OperationName,id_s\n"
            << TextThreatListReader::Kind::None;
        QTest::addRow("CSV without an address column") << "name,value2\na,b\n" << TextThreatListReader::Kind::None;
        QTest::addRow("CSV of street addresses") << "name,address\nBob,1 Main St\nEve,2 High St\n"
                                                 << TextThreatListReader::Kind::None;
        QTest::addRow("CSV of domains and an IP further down")
            << "indicator,type\nevil.example,domain\n203.0.113.9,ip\n"
            << TextThreatListReader::Kind::Csv;
        QTest::addRow("CSV list with a header only") << "ip,comment\n" << TextThreatListReader::Kind::Csv;
        QTest::addRow("prose") << "hello world\n" << TextThreatListReader::Kind::None;
        QTest::addRow("only comments") << "# nothing yet\n" << TextThreatListReader::Kind::None;
        QTest::addRow("an IP then prose") << "203.0.113.9\nsee https://example\n" << TextThreatListReader::Kind::None;
    }

    void detection()
    {
        QFETCH(QString, head);
        QFETCH(TextThreatListReader::Kind, kind);
        QCOMPARE(TextThreatListReader::detect(head.toStdString()), kind);
    }

    void torExitListIsStored()
    {
        test::CaseFixture fx;
        core::CaseAuxiliaryImporter importer(fx.caseFile());
        QVERIFY(importer.looksLikeTextList(TorExitList));
        const std::int64_t fileId = addFile(fx.caseFile(), "/bundle/tor/exit-addresses");
        auto in = streamOf(TorExitList);
        auto n = importer.importTextList(*in, "/bundle/tor/exit-addresses", fileId);
        QVERIFY2(n.ok(), n.ok() ? "" : n.error().message.c_str());
        QCOMPARE(*n, std::int64_t{3});
        QCOMPARE(tableLines(fx.caseFile(), "SELECT name, kind, list_date FROM ti_lists"),
                 QStringList{"exit-addresses|tor|2026-11-03T02:04:00.000Z"});
        const QStringList expected{
            "185.220.101.4|Tor exit node 0011BD2485AD45D984EC4159C88FC066E5E3300E|" + ticks(2026, 11, 2, 13, 5, 12),
            "185.220.101.5|Tor exit node 00C4B2B9A9D2F0D4A5C9E7C5F4E3D2C1B0A09F8E|" + ticks(2026, 11, 3, 2, 4),
            "185.220.101.6|Tor exit node 00C4B2B9A9D2F0D4A5C9E7C5F4E3D2C1B0A09F8E|" + ticks(2026, 11, 1, 22),
        };
        QCOMPARE(tableLines(fx.caseFile(), "SELECT ip, description, valid_from FROM ti_indicators ORDER BY id"),
                 expected);
        // Reading the same file again replaces its list instead of adding a second one.
        auto again = streamOf(TorExitList);
        QVERIFY(importer.importTextList(*again, "/bundle/tor/exit-addresses", fileId).ok());
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM ti_lists"), std::int64_t{1});
        QCOMPARE(fx.scalar("SELECT COUNT(*) FROM ti_indicators"), std::int64_t{3});
    }

    void plainListDropsNonPublic()
    {
        const std::string text = "# Blocklist generated 2026-11-01 06:00:00 UTC\n"
                                 "203.0.113.9 # scanner\n"
                                 "\n"
                                 "10.1.2.3\n"
                                 "127.0.0.1\n"
                                 "fe80::1\n"
                                 "198.51.100.0/25\n"
                                 "203.0.113.9\n";
        auto in = streamOf(text);
        auto list = TextThreatListReader::read(*in, "block.txt", "/b/block.txt");
        QVERIFY(list.ok());
        QCOMPARE(list->kind, std::string("ip-list"));
        QCOMPARE(list->date->toIso(), std::string("2026-11-01T06:00:00.000Z"));
        QCOMPARE(list->indicators.size(), std::size_t{2});
        QCOMPARE(list->indicators[0].ip, std::string("203.0.113.9"));
        QCOMPARE(list->indicators[0].description, std::string("scanner"));
        QCOMPARE(list->indicators[1].ip, std::string("198.51.100.0/25"));
        QCOMPARE(list->nonPublic, std::int64_t{3});
    }

    void csvList()
    {
        const std::string text = "indicator,description,confidence,valid_until,last_seen\r\n"
                                 "203.0.113.9,scanner,70,2026-12-01T00:00:00Z,2026-10-20\r\n"
                                 "evil.example,a domain,50,,2026-10-21\r\n"
                                 "\"192.0.2.1\",\"C2, tier 2\",,,2026-10-22\r\n";
        auto in = streamOf(text);
        auto list = TextThreatListReader::read(*in, "iocs.csv", "/b/iocs.csv");
        QVERIFY2(list.ok(), list.ok() ? "" : list.error().message.c_str());
        QCOMPARE(list->kind, std::string("ip-list"));
        QCOMPARE(list->indicators.size(), std::size_t{2});
        QCOMPARE(list->invalid, std::int64_t{1});
        QCOMPARE(list->indicators[0].confidence, std::optional<int>(70));
        QCOMPARE(list->indicators[0].validUntil->toIso(), std::string("2026-12-01T00:00:00.000Z"));
        QCOMPARE(list->indicators[1].description, std::string("C2, tier 2"));
        QCOMPARE(list->date->toIso(), std::string("2026-10-22T00:00:00.000Z"));
    }

    void lookupMatchesAddressesAndNetworks()
    {
        test::CaseFixture fx;
        core::CaseAuxiliaryImporter importer(fx.caseFile());
        const std::int64_t fileId = addFile(fx.caseFile(), "campaign.json");
        QVERIFY(importer
                    .importRecord(core::OtherRecordKind::ThreatIndicator, nlohmann::json::parse(StixBundle),
                                  "campaign.json", 1, fileId)
                    .ok());
        QVERIFY(importer.finishFile(fileId).ok());
        // A private address stored by some other tool must still never match.
        auto raw = fx.caseFile().db().prepare("INSERT INTO ti_indicators(list_id, ip) VALUES(1, '10.0.0.5')");
        raw.run();
        auto lookup = core::ThreatIntelLookup::load(fx.caseFile());
        QVERIFY(lookup.ok());
        QCOMPARE(lookup->find("198.51.100.1").size(), std::size_t{1});
        QCOMPARE(lookup->find("198.51.100.1").front().confidence, std::optional<int>(80));
        QCOMPARE(lookup->find("203.0.113.77").size(), std::size_t{1});
        QCOMPARE(lookup->find("203.0.113.77").front().indicator, std::string("203.0.113.0/24"));
        QCOMPARE(lookup->find("2001:DB8::7").size(), std::size_t{1});
        QCOMPARE(lookup->find("10.0.0.5").size(), std::size_t{0});
        QCOMPARE(lookup->find("192.0.2.99").size(), std::size_t{0}); // revoked
        QCOMPARE(lookup->find("not an ip").size(), std::size_t{0});
    }
};

QTEST_GUILESS_MAIN(TestThreatIntel)
#include "tst_threat_intel.moc"
