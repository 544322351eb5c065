#pragma once

#include <vector>

class QTextBlock;
class QTextDocument;

namespace kvw::core {

// QTextDocument has no "keep with next": a heading can end up alone at the bottom of a PDF page while its table or
// chart starts on the next one. This moves such headings to the next page (a page break before them).
class PageBreaks
{
public:
    // Positions of the heading blocks whose following content starts on a later page, for a document laid out with
    // pages of `pageHeight` (its page size must be set).
    static std::vector<int> orphanedHeadings(const QTextDocument& doc, double pageHeight);
    // Breaks the page before each orphaned heading, re-laying out as it goes; returns how many headings moved.
    static int keepHeadingsWithNext(QTextDocument& doc, double pageHeight);
};

} // namespace kvw::core
