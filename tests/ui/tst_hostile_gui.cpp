// Hostile log values in the window: a case whose UPN, user agent, request URI, vault name, object name, caller IP
// and a Defender alert carry HTML, script, a spreadsheet formula, control characters, invalid UTF-8 and a 1 MB
// string, read through the real ingest path, then every tab, the entity pages and the detail panes visited.
// Asserts that log values are only ever shown as text: labels are Qt::PlainText, tooltips that Qt would read as
// rich text carry the values escaped, chart legends do not interpret markup, grid cells return the stored value
// (UiFormat::text: control characters kept as characters, nothing stripped), and no value grows the window.
#include "common/TestSupport.h"
#include "core/common/Utf8.h"
#include "core/ingest/AuxiliaryImporterFactory.h"
#include "core/ingest/IngestPipeline.h"
#include "core/query/EventQuery.h"
#include "core/store/CaseFile.h"
#include "ui/AlertsTab.h"
#include "ui/ByKeyView.h"
#include "ui/CellDelegate.h"
#include "ui/DataTableView.h"
#include "ui/DetectionsTab.h"
#include "ui/EntityNavigator.h"
#include "ui/EntityPage.h"
#include "ui/EventAnalyticsTab.h"
#include "ui/EventTableModel.h"
#include "ui/EventsTab.h"
#include "ui/KeyTotalsModel.h"
#include "ui/MainWindow.h"
#include "ui/ModelRoles.h"
#include "ui/QueryRunner.h"
#include "ui/RowTableModel.h"
#include "ui/UiFormat.h"

#include <QAbstractItemView>
#include <QChartView>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <map>

using namespace kvw;

namespace {

const std::string Html = "<b>bold</b><img src=x onerror=alert(1)>";
const std::string Script = "<script>alert(1)</script>";
const std::string Formula = "=cmd|' /C calc'!A0";
const std::string Control = "ctl\x01 \x1b[31mred \xE2\x80\xAEtxt.exe";
// Stands for invalid UTF-8 in the generated JSON (nlohmann refuses to write it); replaced by raw bytes in the file.
const std::string InvalidPlaceholder = "INVALID-UTF8-PLACEHOLDER";
const std::string InvalidBytes = "bad\xFF\xFE\xC3(end";
const std::string Huge = "<i>" + std::string(1U << 20, 'x') + "</i>";

const std::vector<std::string>& payloads()
{
    static const std::vector<std::string> p{Html, Script, Formula, Control, InvalidPlaceholder, Huge};
    return p;
}

// Substrings that only a log value can bring into the window.
const QStringList& needles()
{
    static const QStringList n{QStringLiteral("<b>bold"),  QStringLiteral("onerror"),    QStringLiteral("<script>"),
                               QStringLiteral("=cmd|"),    QStringLiteral("\x01"),       QStringLiteral("\x1b[31m"),
                               QString(QChar(0x202E)),     QStringLiteral("xxxxxxxxxxxxxxxx"), QString(QChar(0xFFFD))};
    return n;
}

bool hasLogValue(const QString& text)
{
    for (const auto& n : needles()) {
        if (text.contains(n)) {
            return true;
        }
    }
    return false;
}

// Markup from a log value that Qt would interpret, were the text rich text.
bool hasLiveMarkup(const QString& text)
{
    return text.contains(QLatin1String("<b>bold")) || text.contains(QLatin1String("<img")) ||
           text.contains(QLatin1String("<script")) || text.contains(QLatin1String("<i>xxx"));
}

// One raw AuditEvent record with `value` in every field an attacker controls.
std::string hostileRecord(const std::string& value, int n)
{
    nlohmann::ordered_json r;
    char time[64];
    std::snprintf(time, sizeof time, "2026-11-03T10:%02d:00.000Z", n);
    r["time"] = time;
    r["category"] = "AuditEvent";
    r["operationName"] = "SecretGet";
    r["resultType"] = "Success";
    r["correlationId"] = "hostile-" + std::to_string(n);
    r["callerIpAddress"] = value;
    r["identity"] = {{"claim", {{"upn", value}}}};
    r["properties"] = {{"id", "https://kv-hostile.vault.azure.net/secrets/" + value + "/0123456789abcdef"},
                       {"clientInfo", value},
                       {"httpStatusCode", n % 2 ? 403 : 200},
                       {"requestUri", "https://kv-hostile.vault.azure.net/secrets/" + value + "?api-version=7.4"}};
    r["resourceId"] = "/SUBSCRIPTIONS/S-1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/" + value;
    r["durationMs"] = "5";
    std::string line = r.dump();
    for (std::size_t at; (at = line.find(InvalidPlaceholder)) != std::string::npos;) {
        line.replace(at, InvalidPlaceholder.size(), InvalidBytes);
    }
    return line;
}

std::string hostileAlert()
{
    nlohmann::ordered_json a;
    a["SystemAlertId"] = "hostile-alert-1";
    a["AlertType"] = "KV_SuspiciousIPAccess";
    a["AlertDisplayName"] = Html + " " + Huge;
    a["Description"] = Script + " " + Formula + " " + Control + " " + Huge;
    a["Severity"] = "High";
    a["Status"] = "New";
    a["StartTimeUtc"] = "2026-11-03T10:00:00Z";
    a["EndTimeUtc"] = "2026-11-03T10:30:00Z";
    a["TimeGenerated"] = "2026-11-03T10:31:00Z";
    a["AzureResourceId"] = "/SUBSCRIPTIONS/S-1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-HOSTILE";
    a["CompromisedEntity"] = Html;
    a["AlertUri"] = "javascript:alert(1)//" + Html;
    a["Entities"] = nlohmann::ordered_json::array(
        {{{"Type", "account"}, {"UserPrincipalName", Script}},
         {{"Type", "ip"}, {"Address", "203.0.113.9"}},
         {{"Type", "host"}, {"HostName", Html}},
         {{"Type", "host"}, {"HostName", Huge}}});
    a["ExtendedProperties"] = {{"Client IP Address", Formula}, {"Target", Huge}};
    return a.dump();
}

// Laying out 1 MB values is slow under AddressSanitizer (the CI sanitizer job): give each test function 15 minutes
// instead of QtTest's 5 before its watchdog fires. Set before main, so QtTest reads it; ctest's timeout still applies.
const bool LongWatchdog = qputenv("QTEST_FUNCTION_TIMEOUT", QByteArrayLiteral("900000"));

// A failed check inside the helper ends the test function too.
#define CHECK_WINDOW(where)                                                                                            \
    do {                                                                                                               \
        checkWindow(where);                                                                                            \
        if (QTest::currentTestFailed()) {                                                                              \
            return;                                                                                                    \
        }                                                                                                              \
    } while (false)

// What a grid cell is painted from.
class PaintedText : public ui::CellDelegate
{
public:
    QString of(const QModelIndex& index) const
    {
        QStyleOptionViewItem option;
        initStyleOption(&option, index);
        return option.text;
    }
};

bool waitIdle()
{
    QCoreApplication::processEvents();
    return QTest::qWaitFor([]() { return ui::QueryRunner::pending() == 0; }, 60000);
}

} // namespace

class TestHostileGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KV Workbook Tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_hostile_gui"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        std::string audit;
        int n = 0;
        for (const auto& p : payloads()) {
            audit += hostileRecord(p, ++n) + "\n";
        }
        const std::string auditPath = test::writeFile(m_dir, "bundle/audit.jsonl", audit);
        const std::string alertPath = test::writeFile(m_dir, "bundle/alerts/alert.json", hostileAlert());
        m_case = m_dir.path() + QStringLiteral("/hostile.kvwb");
        auto c = core::CaseFile::open(m_case.toStdString());
        QVERIFY(c.ok());
        core::IngestPipeline pipeline(*c);
        auto aux = core::AuxiliaryImporterFactory::create(*c);
        pipeline.setAuxiliaryImporter(aux.get());
        const auto report = pipeline.run({auditPath, alertPath});
        QVERIFY2(report.totals.errors == 0,
                 report.errors.empty() ? "" : report.errors.front().toString().c_str());
        QCOMPARE(report.totals.inserted, std::int64_t(payloads().size()));

        // A finding whose title and explanation quote log values, as detections do.
        const nlohmann::json detail{{"vaults", {Html}},
                                    {"entities", {{{"kind", "identity"}, {"value", Script}}}},
                                    {"evidence", nlohmann::json::array()},
                                    {"summary", Html + " " + Control}};
        auto st = c->db().prepare("INSERT INTO findings(rule_id, title, severity, start_time, end_time, detail_json) "
                                  "VALUES(?, ?, ?, ?, ?, ?)");
        st.bind(1, "hostile-rule").bind(2, Html).bind(3, "high").bind(4, std::int64_t(0)).bind(5, std::int64_t(1))
            .bind(6, detail.dump());
        st.run();

        // What the case holds is what the window must show.
        auto rows = core::EventQuery(*c).page({}, core::EventQuery::Sort::Time, false, 0, 100);
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), payloads().size());
        for (auto& r : *rows) {
            m_stored[r.id] = r;
        }
    }

    void init()
    {
        QSettings().clear();
        m_window = std::make_unique<ui::MainWindow>();
        m_window->setAskForCasePath(false);
        m_window->resize(WindowSize);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_window->openCase(m_case));
        QVERIFY(waitIdle());
    }

    void cleanup()
    {
        QVERIFY(waitIdle());
        m_window.reset();
    }

    void valuesAreStoredAsText()
    {
        // Invalid UTF-8 became U+FFFD, the rest is kept byte for byte, so the grid can show it faithfully.
        int invalid = 0;
        for (const auto& [id, row] : m_stored) {
            QVERIFY(core::Utf8::isValid(row.event.identityUpn));
            QVERIFY(core::Utf8::isValid(row.event.clientInfo));
            if (row.event.identityUpn.find("bad") == 0) {
                ++invalid;
                QCOMPARE(row.event.identityUpn, core::Utf8::repaired(InvalidBytes));
            }
        }
        QCOMPARE(invalid, 1);
        QCOMPARE(countUpn(Html), 1);
        QCOMPARE(countUpn(Script), 1);
        QCOMPARE(countUpn(Formula), 1);
        QCOMPARE(countUpn(Control), 1);
        QCOMPARE(countUpn(Huge), 1);
    }

    void labelTextBreaksLongRuns_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("shown");
        const QChar zw(0x200B);
        const QString x40(40, QLatin1Char('x'));
        QTest::newRow("short value unchanged") << QStringLiteral("alice@contoso.com") << QStringLiteral("alice@contoso.com");
        QTest::newRow("spaces reset the run") << (x40 + QStringLiteral(" ") + x40) << (x40 + QStringLiteral(" ") + x40);
        QTest::newRow("41 characters break once") << (x40 + QStringLiteral("y")) << (x40 + zw + QStringLiteral("y"));
        QTest::newRow("markup stays text") << QString::fromStdString(Script) << QString::fromStdString(Script);
        QTest::newRow("1 MB cut with an ellipsis")
            << QString(1 << 20, QLatin1Char('x'))
            << (QStringList(9, x40).join(zw) + zw + QString(ui::UiFormat::LabelTextLength - 1 - 360, QLatin1Char('x')) +
                QChar(0x2026));
    }

    void labelTextBreaksLongRuns()
    {
        QFETCH(QString, value);
        QFETCH(QString, shown);
        QCOMPARE(ui::UiFormat::labelText(value), shown);
    }

    void everyTabShowsValuesAsText()
    {
        QTabWidget* tabs = m_window->tabs();
        for (int t = 0; t < tabs->count(); ++t) {
            tabs->setCurrentIndex(t);
            QVERIFY(waitIdle());
            CHECK_WINDOW(QStringLiteral("tab %1").arg(tabs->tabText(t)));
        }

        tabs->setCurrentIndex(ui::MainWindow::AlertsTabIndex);
        QVERIFY(waitIdle());
        ui::AlertsTab* alerts = m_window->alertsTab();
        QCOMPARE(alerts->alertsModel()->rowCount(), 1);
        QCOMPARE(alerts->alertsModel()->index(0, 2).data().toString(), QString::fromStdString(Html + " " + Huge));
        alerts->selectAlert(0);
        QVERIFY(waitIdle());
        // account, ip, two hosts, and the alerted vault's resource id.
        QCOMPARE(alerts->entitiesModel()->rowCount(), 5);
        CHECK_WINDOW(QStringLiteral("alert selected"));

        ui::EventAnalyticsTab* analytics = m_window->analyticsTab();
        tabs->setCurrentIndex(ui::MainWindow::AnalyticsTabIndex);
        for (int s = 0; s < analytics->sections()->count(); ++s) {
            analytics->sections()->setCurrentIndex(s);
            QVERIFY(waitIdle());
            CHECK_WINDOW(QStringLiteral("analytics section %1").arg(analytics->sections()->tabText(s)));
        }
        analytics->sections()->setCurrentWidget(analytics->byKey());
        for (const auto key : {core::GroupKey::Vault, core::GroupKey::CallerIp, core::GroupKey::Identity,
                               core::GroupKey::Application, core::GroupKey::ObjectName}) {
            analytics->byKey()->setGroupKey(key);
            QVERIFY(waitIdle());
            QVERIFY(analytics->byKey()->totalsModel()->rowCount() > 0);
            CHECK_WINDOW(QStringLiteral("by key %1").arg(QLatin1String(core::toString(key))));
        }

        tabs->setCurrentIndex(ui::MainWindow::DetectionsTabIndex);
        QVERIFY(waitIdle());
        QCOMPARE(m_window->detectionsTab()->findingsModel()->rowCount(), 1);
        m_window->detectionsTab()->selectFinding(0);
        QVERIFY(waitIdle());
        CHECK_WINDOW(QStringLiteral("finding selected"));
    }

    void eventGridAndDetailPaneShowTheStoredValues()
    {
        m_window->tabs()->setCurrentIndex(ui::MainWindow::EventsTabIndex);
        QVERIFY(waitIdle());
        ui::EventsTab* tab = m_window->eventsTab();
        ui::EventTableModel* model = tab->model();
        QCOMPARE(model->rowCount(), int(payloads().size()));
        auto* table = tab->findChild<ui::DataTableView*>(QStringLiteral("eventsTableView"));
        auto* detail = tab->findChild<QPlainTextEdit*>(QStringLiteral("eventDetailText"));
        QVERIFY(table && detail);
        for (int r = 0; r < model->rowCount(); ++r) {
            const auto id = model->index(r, 0).data(ui::IdRole).toLongLong();
            QVERIFY(m_stored.count(id));
            const core::Event& e = m_stored[id].event;
            // Every cell is the stored value as text: control characters are kept as characters, not stripped
            // or interpreted, which is what UiFormat::text does for every log value.
            const std::pair<int, const std::string*> columns[] = {
                {ui::EventTableModel::Vault, &e.vault},         {ui::EventTableModel::CallerIp, &e.callerIp},
                {ui::EventTableModel::Upn, &e.identityUpn},     {ui::EventTableModel::ObjectName, &e.objectName},
                {ui::EventTableModel::ClientInfo, &e.clientInfo}, {ui::EventTableModel::RequestUri, &e.requestUri}};
            for (const auto& column : columns) {
                const QVariant shown = model->index(r, column.first).data(Qt::DisplayRole);
                QCOMPARE(shown.userType(), int(QMetaType::QString));
                QCOMPARE(shown.toString(), ui::UiFormat::text(*column.second));
            }
            if (e.identityUpn == Huge) {
                // The grid keeps the whole value but paints only the start of it.
                const QModelIndex upn = model->index(r, ui::EventTableModel::Upn);
                QCOMPARE(upn.data().toString().size(), qsizetype(Huge.size()));
                QVERIFY(dynamic_cast<ui::CellDelegate*>(table->itemDelegateForIndex(table->model()->index(r, 0))));
                const QString painted = PaintedText().of(upn);
                QCOMPARE(painted.size(), qsizetype(ui::CellDelegate::MaxCellText));
                QVERIFY(painted.endsWith(QChar(0x2026)));
            }
            if (e.identityUpn == Control) {
                const QString upn = model->index(r, ui::EventTableModel::Upn).data().toString();
                QVERIFY(upn.contains(QChar(0x01)));
                QVERIFY(upn.contains(QChar(0x1b)));
                QVERIFY(upn.contains(QChar(0x202E)));
            }
            // The detail pane shows the original record as plain text.
            table->setCurrentIndex(model->index(r, ui::EventTableModel::Upn));
            QVERIFY(waitIdle());
            const QString raw = detail->toPlainText();
            QVERIFY2(!raw.isEmpty(), "the detail pane shows the selected record");
            if (e.identityUpn == Html) {
                QVERIFY(raw.contains(QString::fromStdString(Html)));
            }
            CHECK_WINDOW(QStringLiteral("event row %1").arg(r));
        }
        // Narrowing the grid to a value names it above the grid.
        for (const auto& payload : payloads()) {
            const std::string value = payload == InvalidPlaceholder ? core::Utf8::repaired(InvalidBytes) : payload;
            tab->filterToValue(ui::EventTableModel::Upn, ui::UiFormat::text(value));
            QVERIFY(waitIdle());
            QCOMPARE(model->rowCount(), 1);
            CHECK_WINDOW(QStringLiteral("narrowed to %1").arg(ui::UiFormat::text(value).left(20)));
            tab->setNarrowing({});
            QVERIFY(waitIdle());
        }
    }

    void entityPagesOfHostileValues()
    {
        const std::vector<std::pair<core::EntityKind, std::string>> entities{
            {core::EntityKind::Identity, Html},   {core::EntityKind::Identity, Huge},
            {core::EntityKind::Identity, Control}, {core::EntityKind::Ip, Script},
            {core::EntityKind::Ip, Formula},      {core::EntityKind::Ip, Huge}};
        for (const auto& entity : entities) {
            m_window->navigator()->open(ui::EntityRef{entity.first, QString::fromStdString(entity.second)});
            QVERIFY(waitIdle());
            QCOMPARE(m_window->tabs()->currentWidget(), m_window->entityPage());
            ui::EntityPage* page = m_window->entityPage();
            QCOMPARE(page->summary().events, std::int64_t(1));
            QCOMPARE(page->eventsModel()->rowCount(), 1);
            auto* title = page->findChild<QLabel*>(QStringLiteral("entityTitleLabel"));
            QCOMPARE(title->textFormat(), Qt::PlainText);
            QVERIFY(title->text().endsWith(
                ui::UiFormat::elided(QString::fromStdString(entity.second), ui::UiFormat::HeadingTextLength)));
            CHECK_WINDOW(QStringLiteral("entity page %1").arg(QString::fromStdString(entity.second).left(20)));
        }
    }

