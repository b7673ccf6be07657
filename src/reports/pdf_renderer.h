// HTML → PDF through headless Chromium in a separate process (correct shaping for every script,
// tagged PDF). The HTML is written to a private temporary folder (mode 0700) that is removed
// afterwards; it never goes on a command line, where other users could read it.
#pragma once

#include <optional>
#include <string>

namespace passerelle::reports {

struct PdfResult {
  std::optional<std::string> pdf;  // the bytes, when it worked
  std::string error;               // operational message (no document content)
};

// Chromium from PASSERELLE_CHROMIUM or /usr/bin/chromium; gives up after `timeout_seconds`.
PdfResult html_to_pdf(const std::string& html, int timeout_seconds = 60);

// Escapes text for HTML element content and attribute values.
std::string html_escape(std::string_view text);

}  // namespace passerelle::reports
