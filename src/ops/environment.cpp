#include "ops/environment.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "ops/dotenv.hpp"

extern char** environ;  // POSIX; declared here so no feature macro is needed

namespace ops {

Environment::Environment(const std::map<std::string, std::string, std::less<>>& process_variables) {
  for (const auto& [name, value] : process_variables) {
    variables_[name] = Variable{value, Origin::process, "environment variable " + name};
  }
}

Environment Environment::from_process(const std::optional<std::filesystem::path>& dotenv) {
  std::map<std::string, std::string, std::less<>> process;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    process.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  Environment env(process);
  if (dotenv) {
    std::error_code ec;
    if (std::filesystem::exists(*dotenv, ec)) env.add_dotenv_file(*dotenv);
  }
  return env;
}

void Environment::add_dotenv_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    problems_.push_back({file.string(), "the .env file cannot be read"});
    return;
  }
  std::ostringstream text;
  text << in.rdbuf();
  add_dotenv_text(text.str(), file.string());
}

void Environment::add_dotenv_text(std::string_view text, std::string_view source_name) {
  const DotenvParse parsed = parse_dotenv(text);
  for (const DotenvProblem& problem : parsed.problems) {
    problems_.push_back({fmt::format("{}:{}", source_name, problem.line), problem.reason});
  }
  // Within the file the last line wins; across sources the first one to set a name keeps it,
  // so the real environment (added first) always beats the file.
  std::map<std::string, const DotenvEntry*, std::less<>> last;
  for (const DotenvEntry& entry : parsed.entries) last[entry.name] = &entry;
  for (const auto& [name, entry] : last) {
    if (variables_.contains(name)) continue;
    variables_[name] = Variable{entry->value, Origin::dotenv,
                                fmt::format("{}:{} ({})", source_name, entry->line, name)};
  }
}

const Environment::Variable* Environment::find(std::string_view name) const {
  const auto it = variables_.find(name);
  return it == variables_.end() ? nullptr : &it->second;
}

}  // namespace ops