private:
    int countUpn(const std::string& upn) const
    {
        int n = 0;
        for (const auto& [id, row] : m_stored) {
            n += row.event.identityUpn == upn ? 1 : 0;
        }
        return n;
    }

    // The checks every state of the window must pass.
    void checkWindow(const QString& where)
    {
        // No value grows the window: layouts elide or wrap instead of demanding a 1 MB wide row.
        QVERIFY2(m_window->size() == WindowSize,
                 qPrintable(where + QStringLiteral(": window resized to %1x%2")
                                        .arg(m_window->width()).arg(m_window->height())));
        for (QLabel* label : m_window->findChildren<QLabel*>()) {
            if (hasLogValue(label->text()) || hasLiveMarkup(label->text())) {
                QVERIFY2(label->textFormat() == Qt::PlainText,
                         qPrintable(where + QStringLiteral(": label %1 shows a log value as rich text")
                                                .arg(label->objectName())));
            }
        }
        for (QWidget* w : m_window->findChildren<QWidget*>()) {
            checkToolTip(w->toolTip(), where + QStringLiteral(": tooltip of ") + w->objectName());
            if (QTest::currentTestFailed()) {
                return;
            }
        }
        for (QAbstractItemView* view : m_window->findChildren<QAbstractItemView*>()) {
            QAbstractItemModel* model = view->model();
            if (!model) {
                continue;
            }
            for (int r = 0; r < std::min(model->rowCount(), 50); ++r) {
                for (int c = 0; c < model->columnCount(); ++c) {
                    const QModelIndex i = model->index(r, c);
                    const QVariant shown = i.data(Qt::DisplayRole);
                    if (shown.isValid() && shown.userType() != QMetaType::QString) {
                        continue; // numbers, bars
                    }
                    checkToolTip(i.data(Qt::ToolTipRole).toString(),
                                 where + QStringLiteral(": cell tooltip in ") + view->objectName());
                    if (QTest::currentTestFailed()) {
                        return;
                    }
                }
            }
        }
        // Qt Charts lays legend and axis labels out as HTML: a log value there must arrive escaped.
        for (QChartView* chart : m_window->findChildren<QChartView*>()) {
            if (!chart->scene()) {
                continue;
            }
            for (QGraphicsItem* item : chart->scene()->items()) {
                auto* text = dynamic_cast<QGraphicsTextItem*>(item);
                if (!text) {
                    continue;
                }
                const QString html = text->toHtml();
                QVERIFY2(!html.contains(QLatin1String("<img")) && !html.contains(QLatin1String("<script")),
                         qPrintable(where + QStringLiteral(": chart text interprets markup: ") + html.left(300)));
            }
        }
    }

    static void checkToolTip(const QString& tip, const QString& where)
    {
        if (tip.isEmpty()) {
            return;
        }
        // Plain tooltips are safe; one Qt reads as rich text must hold log values only escaped.
        if (Qt::mightBeRichText(tip)) {
            QVERIFY2(!hasLiveMarkup(tip), qPrintable(where + QStringLiteral(" has live markup: ") + tip.left(200)));
        }
    }

    static constexpr QSize WindowSize{1400, 900};
    QTemporaryDir m_dir;
    QString m_case;
    std::map<std::int64_t, core::EventRow> m_stored;
    std::unique_ptr<ui::MainWindow> m_window;
};

QTEST_MAIN(TestHostileGui)
#include "tst_hostile_gui.moc"
