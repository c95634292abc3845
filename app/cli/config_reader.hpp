#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/params.hpp"

namespace arrayfeed {

/// What a config key's value must be, so that it is read as the option means it.
enum class ValueKind {
  text,        ///< a string
  file,        ///< the path of a file to read; a relative one is taken from the config file's folder
  new_file,    ///< the path of a file the run writes, taken as a `file`
  named_file,  ///< "NAME=PATH", PATH taken as a `file`
  count,       ///< a whole number, written in decimal
  flag,        ///< true or false
};

/// One option a config file may set: its name (the option without dashes) and value.
struct ConfigKey {
  std::string name;
  ValueKind kind = ValueKind::text;
  bool repeatable = false;  ///< takes an array as well as one value
};

/// One option a config file sets, with its values as the command line spells them.
struct ConfigSetting {
  const ConfigKey* key = nullptr;  ///< into the keys read_config() was given
  std::vector<std::string> values;
  std::string where;  ///< "file:line:column" of the value, for messages
};

/// A config file as TOML means it: the options it sets and its [params].
struct ConfigFile {
  std::vector<ConfigSetting> settings;
  Params params;
};

/// Reads `text`, a config file named `file_name`, for `command` ("run", ...),
/// which takes `keys`. Options are top-level keys (or sit in a table named
/// after the command); [params] holds the parameters, each kept with its TOML
/// type (see Param). Relative paths are taken from `file_name`'s folder; the
/// file system is not touched. Throws UsageError "file:line:column: what is
/// wrong" for invalid TOML, an unknown key or table, or a value of the wrong type.
ConfigFile read_config(std::string_view text, const std::string& file_name, const std::string& command,
                       const std::vector<ConfigKey>& keys);

}  // namespace arrayfeed
