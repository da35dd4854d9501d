#pragma once
// Connection strings carry passwords; output folders and terminal logs get shared. Every
// message oremap prints or writes passes through redact_secrets.
#include <string>

namespace oremap {

// A text (connection string, project file, log) with password=... (and user:password@ in URLs)
// replaced by "***"; the quote closing a TOML string around it is kept.
std::string redact_secrets(const std::string& text);

}  // namespace oremap
