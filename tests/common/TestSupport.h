#pragma once

#include <QString>
#include <QTemporaryDir>

#include <string>

namespace kvw::test {

// The shared reference folder (../shared), or an empty string when it is absent (tests then QSKIP).
std::string sharedDir();
// Writes text to a file (creating parent folders) and returns the path.
std::string writeFile(const QTemporaryDir& dir, const std::string& relative, const std::string& content);
std::string readFile(const std::string& path);

} // namespace kvw::test
