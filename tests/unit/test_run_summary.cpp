#include <doctest/doctest.h>

#include "core/run_summary.hpp"

#include <chrono>

using namespace arrayfeed;

namespace {

RunSummary two_arrays() {
  RunSummary s;
  s.kernel = "stats";
  s.end_reason = EndReason::exhausted;
  s.arrays = 2;
  s.bytes_handed_over = 8'000'000;
  s.copies = 1;
  s.bytes_copied = 4'000'000;
  s.script_ns = 1'500'000'000;
  s.host_ns = 2'000;
  s.kernel_ns = 500'000'000;
  s.wall_ns = 2'000'000'000;
  s.init_ns = 46'100'000'000;
  s.latency.add(250'000'000);
  s.latency.add(250'000'000);
  s.kernel_summary = {{"count", std::int64_t{4}}, {"mean", 0.25}};
  return s;
}

}  // namespace

TEST_CASE("the text summary names every figure") {
  const std::string text = two_arrays().text();
  CHECK(text.find("2 arrays through 'stats' in 2.000 s (1.0 arrays/s), ended: exhausted") != std::string::npos);
  CHECK(text.find("8.0 MB, of which 4.0 MB copied by --convert (1 copies)") != std::string::npos);
  CHECK(text.find("script 1.500 s, host 0.000 s, kernel 0.500 s") != std::string::npos);
  CHECK(text.find("  set-up       46.100 s (") != std::string::npos);
  CHECK(text.find("p50 ") != std::string::npos);
  CHECK(text.find(", max ") != std::string::npos);
  CHECK(text.find("count=4 mean=0.25") != std::string::npos);
}

TEST_CASE("the JSON summary has seconds, counts and the kernel's totals") {
  const std::string json = two_arrays().json();
  CHECK(json.find("\"end_reason\": \"exhausted\", \"exit_code\": 0, \"ranks\": 1, \"arrays\": 2,") != std::string::npos);
  CHECK(json.find("\"bytes_copied\": 4000000,") != std::string::npos);
  CHECK(json.find("\"kernel_seconds\": 0.5,") != std::string::npos);
  CHECK(json.find("\"arrays_per_second\": 1,") != std::string::npos);
  CHECK(json.find("\"kernel_summary\": {\"count\": 4, \"mean\": 0.25}, \"per_rank\": []}") != std::string::npos);
}

TEST_CASE("the JSON summary lists each rank's own figures in rank order") {
  RunSummary s = two_arrays();
  s.per_rank = {s.own_figures(), {.arrays = 3, .wall_ns = 1'500'000'000, .latency_p99_ns = 2'000}};
  const std::string json = s.json();
  CHECK(json.find("\"per_rank\": [{\"rank\": 0, \"arrays\": 2, \"script_seconds\": 1.5, \"host_seconds\": 2e-06, "
                  "\"kernel_seconds\": 0.5, \"wall_seconds\": 2, \"arrays_per_second\": 1, ") != std::string::npos);
  CHECK(json.find("{\"rank\": 1, \"arrays\": 3, \"script_seconds\": 0, \"host_seconds\": 0, \"kernel_seconds\": 0, "
                  "\"wall_seconds\": 1.5, \"arrays_per_second\": 2, \"latency_p50_us\": 0, \"latency_p90_us\": 0, "
                  "\"latency_p99_us\": 2, \"latency_p999_us\": 0}]}\n") !=
        std::string::npos);
}

TEST_CASE("a run that processed nothing reports zero rate and no latency line") {
  RunSummary s;
  s.kernel = "nop";
  CHECK(s.arrays_per_second() == 0.0);
  CHECK(s.text().find("per array") == std::string::npos);
}

TEST_CASE("without copies the summary says everything was read in place") {
  RunSummary s = two_arrays();
  s.copies = 0;
  s.bytes_copied = 0;
  CHECK(s.text().find("8.0 MB in place, no copies") != std::string::npos);
}

