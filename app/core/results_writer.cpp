#include "core/results_writer.hpp"

#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "core/npy_results_writer.hpp"
#include "core/npy_rows.hpp"

namespace arrayfeed {

JsonlResultsWriter::JsonlResultsWriter(const std::filesystem::path& path, const std::function<void()>& on_interrupt,
                                       std::optional<int> rank)
    : m_path(path), m_file(path, "--output", on_interrupt), m_rank(rank) {}

void JsonlResultsWriter::write(std::uint64_t index, const KernelResult& result) {
  if (std::holds_alternative<std::monostate>(result)) return;
  m_line = "{\"index\": " + std::to_string(index);
  if (m_rank) m_line += ", \"rank\": " + std::to_string(*m_rank);
  if (const auto* value = std::get_if<Value>(&result)) {
    m_line += ", \"value\": ";
    append_json(m_line, *value);
  } else if (const auto& named = std::get<NamedValues>(result); !named.empty()) {
    refuse_reserved_names(named);
    m_line += ", ";
    append_json_members(m_line, named);
  }
  m_line += "}\n";
  start();
  m_file.append(m_line);  // whole lines only: a reader never sees half a result
}

void JsonlResultsWriter::finish() { start(); }

// JSON readers keep the last of two equal keys: the line's own index (or rank) would be lost.
void JsonlResultsWriter::refuse_reserved_names(const NamedValues& named) const {
  for (const NamedValue& v : named) {
    if (v.name == "index")
      throw BackendError("--output '" + m_path.string() + "': the kernel returned a value named 'index', " +
                         "which the .jsonl line uses for the array's number; rename that value");
    if (v.name == "rank" && m_rank)
      throw BackendError("--output '" + m_path.string() + "': the kernel returned a value named 'rank', " +
                         "which the .jsonl line of a rank's file uses for the rank; rename that value");
  }
}

void JsonlResultsWriter::start() {
  if (m_file.claimed()) return;
  m_file.claim();
  m_file.truncate(0);
}

ResultsFormat results_format(const std::filesystem::path& path) {
  if (is_standard_output(path)) return ResultsFormat::jsonl;
  if (path.extension() == ".npy") return ResultsFormat::npy;
  if (path.extension() == ".jsonl") return ResultsFormat::jsonl;
  throw UsageError("--output '" + path.string() +
                   "': unsupported format; use a .npy file for numbers or arrays of one dtype and shape "
                   "(one row each), a .jsonl file for anything else (one JSON object per result), or - for "
                   "JSON lines on the standard output");
}

void check_results_path(const std::filesystem::path& path) {
  if (results_format(path) == ResultsFormat::jsonl) return check_writable(path, "--output");
  check_npy_rows_path(path, "--output", "stream into a pipe with a .jsonl output, or write the .npy to a file");
}

std::unique_ptr<ResultsWriter> open_results_writer(const std::filesystem::path& path,
                                                   const std::function<void()>& on_interrupt,
                                                   std::optional<int> rank) {
  check_results_path(path);
  if (results_format(path) == ResultsFormat::npy) return std::make_unique<NpyResultsWriter>(path, on_interrupt);
  return std::make_unique<JsonlResultsWriter>(path, on_interrupt, rank);
}

}  // namespace arrayfeed
