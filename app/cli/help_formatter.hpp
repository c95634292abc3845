#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace arrayfeed {

/// Lays out every --help to fit kHelpWidth columns: options under their
/// groups, descriptions wrapped with a hanging indent, values and defaults in
/// the description rather than squeezed beside the option's name.
class HelpFormatter : public CLI::Formatter {
 public:
  static constexpr std::size_t kHelpWidth = 80;

  HelpFormatter();

  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_subcommand(const CLI::App* command) const override;
  std::string make_option(const CLI::Option* option, bool is_positional) const override;
  std::string make_option_name(const CLI::Option* option, bool is_positional) const override;
  std::string make_option_opts(const CLI::Option* option) const override;
  std::string make_option_desc(const CLI::Option* option) const override;
  std::string make_option_usage(const CLI::Option* option) const override;

 private:
  std::string make_option_groups(const CLI::App* app) const;
  std::vector<const CLI::Option*> group_options(const CLI::App* app, const std::string& group, bool first) const;
};

}  // namespace arrayfeed
