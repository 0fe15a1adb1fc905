#include "ops/toml_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace ops {
namespace {

std::string where(std::string_view source_name, const toml::source_region& region) {
  return fmt::format("{}:{}:{}", source_name, region.begin.line, region.begin.column);
}

RawValue convert(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::boolean: return {*node.value<bool>()};
    case toml::node_type::integer: return {*node.value<std::int64_t>()};
    case toml::node_type::floating_point: return {*node.value<double>()};
    case toml::node_type::string: return {*node.value<std::string>()};
    case toml::node_type::array: {
      RawArray items;
      for (const toml::node& item : *node.as_array()) items.push_back(convert(item));
      return {std::move(items)};
    }
    case toml::node_type::table: return {RawOther{"a table"}};
    case toml::node_type::date: return {RawOther{"a date"}};
    case toml::node_type::time: return {RawOther{"a time"}};
    case toml::node_type::date_time: return {RawOther{"a date-time"}};
    case toml::node_type::none: break;
  }
  return {RawOther{"nothing"}};
}

TomlEntry entry(std::string key, const toml::node& node, std::string_view source_name) {
  const auto& begin = node.source().begin;
  return {std::move(key), convert(node), where(source_name, node.source()), begin.line, begin.column};
}

// toml++ quotes a number it cannot parse ("'123…' is not representable in 64 bits"); that number
// might be a secret written without quotes, so long quoted fragments are dropped. Short ones
// (a single character, "true") stay: they explain the error and cannot hold a secret.
std::string scrub_quoted(std::string_view text) {
  constexpr std::size_t kLongest = 8;
  std::string out;
  while (!text.empty()) {
    const auto open = text.find('\'');
    const auto close = open == std::string_view::npos ? open : text.find('\'', open + 1);
    if (close == std::string_view::npos) break;
    out += text.substr(0, open + 1);
    const auto inside = text.substr(open + 1, close - open - 1);
    out += inside.size() > kLongest ? std::string_view{"…"} : inside;
    out += '\'';
    text.remove_prefix(close + 1);
  }
  out += text;
  return out;
}

}  // namespace

TomlRead read_toml_text(std::string_view text, std::string_view source_name) {
  TomlRead result;
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    result.errors.push_back(
        ConfigError{{}, {}, fmt::format("invalid TOML: {}", scrub_quoted(error.description())),
                    where(source_name, error.source())});
    return result;
  }

  for (const auto& [section_key, section_node] : root) {
    const std::string section_name(section_key.str());
    const auto* section = section_node.as_table();
    if (section == nullptr) {  // a value outside any [section]
      result.entries.push_back(entry(section_name, section_node, source_name));
      continue;
    }
    const auto& begin = section_node.source().begin;
    result.sections.push_back(
        {section_name, where(source_name, section_node.source()), begin.line, begin.column});
    for (const auto& [key, node] : *section) {
      result.entries.push_back(entry(section_name + "." + std::string(key.str()), node, source_name));
    }
  }
  // toml++ keeps tables sorted by key; report in the order the reader wrote them.
  std::stable_sort(result.entries.begin(), result.entries.end(), [](const auto& a, const auto& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return result;
}

TomlRead read_toml_file(const std::filesystem::path& file) {
  const auto fail = [&](std::string reason) {
    TomlRead result;
    result.errors.push_back(ConfigError{{}, {}, std::move(reason), file.string()});
    return result;
  };
  std::error_code ec;
  // Linux opens a directory as a stream that reads nothing, which would pass for an empty file.
  if (std::filesystem::is_directory(file, ec)) return fail("cannot open the file: it is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(fmt::format("cannot open the file: {}", std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail("cannot read the file");
  return read_toml_text(text.str(), file.string());
}

}  // namespace ops
