#include "core/run_summary.hpp"

#include <cmath>

#include <spdlog/fmt/fmt.h>

#include "core/json_text.hpp"
#include "core/run_options_json.hpp"
#include "core/utc_time.hpp"

namespace arrayfeed {
namespace {

// Divided rather than multiplied by 1e-9: the quotient is rounded once, so
// 2000 ns prints as 2e-06 s, not 2.0000000000000003e-06.
double seconds(std::int64_t ns) { return static_cast<double>(ns) / 1e9; }
double microseconds(std::int64_t ns) { return static_cast<double>(ns) / 1e3; }

std::string bytes_text(std::uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000 && unit < 4) {
    value /= 1000;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, units[unit]);
}

std::string duration_text(std::uint64_t ns) {
  if (ns < 10'000) return fmt::format("{:.2f} us", static_cast<double>(ns) * 1e-3);
  if (ns < 10'000'000) return fmt::format("{:.2f} ms", static_cast<double>(ns) * 1e-6);
  return fmt::format("{:.2f} s", static_cast<double>(ns) * 1e-9);
}

std::string value_text(const Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value))
    return std::isnan(*d) ? "nan" : fmt::format("{:.6g}", *d);  // not "-nan"
  const auto& array = std::get<ResultArray>(value);
  if (array.size() <= 8) {
    std::string list;
    append_json(list, value);
    return list;
  }
  return array.dtype().name() + " array of shape " + tuple_text(array.shape());
}

void append_rank_json(std::string& out, std::size_t rank, const RankFigures& f) {
  const double wall = seconds(f.wall_ns);
  out += fmt::format(
      "{{\"rank\": {}, \"arrays\": {}, \"script_seconds\": {}, \"host_seconds\": {}, \"kernel_seconds\": {}"
      ", \"wall_seconds\": {}, \"arrays_per_second\": {}, \"latency_p50_us\": {}, \"latency_p90_us\": {}"
      ", \"latency_p99_us\": {}, \"latency_p999_us\": {}}}",
      rank, f.arrays, seconds(f.script_ns), seconds(f.host_ns), seconds(f.kernel_ns), wall,
      wall > 0 ? static_cast<double>(f.arrays) / wall : 0.0, microseconds(f.latency_p50_ns),
      microseconds(f.latency_p90_ns), microseconds(f.latency_p99_ns), microseconds(f.latency_p999_ns));
}

double quantile_us(const LatencyHistogram& latency, double q) {
  return microseconds(static_cast<std::int64_t>(latency.quantile(q)));
}

// Where the run came from: the layout's version, the tools' versions, when.
void append_origin_json(std::string& out, const RunSummary& s) {
  out += fmt::format("\"schema_version\": {}, \"versions\": {{\"arrayfeed\": ", kMetricsSchemaVersion);
  append_json(out, s.versions.arrayfeed);
  out += ", \"python\": ";
  append_json(out, s.versions.python);
  out += ", \"numpy\": ";
  append_json(out, s.versions.numpy);
  out += "}, \"started_at\": ";
  append_json(out, utc_time_text(s.started_at));
  out += ", \"ended_at\": ";
  append_json(out, utc_time_text(s.ended_at));
  out += ", ";
}

void append_latency_json(std::string& out, const LatencyHistogram& latency) {
  out += fmt::format(
      ", \"latency_p50_us\": {}, \"latency_p90_us\": {}, \"latency_p99_us\": {}, \"latency_p999_us\": {}"
      ", \"latency_max_us\": {}, \"latency_rounding\": ",
      quantile_us(latency, 0.5), quantile_us(latency, 0.9), quantile_us(latency, 0.99), quantile_us(latency, 0.999),
      microseconds(static_cast<std::int64_t>(latency.max())));
  append_json(out, LatencyHistogram::kRounding);
}

}  // namespace

RankFigures RunSummary::own_figures() const {
  auto ns = [&](double q) { return static_cast<std::int64_t>(latency.quantile(q)); };
  return {static_cast<std::int64_t>(arrays), script_ns, host_ns, kernel_ns, wall_ns, ns(0.5), ns(0.9), ns(0.99),
          ns(0.999)};
}

double RunSummary::arrays_per_second() const {
  return wall_ns > 0 ? static_cast<double>(arrays) / seconds(wall_ns) : 0.0;
}

std::string RunSummary::text() const {
  std::string out = fmt::format(
      "arrayfeed summary: {} arrays through '{}'{} in {:.3f} s ({:.1f} arrays/s), ended: {}\n",
      arrays, kernel, ranks > 1 ? fmt::format(" on {} ranks", ranks) : "", seconds(wall_ns), arrays_per_second(), end_text.empty() ? end_reason_words(end_reason) : std::string_view(end_text));
  // Apart: an expensive set-up is the point of the tool, and would hide the loop's rate.
  out += fmt::format("  set-up       {:.3f} s (Python, plugins, data, script, kernel init; not in the other figures)\n",
                     seconds(init_ns));
  out += copies == 0 ? fmt::format("  handed over  {} in place, no copies\n", bytes_text(bytes_handed_over))
                     : fmt::format("  handed over  {}, of which {} copied by --convert ({} copies)\n",
                                   bytes_text(bytes_handed_over), bytes_text(bytes_copied), copies);
  out += fmt::format("  time         script {:.3f} s, host {:.3f} s, kernel {:.3f} s\n",
                     seconds(script_ns), seconds(host_ns), seconds(kernel_ns));
  if (latency.count() > 0)
    out += fmt::format("  per array    p50 {}, p90 {}, p99 {}, max {} (host + kernel)\n",
                       duration_text(latency.quantile(0.5)), duration_text(latency.quantile(0.9)),
                       duration_text(latency.quantile(0.99)), duration_text(latency.max()));
  if (!kernel_summary.empty()) {
    out += kernel_summary_of_rank_0 ? "  kernel, rank 0" : "  kernel      ";
    for (const NamedValue& v : kernel_summary) out += " " + v.name + "=" + value_text(v.value);
    out += "\n";
  }
  return out;
}

std::string RunSummary::json() const {
  std::string out = "{";
  append_origin_json(out, *this);
  out += "\"kernel\": ";
  append_json(out, kernel);
  out += ", \"end_reason\": ";
  append_json(out, end_reason_name(end_reason));
  out += fmt::format(
      ", \"exit_code\": {}, \"ranks\": {}, \"arrays\": {}, \"bytes_handed_over\": {}, \"copies\": {}, \"bytes_copied\": {}"
      ", \"init_seconds\": {}, \"script_seconds\": {}, \"host_seconds\": {}, \"kernel_seconds\": {}"
      ", \"wall_seconds\": {}, \"arrays_per_second\": {}",
      exit_code, ranks, arrays, bytes_handed_over, copies, bytes_copied, seconds(init_ns), seconds(script_ns),
      seconds(host_ns), seconds(kernel_ns), seconds(wall_ns), arrays_per_second());
  append_latency_json(out, latency);
  out += ", \"options\": ";
  append_json(out, options);
  out += ", \"kernel_summary\": {";
  append_json_members(out, kernel_summary);
  out += "}, \"per_rank\": [";
  for (std::size_t rank = 0; rank < per_rank.size(); ++rank) {
    if (rank > 0) out += ", ";
    append_rank_json(out, rank, per_rank[rank]);
  }
  return out + "]}\n";
}

}  // namespace arrayfeed
