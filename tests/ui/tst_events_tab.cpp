#include "WorkbookFixture.h"

#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/query/EventQuery.h"
#include "ui/ColumnFilterPopup.h"
#include "ui/EventTableModel.h"
#include "ui/EventsTab.h"
#include "ui/ModelRoles.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFont>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace kvw;
using kvw::test::WorkbookFixture;

namespace {

// Counts the fixture's events that pass `keep`, by reading every row (not through the filter's SQL).
int countWhere(const QString& path, const std::function<bool(const core::Event&)>& keep)
{
    auto c = core::CaseFile::openReadOnly(path.toStdString());
    const auto rows = core::EventQuery(*c).page({}, core::EventQuery::Sort::Time, false, 0, 1000);
    int n = 0;
    for (const auto& r : *rows) {
        n += keep(r.event) ? 1 : 0;
    }
    return n;
}

} // namespace

// The Events tab's per-column filters: set from the header popup or "filter to this value", honoured by the count,
// the pages and the filter the export uses; metacharacters are plain text.
class TestEventsTab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.path() + QStringLiteral("/fixture.kvwb");
        auto c = core::CaseFile::open(m_path.toStdString());
        QVERIFY(c.ok());
        WorkbookFixture::write(*c);
    }

    void init()
    {
        m_tab = std::make_unique<ui::EventsTab>();
        m_tab->resize(1200, 700);
        m_tab->show();
        m_tab->setCasePath(m_path);
        m_tab->refreshNow();
        QTRY_COMPARE(m_tab->model()->rowCount(), int(WorkbookFixture::Events));
    }
    void cleanup() { m_tab.reset(); }

    void columnFiltersChangeTheCount_data()
    {
        using C = ui::EventTableModel::Column;
        using M = core::ColumnCriterion::Match;
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("match");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("min");
        QTest::addColumn<int>("max");
        QTest::addRow("status 400..499") << int(C::Status) << int(M::Range) << QString() << 400 << 499;
        QTest::addRow("duration at least 20") << int(C::DurationMs) << int(M::Range) << QString() << 20 << -1;
        QTest::addRow("operation equals SecretGet") << int(C::Operation) << int(M::Equals) << "SecretGet" << -1 << -1;
        QTest::addRow("identity contains mallory") << int(C::Identity) << int(M::Contains) << "MALLORY" << -1 << -1;
        QTest::addRow("object contains quote") << int(C::ObjectName) << int(M::Contains) << "'" << -1 << -1;
        QTest::newRow("object contains %") << int(C::ObjectName) << int(M::Contains) << "%" << -1 << -1;
        QTest::addRow("object contains underscore") << int(C::ObjectName) << int(M::Contains) << "_" << -1 << -1;
        QTest::addRow("uri contains ;--") << int(C::RequestUri) << int(M::Contains) << ";--" << -1 << -1;
        QTest::addRow("vault equals quote-dash") << int(C::Vault) << int(M::Equals) << "kv-alpha';--" << -1 << -1;
    }
    void columnFiltersChangeTheCount()
    {
        QFETCH(int, column);
        QFETCH(int, match);
        QFETCH(QString, text);
        QFETCH(int, min);
        QFETCH(int, max);
        core::ColumnCriterion c;
        c.match = static_cast<core::ColumnCriterion::Match>(match);
        c.text = text.toStdString();
        if (min >= 0) {
            c.min = min;
        }
        if (max >= 0) {
            c.max = max;
        }
        using C = ui::EventTableModel::Column;
        const int expected = countWhere(m_path, [&](const core::Event& e) {
            switch (column) {
            case C::Status: return e.httpStatus && *e.httpStatus >= min && *e.httpStatus <= max;
            case C::DurationMs: return e.durationMs && *e.durationMs >= min;
            case C::Operation: return e.operation == c.text;
            case C::Identity: return QString::fromStdString(e.identityObjectId).contains(text, Qt::CaseInsensitive);
            case C::ObjectName: return QString::fromStdString(e.objectName).contains(text);
            case C::RequestUri: return QString::fromStdString(e.requestUri).contains(text);
            case C::Vault: return e.vault == c.text;
            default: return false;
            }
        });
        m_tab->setColumnFilter(column, c);
        QVERIFY(m_tab->columnFilter(column).has_value());
        QTRY_VERIFY(m_tab->model()->countKnown());
        QCOMPARE(m_tab->model()->rowCount(), expected);
        // The export runs with the tab's effective filter: the criterion is in it.
        QCOMPARE(m_tab->effectiveFilter().columns.size(), std::size_t(1));
        // The filtered column's header is bold.
        QVERIFY(m_tab->model()->headerData(column, Qt::Horizontal, Qt::FontRole).value<QFont>().bold());
        QVERIFY(!m_tab->model()->headerData(C::Time, Qt::Horizontal, Qt::FontRole).isValid());
        m_tab->setColumnFilter(column, std::nullopt);
        QTRY_COMPARE(m_tab->model()->rowCount(), int(WorkbookFixture::Events));
    }

    void filterToValueSetsTheColumnFilter()
    {
        using C = ui::EventTableModel::Column;
        m_tab->filterToValue(C::CallerIp, QString(WorkbookFixture::MalloryIp));
        const auto c = m_tab->columnFilter(C::CallerIp);
        QVERIFY(c.has_value());
        QCOMPARE(c->match, core::ColumnCriterion::Match::Equals);
        QCOMPARE(QString::fromStdString(c->text), QString(WorkbookFixture::MalloryIp));
        QTRY_VERIFY(m_tab->model()->countKnown());
        QCOMPARE(m_tab->model()->rowCount(), 16);
        // A second value on another column narrows further: mallory's 403s.
        m_tab->filterToValue(C::Status, QStringLiteral("403"));
        QTRY_VERIFY(m_tab->model()->countKnown());
        const int expected = countWhere(m_path, [](const core::Event& e) {
            return e.callerIp == WorkbookFixture::MalloryIp && e.httpStatus == 403;
        });
        QCOMPARE(m_tab->model()->rowCount(), expected);
        // Durations are shown with separators; the filter takes the number.
        m_tab->filterToValue(C::DurationMs, QStringLiteral("1,234"));
        QCOMPARE(*m_tab->columnFilter(C::DurationMs)->min, std::int64_t(1234));
    }

    void headerPopupAppliesAndClears()
    {
        using C = ui::EventTableModel::Column;
        m_tab->editColumnFilter(C::Operation);
        auto* popup = m_tab->findChild<ui::ColumnFilterPopup*>(QStringLiteral("columnFilterPopup"));
        QVERIFY(popup);
        popup->findChild<QComboBox*>(QStringLiteral("columnFilterMatchCombo"))->setCurrentIndex(0);
        popup->findChild<QLineEdit*>(QStringLiteral("columnFilterTextEdit"))->setText(QStringLiteral("secret"));
        QTest::mouseClick(popup->findChild<QPushButton*>(QStringLiteral("columnFilterApplyButton")), Qt::LeftButton);
        QTRY_VERIFY(m_tab->model()->countKnown());
        const int expected = countWhere(m_path, [](const core::Event& e) {
            return QString::fromStdString(e.operation).contains(QLatin1String("secret"), Qt::CaseInsensitive);
        });
        QCOMPARE(m_tab->model()->rowCount(), expected);
        QVERIFY(expected < WorkbookFixture::Events);

        // Reopened, the popup shows the current filter; Clear removes it.
        QTRY_VERIFY(m_tab->findChild<ui::ColumnFilterPopup*>(QStringLiteral("columnFilterPopup")) == nullptr);
        m_tab->editColumnFilter(C::Operation);
        popup = m_tab->findChild<ui::ColumnFilterPopup*>(QStringLiteral("columnFilterPopup"));
        QCOMPARE(popup->findChild<QLineEdit*>(QStringLiteral("columnFilterTextEdit"))->text(), QStringLiteral("secret"));
        QTest::mouseClick(popup->findChild<QPushButton*>(QStringLiteral("columnFilterClearButton")), Qt::LeftButton);
        QVERIFY(!m_tab->columnFilter(C::Operation).has_value());
        QTRY_COMPARE(m_tab->model()->rowCount(), int(WorkbookFixture::Events));

        // Number columns take a minimum and a maximum.
        m_tab->editColumnFilter(C::DurationMs);
        popup = m_tab->findChild<ui::ColumnFilterPopup*>(QStringLiteral("columnFilterPopup"));
        QVERIFY(popup->findChild<QLineEdit*>(QStringLiteral("columnFilterTextEdit")) == nullptr);
        popup->findChild<QLineEdit*>(QStringLiteral("columnFilterMaxEdit"))->setText(QStringLiteral("15"));
        const auto c = popup->criterion();
        QVERIFY(c.has_value());
        QVERIFY(!c->min.has_value());
        QCOMPARE(*c->max, std::int64_t(15));
        popup->close();
    }

    void tagsColumnAndTaggedOnly()
    {
        using C = ui::EventTableModel::Column;
        // Tag the first and the fifth event of the time order.
        std::vector<std::int64_t> ids;
        {
            auto c = core::CaseFile::open(m_path.toStdString());
            const auto rows = *core::EventQuery(*c).page({}, core::EventQuery::Sort::Time, false, 0, 5);
            const core::FixedClock clock(core::Timestamp::fromCivil(2026, 11, 3));
            core::AnnotationStore store(*c, clock);
            QVERIFY(store.addTag(core::AnnotationTarget::Event, std::to_string(rows[0].id), "malicious").ok());
            QVERIFY(store.addTag(core::AnnotationTarget::Event, std::to_string(rows[4].id), "<b>benign</b>").ok());
            ids = {rows[0].id, rows[4].id};
        }
        m_tab->refreshNow();
        QTRY_COMPARE(m_tab->model()->index(0, C::Tags).data().toString(), QStringLiteral("malicious"));
        QCOMPARE(m_tab->model()->headerData(C::Tags, Qt::Horizontal).toString(), QStringLiteral("Tags"));
        QVERIFY(m_tab->model()->index(1, C::Tags).data().toString().isEmpty());
        auto* tagged = m_tab->findChild<QCheckBox*>(QStringLiteral("eventsTaggedOnlyCheckBox"));
        QVERIFY(tagged);
        tagged->setChecked(true);
        QVERIFY(m_tab->effectiveFilter().taggedOnly);
        QTRY_VERIFY(m_tab->model()->countKnown());
        QCOMPARE(m_tab->model()->rowCount(), 2);
        QTRY_COMPARE(m_tab->model()->index(1, C::Tags).data().toString(), QStringLiteral("<b>benign</b>"));
        QCOMPARE(m_tab->model()->index(1, C::Tags).data(ui::IdRole).toLongLong(), ids[1]);
        tagged->setChecked(false);
        QTRY_COMPARE(m_tab->model()->rowCount(), int(WorkbookFixture::Events));
        // Cleaned up for the other tests.
        auto c = core::CaseFile::open(m_path.toStdString());
        const core::FixedClock clock(core::Timestamp::fromCivil(2026, 11, 3));
        core::AnnotationStore store(*c, clock);
        QVERIFY(store.removeTag(core::AnnotationTarget::Event, std::to_string(ids[0]), "malicious").ok());
        QVERIFY(store.removeTag(core::AnnotationTarget::Event, std::to_string(ids[1]), "<b>benign</b>").ok());
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<ui::EventsTab> m_tab;
};

QTEST_MAIN(TestEventsTab)
#include "tst_events_tab.moc"
