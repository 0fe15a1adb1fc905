#pragma once
// Reads a TOML configuration file into flat `section.key` entries. The only file that knows
// toml++; it knows nothing of the schema (load.cpp decides what is unknown or mistyped).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "ops/config.hpp"
#include "ops/raw_value.hpp"

namespace ops {

struct TomlEntry {
  std::string key;  // "section.name"; a top-level value has no dot
  RawValue value;
  std::string source;  // "PATH:LINE:COLUMN"
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct TomlSection {
  std::string name;
  std::string source;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct TomlRead {
  std::vector<TomlEntry> entries;    // in file order
  std::vector<TomlSection> sections;  // every top-level table, even an empty one
  std::vector<ConfigError> errors;    // unreadable file or a syntax error
};

TomlRead read_toml_file(const std::filesystem::path& file);
TomlRead read_toml_text(std::string_view text, std::string_view source_name);

}  // namespace ops
