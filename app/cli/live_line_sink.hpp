#pragma once

#include <mutex>

#include <spdlog/sinks/base_sink.h>

#include "cli/log_style.hpp"
#include "core/live_line.hpp"

namespace arrayfeed {

/// spdlog's sink for arrayfeed's log: each record becomes one LogStyle line
/// written above the live progress line, never glued onto it.
class LiveLineSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  LiveLineSink(LogStyle style, LiveLine& line) : m_style(std::move(style)), m_line(line) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    m_line.write_above(m_style.line(msg.level, {msg.payload.data(), msg.payload.size()}, msg.time));
  }
  void flush_() override {}  // LiveLine writes straight to the file descriptor

 private:
  LogStyle m_style;
  LiveLine& m_line;
};

}  // namespace arrayfeed
