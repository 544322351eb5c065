#include "ui/AnnotationDialog.h"

#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/store/CaseFile.h"
#include "ui/PlainMessageBox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kvw::ui {
namespace {

QLabel* plainLabel(const QString& text, QWidget* parent, const QString& name)
{
    auto* l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(true);
    l->setText(text);
    l->setObjectName(name);
    return l;
}

QString describe(const core::Annotation& a)
{
    QStringList parts;
    if (!a.tag.empty()) {
        parts << QObject::tr("tag: %1").arg(QString::fromStdString(a.tag));
    }
    if (a.bookmark) {
        parts << QObject::tr("bookmark");
    }
    if (!a.note.empty()) {
        QString note = QString::fromStdString(a.note).simplified();
        if (note.size() > 160) {
            note = note.left(157) + QStringLiteral("…");
        }
        parts << QObject::tr("note: %1").arg(note);
    }
    // "2026-11-23T17:35:34.6364380Z" reads as "2026-11-23 17:35 UTC".
    QString who = QString::fromStdString(a.createdAt);
    if (who.size() >= 16 && who.at(10) == QLatin1Char('T')) {
        who = who.left(16).replace(10, 1, QLatin1Char(' ')) + QStringLiteral(" UTC");
    }
    if (!a.author.empty()) {
        who += QStringLiteral(", ") + QString::fromStdString(a.author);
    }
    return parts.join(QStringLiteral(" · ")) + QStringLiteral("   (") + who + QLatin1Char(')');
}

} // namespace

QStringList AnnotationDialog::suggestedTags()
{
    return {QStringLiteral("malicious"), QStringLiteral("benign"), QStringLiteral("needs-review")};
}

QString AnnotationDialog::author() { return qEnvironmentVariable("USER"); }

AnnotationDialog::AnnotationDialog(const QString& casePath, core::AnnotationTarget kind, const QString& target,
                                   const QString& description, QWidget* parent)
    : QDialog(parent), m_casePath(casePath), m_kind(kind), m_target(target.toStdString())
{
    setObjectName(QStringLiteral("annotationDialog"));
    setWindowTitle(tr("Annotate"));
    resize(560, 480);
    auto* layout = new QVBoxLayout(this);
    QLabel* heading = plainLabel(description, this, QStringLiteral("annotationTargetLabel"));
    QFont f = heading->font();
    f.setBold(true);
    heading->setFont(f);
    layout->addWidget(heading);

    layout->addWidget(plainLabel(tr("Existing tags, notes and bookmarks"), this, QStringLiteral("annotationExistingTitle")));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("annotationList"));
    m_list->setWordWrap(true);
    layout->addWidget(m_list, 1);
    m_remove = new QPushButton(tr("Remove selected tag"), this);
    m_remove->setObjectName(QStringLiteral("annotationRemoveTagButton"));
    m_remove->setEnabled(false);
    auto* removeRow = new QHBoxLayout;
    removeRow->addStretch(1);
    removeRow->addWidget(m_remove);
    layout->addLayout(removeRow);

    auto* form = new QFormLayout;
    m_tag = new QComboBox(this);
    m_tag->setObjectName(QStringLiteral("annotationTagCombo"));
    m_tag->setEditable(true);
    m_tag->addItem(QString());
    m_tag->addItems(suggestedTags());
    m_tag->lineEdit()->setPlaceholderText(tr("malicious, benign, needs-review or any word"));
    form->addRow(tr("Add tag:"), m_tag);
    m_note = new QPlainTextEdit(this);
    m_note->setObjectName(QStringLiteral("annotationNoteEdit"));
    m_note->setPlaceholderText(tr("A note for the incident record (kept as plain text)"));
    m_note->setTabChangesFocus(true);
    m_note->setFixedHeight(90);
    form->addRow(tr("Add note:"), m_note);
    m_bookmark = new QCheckBox(tr("Bookmarked"), this);
    m_bookmark->setObjectName(QStringLiteral("annotationBookmarkCheck"));
    form->addRow(QString(), m_bookmark);
    layout->addLayout(form);
    m_status = plainLabel({}, this, QStringLiteral("annotationStatusLabel"));
    layout->addWidget(m_status);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &AnnotationDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        m_remove->setEnabled(row >= 0 && static_cast<std::size_t>(row) < m_existing.size() &&
                             !m_existing[static_cast<std::size_t>(row)].tag.empty());
    });
    connect(m_remove, &QPushButton::clicked, this, [this]() {
        const int row = m_list->currentRow();
        if (row < 0 || static_cast<std::size_t>(row) >= m_existing.size()) {
            return;
        }
        if (auto st = removeTag(QString::fromStdString(m_existing[static_cast<std::size_t>(row)].tag)); !st) {
            PlainMessageBox::warning(this, tr("Remove tag"), QString::fromStdString(st.error().toString()));
        }
    });
    reload();
}

