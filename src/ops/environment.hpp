#pragma once
// The environment variables the configuration reads: the real process environment, plus the
// variables of a `.env` file for names the process does not set (a `.env` never overrides a real
// variable). Held in a map so tests and embedders can build one without touching the process.
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ops {

class Environment {
 public:
  enum class Origin { process, dotenv };

  struct Variable {
    std::string value;
    Origin origin = Origin::process;
    std::string where;  // "environment variable NAME" or "PATH:LINE (NAME)"; never the value
  };

  Environment() = default;
  // Variables treated as the real process environment.
  explicit Environment(const std::map<std::string, std::string, std::less<>>& process_variables);
  Environment(std::initializer_list<std::pair<const std::string, std::string>> process_variables)
      : Environment(std::map<std::string, std::string, std::less<>>(process_variables)) {}

  // The process environment, then `dotenv` if that file exists (a missing file is fine: it is
  // optional; an unreadable or malformed one is recorded in problems()).
  static Environment from_process(
      const std::optional<std::filesystem::path>& dotenv = std::filesystem::path(".env"));

  // Adds the KEY=VALUE lines of a .env file for names not set yet. Lines: `# comment`, blank,
  // `[export ]NAME=VALUE` with VALUE bare (a ` #` starts a comment), "double-quoted" (with \n,
  // \t, \", \\ escapes) or 'single-quoted' (literal). Within one file the last line wins.
  void add_dotenv_file(const std::filesystem::path& file);
  void add_dotenv_text(std::string_view text, std::string_view source_name);

  const Variable* find(std::string_view name) const;
  const std::map<std::string, Variable, std::less<>>& variables() const { return variables_; }

  struct Problem {
    std::string where;   // "PATH:LINE" or "PATH"
    std::string reason;  // never contains a value, which may be a secret
  };
  // Problems of .env files; load_config reports them with the configuration's errors.
  const std::vector<Problem>& problems() const { return problems_; }

 private:
  std::map<std::string, Variable, std::less<>> variables_;
  std::vector<Problem> problems_;
};

}  // namespace ops
