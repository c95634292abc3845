#include "cli/help_footer.hpp"

#include <map>
#include <utility>
#include <vector>

#include "cli/help_formatter.hpp"
#include "cli/text_wrap.hpp"
#include "core/exit_code.hpp"

namespace arrayfeed {
namespace {

constexpr std::size_t kWidth = HelpFormatter::kHelpWidth;

struct Example {
  std::string line;
  std::string what;
};

// Each one runs as it stands, given a gen.py whose generate(ctx) yields
// float64 arrays (tests/e2e/test_help.py runs them).
const std::map<std::string, std::vector<Example>>& examples() {
  static const std::map<std::string, std::vector<Example>> all{
      {"",
       {{"arrayfeed run gen.py -k stats -o results.jsonl", "each array's statistics, one JSON line per array"},
        {"arrayfeed kernels", "the kernels and the arrays each one reads"}}},
      {"run",
       {{"arrayfeed run gen.py -k stats -o results.jsonl", "each array's statistics, one JSON line per array"},
        {"arrayfeed run gen.py -k histogram -s bins=32 -s lo=0 -s hi=4 --metrics m.json",
         "the kernel's parameters; the run's summary as JSON in m.json"}}},
      {"check", {{"arrayfeed check gen.py -k histogram -s lo=0 -s hi=4", "imports gen.py and finds generate(ctx)"}}},
      {"kernels", {{"arrayfeed kernels", "the built-in kernels"}}},
      {"plot",
       {{"arrayfeed run gen.py --timings t.npy", "time every array of a run"},
        {"arrayfeed plot t.npy --out t.png", "and draw the times"}}},
      {"info", {{"arrayfeed info", "which Python and NumPy the scripts get"}}},
  };
  return all;
}

// In a few words; README.md has the whole table.
const std::vector<std::pair<int, std::string>>& exit_codes() {
  static const std::vector<std::pair<int, std::string>> codes{
      {ExitSuccess, "completed"},
      {ExitScriptFailed, "the script failed (exception, import error, bad yield)"},
      {ExitUsage, "usage or configuration error"},
      {ExitBackendFailed, "data, kernel or plugin failure"},
      {ExitInterrupted, "stopped by Ctrl-C (SIGINT)"},
      {ExitTerminated, "stopped by SIGTERM"},
  };
  return codes;
}

std::string examples_text(const std::string& command) {
  std::string text = "Examples:\n";
  for (const Example& example : examples().at(command))
    text += hanging_text("  " + example.line, example.what, 6, kWidth);
  return text;
}

std::string exit_codes_text() {
  std::string text = "Exit codes:\n";
  for (const auto& [code, meaning] : exit_codes()) text += hanging_text("  " + std::to_string(code), meaning, 7, kWidth);
  return text + hanging_text("  n", "the script raised SystemExit(n)", 7, kWidth);
}

std::string more_text(const std::string& command) {
  const std::string each = command.empty() ? "arrayfeed COMMAND --help for a command's options; " : "";
  return "More:\n" + hanging_text("", each + "README.md and docs/contract.md in arrayfeed's repository", 2, kWidth);
}

}  // namespace

std::string help_footer(const std::string& command) {
  return examples_text(command) + "\n" + exit_codes_text() + "\n" + more_text(command);
}

}  // namespace arrayfeed
