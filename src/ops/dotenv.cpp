#include "ops/dotenv.hpp"

#include <optional>

#include "ops/text.hpp"

namespace ops {
namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

bool valid_name(std::string_view name) {
  if (name.empty() || !is_name_start(name.front())) return false;
  for (const char c : name) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

// After a closing quote only blanks or a comment may follow.
bool only_comment_left(std::string_view rest) {
  rest = trim(rest);
  return rest.empty() || rest.front() == '#';
}

struct ValueParse {
  std::optional<std::string> value;
  std::string reason;
};

ValueParse parse_double_quoted(std::string_view text) {  // text starts after the opening quote
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      if (!only_comment_left(text.substr(i + 1))) return {std::nullopt, "text after the closing quote"};
      return {out, {}};
    }
    if (c == '\\' && i + 1 < text.size()) {
      const char next = text[++i];
      switch (next) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        default:  // unknown escapes stay as written, as most dotenv readers do
          out.push_back('\\');
          out.push_back(next);
      }
      continue;
    }
    out.push_back(c);
  }
  return {std::nullopt, "missing closing \" (values span one line)"};
}

ValueParse parse_single_quoted(std::string_view text) {  // text starts after the opening quote
  const auto close = text.find('\'');
  if (close == std::string_view::npos) return {std::nullopt, "missing closing ' (values span one line)"};
  if (!only_comment_left(text.substr(close + 1))) return {std::nullopt, "text after the closing quote"};
  return {std::string(text.substr(0, close)), {}};
}

ValueParse parse_bare(std::string_view text) {  // text is everything after the '='
  // A '#' starts a comment only after a blank (or as the whole value after "= "), so values
  // such as URLs with fragments keep theirs.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '#' && i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) {
      text = text.substr(0, i);
      break;
    }
  }
  return {std::string(trim(text)), {}};
}

}  // namespace

DotenvParse parse_dotenv(std::string_view text) {
  DotenvParse result;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  int line_number = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    ++line_number;
    auto newline = text.find('\n', begin);
    if (newline == std::string_view::npos) newline = text.size();
    std::string_view line = trim(text.substr(begin, newline - begin));  // also drops CRLF's '\r'
    begin = newline + 1;

    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ") || line.starts_with("export\t")) line = trim(line.substr(7));

    const auto equals = line.find('=');
    if (equals == std::string_view::npos) {
      result.problems.push_back({line_number, "expected NAME=VALUE"});
      continue;
    }
    const auto name = trim(line.substr(0, equals));
    if (!valid_name(name)) {
      result.problems.push_back(
          {line_number, "the name must be letters, digits and _ and not start with a digit"});
      continue;
    }
    const auto after_equals = line.substr(equals + 1);
    const auto raw = trim(after_equals);
    ValueParse value;
    if (raw.starts_with('"')) {
      value = parse_double_quoted(raw.substr(1));
    } else if (raw.starts_with('\'')) {
      value = parse_single_quoted(raw.substr(1));
    } else {
      value = parse_bare(after_equals);
    }
    if (value.value) {
      result.entries.push_back({std::string(name), std::move(*value.value), line_number});
    } else {
      result.problems.push_back({line_number, std::string(name) + ": " + value.reason});
    }
  }
  return result;
}

}  // namespace ops
