#include "app/postgres_backup.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "ops/redact.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/sql/migrations.hpp"

extern char** environ;

namespace app {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kClientPackage = "postgresql-client";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// The tool's output for an error message: trimmed, at most a few lines, and with the
// password blanked should a tool ever echo it.
std::string tool_message(std::string output, const std::string& password) {
  if (!password.empty()) {
    for (auto pos = output.find(password); pos != std::string::npos;
         pos = output.find(password, pos)) {
      output.replace(pos, password.size(), ops::kRedacted);
    }
  }
  while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
  if (output.size() > 2000) output = output.substr(0, 2000) + " …";
  return output;
}

std::vector<std::string> password_env(const std::string& password) {
  if (password.empty()) return {};
  return {"PGPASSWORD=" + password};
}

std::string quote_for_display(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& arg : argv) {
    if (!line.empty()) line += ' ';
    bool plain = std::all_of(arg.begin(), arg.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
             std::string_view("-_=./:@%+,").find(c) != std::string_view::npos;
    });
    line += plain ? arg : "'" + arg + "'";
  }
  return ops::mask_url_password(line);
}

ToolRun run_client_tool(const std::vector<std::string>& argv, const std::string& password) {
  try {
    return run_tool(argv, password_env(password));
  } catch (const ToolMissing&) {
    throw ToolMissing(fmt::format("{} is not installed: install the Debian package {} (its "
                                  "major version must be at least the server's)",
                                  argv.front(), kClientPackage));
  }
}

// pg_dump of `url` into `tmp`, then published as `wanted` (never replacing a file).
fs::path dump_to(const UrlWithoutPassword& parts, const fs::path& dir, const std::string& wanted,
                 std::string* command) {
  const auto tmp = dir / fmt::format(".{}.{}.tmp", wanted, ::getpid());
  std::vector<std::string> argv = {"pg_dump", "--no-password", "--format=custom",
                                   "--file=" + tmp.string(), "--dbname=" + parts.url};
  if (command) {
    auto shown = argv;
    shown[3] = "--file=" + (dir / wanted).string();
    *command = quote_for_display(shown);
  }
  auto run = run_client_tool(argv, parts.password);
  if (run.exit_code != 0) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw std::runtime_error(fmt::format("pg_dump failed (exit status {}): {}", run.exit_code,
                                         tool_message(run.output, parts.password)));
  }
  return store::sqlite::publish_file(tmp, dir / wanted, ".dump");
}

void create_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
}

// What restore must know of the database it replaces.
struct LiveDatabase {
  // Other sessions of our bot: a running bot must not see its tables replaced. Sessions
  // of other roles may hide their application_name; best effort.
  std::int64_t gofrobot_sessions = 0;
  int schema_version = 0;
};

LiveDatabase inspect_live(const std::string& url) {
  auto db = store::postgres::PgConnection::open(url);
  LiveDatabase live;
  auto rows = db->query(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
      "AND application_name = 'gofrobot' AND pid <> pg_backend_pid()");
  live.gofrobot_sessions = rows.empty() ? 0 : rows.front().integer(0);
  live.schema_version = store::sql::schema_version(*db);
  return live;
}

}  // namespace

UrlWithoutPassword split_password(std::string_view url) {
  UrlWithoutPassword result{std::string(url), {}};
  std::string& text = result.url;
  // user:password@ in the authority.
  if (auto scheme_end = text.find("://"); scheme_end != std::string::npos) {
    const auto begin = scheme_end + 3;
    auto end = text.find_first_of("/?#", begin);
    if (end == std::string::npos) end = text.size();
    const auto at = text.rfind('@', end - 1);
    if (at != std::string::npos && at >= begin) {
      const auto colon = text.find(':', begin);
      if (colon != std::string::npos && colon < at) {
        result.password = percent_decode(std::string_view(text).substr(colon + 1, at - colon - 1));
        text.erase(colon, at - colon);
      }
    }
  }
  // password=… among the query parameters.
  if (auto query = text.find('?'); query != std::string::npos) {
    std::string kept;
    std::size_t pos = query + 1;
    while (pos <= text.size()) {
      auto end = text.find('&', pos);
      if (end == std::string::npos) end = text.size();
      auto param = std::string_view(text).substr(pos, end - pos);
      if (param.starts_with("password=")) {
        result.password = percent_decode(param.substr(9));
      } else if (!param.empty()) {
        // Appends, not "&" + string: GCC 12's -Wrestrict misfires on that at -O3.
        if (!kept.empty()) kept += '&';
        kept.append(param);
      }
      pos = end + 1;
    }
    text.resize(query);
    if (!kept.empty()) {
      text += '?';
      text += kept;
    }
  }
  return result;
}