void AnnotationDialog::reload()
{
    m_existing.clear();
    m_list->clear();
    auto caseFile = core::CaseFile::openReadOnly(m_casePath.toStdString());
    if (!caseFile) {
        m_status->setText(QString::fromStdString(caseFile.error().toString()));
        return;
    }
    const core::SystemClock clock;
    core::AnnotationQuery query;
    query.kind = m_kind;
    query.target = m_target;
    auto list = core::AnnotationStore(*caseFile, clock).list(query);
    if (!list) {
        m_status->setText(QString::fromStdString(list.error().toString()));
        return;
    }
    m_existing = std::move(*list);
    bool bookmarked = false;
    for (const auto& a : m_existing) {
        // QListWidgetItem text is never interpreted as markup.
        m_list->addItem(describe(a));
        bookmarked = bookmarked || a.bookmark;
    }
    if (m_existing.empty()) {
        m_list->addItem(tr("No annotations yet."));
        m_list->item(0)->setFlags(Qt::NoItemFlags);
    }
    m_bookmark->setChecked(bookmarked);
    m_remove->setEnabled(false);
}

void AnnotationDialog::setFocusOn(Focus focus)
{
    if (focus == Focus::Note) {
        m_note->setFocus();
    } else {
        m_tag->setFocus();
    }
}

void AnnotationDialog::setTag(const QString& tag) { m_tag->setCurrentText(tag); }
void AnnotationDialog::setNote(const QString& note) { m_note->setPlainText(note); }
void AnnotationDialog::setBookmarked(bool on) { m_bookmark->setChecked(on); }

core::Result<bool> AnnotationDialog::apply()
{
    auto caseFile = core::CaseFile::open(m_casePath.toStdString());
    if (!caseFile) {
        return caseFile.error();
    }
    const core::SystemClock clock;
    core::AnnotationStore store(*caseFile, clock, author().toStdString());
    bool changed = false;
    const std::string tag = core::AnnotationStore::normaliseTag(m_tag->currentText().toStdString());
    if (!tag.empty()) {
        auto id = store.addTag(m_kind, m_target, tag);
        if (!id) {
            return id.error();
        }
        changed = true;
    }
    const QString note = m_note->toPlainText().trimmed();
    if (!note.isEmpty()) {
        auto id = store.addNote(m_kind, m_target, note.toStdString());
        if (!id) {
            return id.error();
        }
        changed = true;
    }
    bool bookmarked = false;
    for (const auto& a : m_existing) {
        bookmarked = bookmarked || a.bookmark;
    }
    if (m_bookmark->isChecked() && !bookmarked) {
        auto id = store.addBookmark(m_kind, m_target);
        if (!id) {
            return id.error();
        }
        changed = true;
    } else if (!m_bookmark->isChecked() && bookmarked) {
        for (const auto& a : m_existing) {
            // A bookmark that also carries a tag or a note keeps them: only plain bookmarks are removed.
            if (a.bookmark && a.tag.empty() && a.note.empty()) {
                if (auto n = store.remove(a.id); !n) {
                    return n.error();
                }
                changed = true;
            }
        }
    }
    if (changed) {
        m_changed = true;
        m_tag->setCurrentText(QString());
        m_note->clear();
        reload();
        emit annotationsChanged();
    }
    return changed;
}

core::Status AnnotationDialog::removeTag(const QString& tag)
{
    auto caseFile = core::CaseFile::open(m_casePath.toStdString());
    if (!caseFile) {
        return caseFile.error();
    }
    const core::SystemClock clock;
    auto n = core::AnnotationStore(*caseFile, clock).removeTag(m_kind, m_target, tag.toStdString());
    if (!n) {
        return n.error();
    }
    if (*n > 0) {
        m_changed = true;
        reload();
        emit annotationsChanged();
    }
    return {};
}

void AnnotationDialog::accept()
{
    auto r = apply();
    if (!r) {
        PlainMessageBox::warning(this, tr("Save annotation"), QString::fromStdString(r.error().toString()));
        return;
    }
    QDialog::accept();
}

} // namespace kvw::ui