TEST_CASE("an early end shows its own words in the text, its stable name and exit code in the JSON") {
  RunSummary s = two_arrays();
  s.end_reason = EndReason::system_exit;
  s.end_text = "SystemExit(4)";
  s.exit_code = 4;
  CHECK(s.text().find("ended: SystemExit(4)\n") != std::string::npos);
  CHECK(s.json().find("\"end_reason\": \"system_exit\", \"exit_code\": 4,") != std::string::npos);
  s.end_reason = EndReason::max_arrays;
  s.end_text.clear();
  CHECK(s.text().find("ended: max-arrays reached\n") != std::string::npos);
  CHECK(s.json().find("\"end_reason\": \"max_arrays\"") != std::string::npos);
}

TEST_CASE("a job of several ranks says how many, and whose kernel totals it shows") {
  RunSummary s = two_arrays();
  s.ranks = 2;
  s.kernel_summary = {{"count", std::int64_t{3}}};
  s.kernel_summary_of_rank_0 = true;
  CHECK(s.text().find("arrays through 'stats' on 2 ranks in ") != std::string::npos);
  CHECK(s.text().find("  kernel, rank 0 count=3\n") != std::string::npos);
  CHECK(s.json().find("\"ranks\": 2,") != std::string::npos);
  s.ranks = 1;
  CHECK(s.text().find(" on 1 ranks") == std::string::npos);
}

TEST_CASE("the JSON summary says its schema, the versions, when, and the set-up apart from the loop") {
  RunSummary s = two_arrays();
  s.versions = {.arrayfeed = "1.2.3", .python = "3.11.2", .numpy = "1.24.2"};
  s.started_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'796'578'313'123));
  s.ended_at = s.started_at + std::chrono::milliseconds(48'250);
  const std::string json = s.json();
  CHECK(json.find("{\"schema_version\": 2, \"versions\": {\"arrayfeed\": \"1.2.3\", \"python\": \"3.11.2\", "
                  "\"numpy\": \"1.24.2\"}, \"started_at\": \"2026-12-06T17:31:53.123Z\", "
                  "\"ended_at\": \"2026-12-06T17:32:41.373Z\", \"kernel\": \"stats\"") == 0);
  CHECK(json.find("\"init_seconds\": 46.1, ") != std::string::npos);
  CHECK(json.find("\"wall_seconds\": 2, \"arrays_per_second\": 1, ") != std::string::npos);
}

TEST_CASE("the JSON summary's latencies are ordered quantiles, the exact maximum and their rounding") {
  RunSummary s;
  for (std::uint64_t us = 1; us <= 1000; ++us) s.latency.add(us * 1000);
  s.latency.add(7'654'321);
  const std::string json = s.json();
  CHECK(json.find("\"latency_max_us\": 7654.321, \"latency_rounding\": \"each quantile is the upper edge") !=
        std::string::npos);
  CHECK(json.find("\"latency_p50_us\": 507.903, \"latency_p90_us\": 917.503, ") != std::string::npos);
}

TEST_CASE("the JSON summary lists the options, escaped") {
  RunSummary s;
  s.options.script = "my \"gen\".py";
  s.options.kernel = "stats";
  s.options.params = {{"steps", "3"}};
  s.options.data = {{"table", "t.npy"}};
  s.options.max_arrays = 10;
  s.options.prefetch = 2;
  const std::string json = s.json();
  CHECK(json.find("\"options\": {\"script\": \"my \\\"gen\\\".py\", \"entry\": \"generate\", \"kernel\": \"stats\", "
                  "\"plugins\": [], \"data\": {\"table\": \"t.npy\"}, \"params\": {\"steps\": \"3\"}, "
                  "\"output\": null, \"metrics\": null, \"timings\": null, \"max_arrays\": 10, \"prefetch\": 2, "
                  "\"threads\": 1, \"convert\": false, \"quiet\": false, \"progress\": \"off\"}") != std::string::npos);
}