ToolRun run_tool(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto name = entry.substr(0, entry.find('=') + 1);
    // The tools get the connection from `extra_env` alone: the bot's own secrets (the token,
    // the database URL with its password, the webhook secret) stay out of their environment,
    // which any process of the same user can read in /proc.
    if (name == "BOT_TOKEN=" || name.starts_with("GOFROBOT_")) continue;
    bool replaced = std::any_of(extra_env.begin(), extra_env.end(),
                                [&](const std::string& x) { return x.starts_with(name); });
    if (!replaced) env.emplace_back(entry);
  }
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    if (rc == ENOENT) throw ToolMissing(fmt::format("{} is not installed", argv.front()));
    throw std::runtime_error(fmt::format("cannot run {}: {}", argv.front(), std::strerror(rc)));
  }
  ToolRun run;
  char buffer[4096];
  while (true) {
    auto n = ::read(fds[0], buffer, sizeof buffer);
    if (n > 0) {
      run.output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

PgBackupResult backup_postgres(const std::string& url, const fs::path& backups_dir, int keep,
                               store::sqlite::Clock::time_point now) {
  if (keep < 1) throw std::runtime_error("backup_keep must be at least 1");
  create_dir(backups_dir);
  PgBackupResult result;
  result.file = dump_to(split_password(url), backups_dir,
                        store::sqlite::backup_file_name(now, ".dump"), &result.command);
  result.removed = store::sqlite::apply_retention(backups_dir, keep, ".dump");
  return result;
}

int inspect_dump(const fs::path& dump) {
  if (!fs::is_regular_file(dump)) {
    throw std::runtime_error(fmt::format("no dump file at {}", dump.string()));
  }
  auto list = run_client_tool({"pg_restore", "--list", dump.string()}, "");
  if (list.exit_code != 0) {
    throw std::runtime_error(fmt::format("{} is not a pg_dump custom-format archive: {}",
                                         dump.string(), tool_message(list.output, "")));
  }
  bool has_versions = false;
  std::istringstream lines(list.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("TABLE DATA") != std::string::npos &&
        line.find(" schema_version ") != std::string::npos) {
      has_versions = true;
    }
  }
  if (!has_versions) {
    throw std::runtime_error(fmt::format(
        "{} is not a dump of a gofrobot database (no schema_version table)", dump.string()));
  }
  auto data = run_client_tool(
      {"pg_restore", "--data-only", "--table=schema_version", "--file=-", dump.string()}, "");
  if (data.exit_code != 0) {
    throw std::runtime_error(fmt::format("cannot read {}: {}", dump.string(),
                                         tool_message(data.output, "")));
  }
  // The table's rows come as a COPY block: one version per line up to "\.".
  int version = 0;
  bool in_copy = false;
  std::istringstream copy(data.output);
  for (std::string line; std::getline(copy, line);) {
    if (line.starts_with("COPY ") && line.find("schema_version") != std::string::npos) {
      in_copy = true;
    } else if (in_copy && line == "\\.") {
      in_copy = false;
    } else if (in_copy) {
      try {
        version = std::max(version, std::stoi(line));
      } catch (const std::exception&) {
      }
    }
  }
  if (version < 1) {
    throw std::runtime_error(fmt::format("{} has no schema version", dump.string()));
  }
  if (version > store::sql::latest_schema_version()) {
    throw std::runtime_error(fmt::format(
        "{} was written by a newer gofrobot (schema version {}; this build knows up to {}): "
        "upgrade gofrobot before restoring it",
        dump.string(), version, store::sql::latest_schema_version()));
  }
  return version;
}

PgRestoreResult restore_postgres(const std::string& url, const fs::path& dump,
                                 const fs::path& backups_dir,
                                 store::sqlite::Clock::time_point now) {
  PgRestoreResult result;
  result.schema_version = inspect_dump(dump);
  const auto live = inspect_live(url);
  if (live.gofrobot_sessions > 0) {
    throw std::runtime_error(fmt::format(
        "{} other gofrobot session(s) are connected to the database — is the bot running? "
        "Stop it, then restore",
        live.gofrobot_sessions));
  }
  // pg_restore --clean drops only what the dump holds: tables a later migration added would
  // stay and break the migration when the bot runs it again.
  if (live.schema_version > result.schema_version) {
    throw std::runtime_error(fmt::format(
        "the database is at schema version {}, newer than the dump's {}: restore into an "
        "empty database (drop and create it, then restore)",
        live.schema_version, result.schema_version));
  }
  create_dir(backups_dir);
  const auto parts = split_password(url);
  result.previous = dump_to(parts, backups_dir,
                            fmt::format("before-restore-{}.dump",
                                        store::sqlite::backup_stamp(now)),
                            nullptr);
  std::vector<std::string> argv = {"pg_restore",         "--no-password",
                                   "--clean",            "--if-exists",
                                   "--no-owner",         "--single-transaction",
                                   "--exit-on-error",    "--dbname=" + parts.url,
                                   dump.string()};
  result.command = quote_for_display(argv);
  auto run = run_client_tool(argv, parts.password);
  if (run.exit_code != 0) {
    throw std::runtime_error(fmt::format(
        "pg_restore failed (exit status {}), the database is unchanged: {}", run.exit_code,
        tool_message(run.output, parts.password)));
  }
  return result;
}

}  // namespace app
