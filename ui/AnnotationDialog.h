#pragma once

#include "core/annotations/Annotation.h"
#include "core/common/Result.h"

#include <QDialog>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace kvw::ui {

// Tags, a note and the bookmark of one thing (an event, a finding, an alert or an entity), stored through core
// AnnotationStore in the case file. Shows the annotations it already has (as plain text) and removes tags.
class AnnotationDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Focus { Tag, Note };

    AnnotationDialog(const QString& casePath, core::AnnotationTarget kind, const QString& target,
                     const QString& description, QWidget* parent = nullptr);

    void setFocusOn(Focus focus);
    // The values of the form (tests fill them in through these).
    void setTag(const QString& tag);
    void setNote(const QString& note);
    void setBookmarked(bool on);
    const std::vector<core::Annotation>& existing() const { return m_existing; }
    // Stores the form: the tag and the note when given, the bookmark when it changed. Returns whether anything changed.
    core::Result<bool> apply();
    core::Status removeTag(const QString& tag);
    bool changed() const { return m_changed; }

    static QStringList suggestedTags();
    static QString author();

signals:
    void annotationsChanged();

private:
    void reload();
    void accept() override;

    QString m_casePath;
    core::AnnotationTarget m_kind;
    std::string m_target;
    std::vector<core::Annotation> m_existing;
    bool m_changed = false;
    QLabel* m_status;
    QListWidget* m_list;
    QPushButton* m_remove;
    QComboBox* m_tag;
    QPlainTextEdit* m_note;
    QCheckBox* m_bookmark;
};

} // namespace kvw::ui
