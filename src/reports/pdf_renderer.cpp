#include "reports/pdf_renderer.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace passerelle::reports {
namespace fs = std::filesystem;

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

PdfResult html_to_pdf(const std::string& html, int timeout_seconds) {
  PdfResult result;
  const char* env = std::getenv("PASSERELLE_CHROMIUM");
  std::string chromium = env && *env ? env : "/usr/bin/chromium";
  if (::access(chromium.c_str(), X_OK) != 0) {
    result.error = "Chromium is not installed (apt-get install chromium), PDF output is unavailable";
    return result;
  }
  char tmpl[] = "/tmp/passerelle-pdf-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    result.error = "cannot create a temporary folder";
    return result;
  }
  fs::path dir = tmpl;
  ::chmod(dir.c_str(), 0700);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};
  fs::path input = dir / "document.html", output = dir / "document.pdf";
  {
    std::ofstream out(input, std::ios::binary);
    out << html;
    if (!out) {
      result.error = "cannot write the temporary document";
      return result;
    }
  }
  std::vector<std::string> args = {chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-extensions",
                                   "--no-pdf-header-footer",
                                   "--user-data-dir=" + (dir / "profile").string(),
                                   "--print-to-pdf=" + output.string(),
                                   "file://" + input.string()};
  pid_t pid = ::fork();
  if (pid < 0) {
    result.error = "cannot start Chromium";
    return result;
  }
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
    }
    ::setpgid(0, 0);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(chromium.c_str(), argv.data());
    ::_exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  int status = 0;
  for (;;) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      result.error = "Chromium did not finish the PDF in time";
      return result;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Chromium may leave helper processes in its group: end them.
  ::kill(-pid, SIGKILL);
  std::ifstream in(output, std::ios::binary);
  if (!in) {
    result.error = "Chromium did not produce a PDF";
    return result;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  result.pdf = bytes.str();
  if (result.pdf->rfind("%PDF", 0) != 0) {
    result.pdf.reset();
    result.error = "Chromium produced something that is not a PDF";
  }
  return result;
}

}  // namespace passerelle::reports
