// gofrobot: the command line. Wires configuration, storage and the bot engine together.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <random>

#include "app/admin_ops.hpp"
#include "app/terminal_play.hpp"
#include "bot/guards/ban_guard.hpp"
#include "bot/engine.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "ops/config.hpp"
#include "app/backup_command.hpp"
#include "app/bot_runner.hpp"
#include "app/build_info.hpp"
#include "app/healthcheck_command.hpp"
#include "app/legacy_import.hpp"
#include "app/process_hardening.hpp"
#include "app/simulate_command.hpp"
#include "app/logging.hpp"
#include "app/storage.hpp"

namespace {

app::ConfigSource source_of(const std::string& file) {
  return {file.empty() ? std::nullopt : std::optional<std::filesystem::path>(file)};
}

// Loads and validates the configuration; prints every problem and returns nullopt on error.
std::optional<ops::Config> load(const std::string& file) {
  auto result = app::load_from(source_of(file));
  if (!result.ok()) {
    std::cerr << "gofrobot: invalid configuration ("
              << (result.file ? result.file->string() : std::string("defaults")) << "):\n"
              << ops::describe(result.errors);
    return std::nullopt;
  }
  return result.config;
}

using app::setup_logging;

int play(const std::string& config_file, std::optional<std::uint64_t> seed) {
  auto config = load(config_file);
  if (!config) return 2;
  setup_logging(*config, /*quiet=*/true);
  std::unique_ptr<app::Storage> storage;
  try {
    storage = app::Storage::open(*config);
  } catch (const std::exception& e) {
    std::cerr << "gofrobot: cannot open the database: " << e.what() << '\n';
    return 1;
  }
  auto& store = storage->store();
  game::Random rng(seed ? *seed : std::random_device{}());
  bot::SessionState state;
  auto running = std::make_shared<const ops::Config>(*config);
  // The admin panel works here too (`:user` with an id of bot.admins): its tasks for the
  // engine run between two updates.
  std::vector<std::function<void()>> between_updates;
  bot::AdminState admin_state;
  admin_state.refresh(storage->sql());
  bot::AdminAccess admin_access{&admin_state, &storage->sql(), nullptr};
  bot::Engine engine(store, bot::Services{running.get(), &rng, &state, &admin_access},
                     config->bot.username.empty() ? "gofrobot" : config->bot.username);
  engine.add_guard(std::make_unique<bot::BanGuard>());
  engine.add_guard(std::make_unique<bot::MaintenanceGuard>());
  app::LiveConfig live(source_of(config_file), running, [&](std::shared_ptr<const ops::Config> next) {
    between_updates.push_back([&, next] {
      running = next;
      engine.set_config(next.get());
      storage->sql().set_balance(next->balance);
    });
  });
  app::AdminOps admin_ops(
      {.version = std::string(app::build_version()),
       .mode = "terminal",
       .live = &live,
       .cache = &storage->cache(),
       .post = [&](std::function<void()> task) { between_updates.push_back(std::move(task)); },
       .backup = [&](bot::ChatId, bot::UserId) -> bot::BackupStarted {
         try {
           return {true, "💾 Бэкап готов: " + app::take_backup_file(*config).description};
         } catch (const std::exception& e) {
           return {false, std::string("❌ Бэкап не удался: ") + e.what()};
         }
       }});
  admin_access.services = &admin_ops;
  app::PlayOptions options;
  options.echo_input = isatty(STDIN_FILENO) == 0;
  options.between_updates = [&] {
    auto tasks = std::move(between_updates);
    between_updates.clear();
    for (auto& task : tasks) task();
  };
  return app::run_terminal_play(engine, store, std::cin, std::cout, options);
}

int run(const std::string& config_file) {
  auto config = load(config_file);
  if (!config) return 2;
  setup_logging(*config, /*quiet=*/false);
  app::warn_when_root();
  return app::run_bot(*config, source_of(config_file));
}

int migrate(const ops::Config& config) {
  auto db = app::connect(config);
  auto report = store::sql::migrate(*db, config.balance);
  std::cout << "schema version " << report.from << " -> " << report.to << '\n';
  return 0;
}

struct SimulateArgs {
  std::size_t players = 1000;
  int days = 30;
  std::uint64_t seed = 1;
  std::string out = "sim";
  std::string compare;
  std::string mix;
};

// "grinder=2,casual=5": the shares of the habits; those not named get none.
bool parse_mix(const std::string& text, std::array<double, sim::kHabitCount>& mix) {
  if (text.empty()) return true;
  mix.fill(0);
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, end - start);
    const auto eq = item.find('=');
    bool known = false;
    for (sim::Habit h : sim::kHabits) {
      if (eq != std::string::npos && item.substr(0, eq) == sim::habit_key(h)) {
        try {
          mix[sim::index_of(h)] = std::stod(item.substr(eq + 1));
        } catch (const std::exception&) {
          return false;
        }
        known = mix[sim::index_of(h)] >= 0;
      }
    }
    if (!known) return false;
    start = end + 1;
  }
  double total = 0;
  for (double share : mix) total += share;
  return total > 0;
}

int simulate(const std::string& config_file, const SimulateArgs& args) {
  auto config = load(config_file);
  if (!config) return 2;
  app::SimulateRequest request;
  request.options.players = args.players;
  request.options.days = args.days;
  request.options.seed = args.seed;
  if (!parse_mix(args.mix, request.options.mix)) {
    std::cerr << "gofrobot simulate: --mix takes HABIT=SHARE,... with habits grinder, "
                 "twice_daily, fighter, casual and shares >= 0, not all zero\n";
    return 2;
  }
  request.balance = config->balance;
  // What the panels call it: the file given, or the one load() found, or the defaults.
  if (!config_file.empty()) {
    request.balance_name = config_file;
  } else {
    request.balance_name =
        std::filesystem::exists(ops::kDefaultConfigFile) ? std::string(ops::kDefaultConfigFile) : "defaults";
  }
  if (!args.compare.empty()) {
    auto other = load(args.compare);
    if (!other) return 2;
    request.compare = other->balance;
    request.compare_name = args.compare;
  }
  request.out = args.out;
  return app::run_simulate(request, std::cout, std::cerr);
}

int check_config(const std::string& file) {
  auto config = load(file);
  if (!config) return 2;
  std::cout << "configuration OK\n" << ops::redacted_summary(*config);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  app::harden_process();
  CLI::App cli{"Gofrobot — the Telegram game «Пацаны с гофроцентрала»"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", std::string(app::build_version()) + " (" +
                                        std::string(app::build_revision()) + ")");
  std::string config_file;
  cli.add_option("-c,--config", config_file, "configuration file (default config/gofrobot.toml)");

  auto* play_cmd = cli.add_subcommand("play", "play the game in this terminal, no Telegram needed");
  std::optional<std::uint64_t> seed;
  play_cmd->add_option("--seed", seed, "seed of the random source (repeatable sessions)");
  auto* run_cmd = cli.add_subcommand("run", "run the bot on Telegram (long polling or webhook)");
  auto* migrate_cmd = cli.add_subcommand("migrate", "bring the database to the latest schema");
  auto* backup_cmd =
      cli.add_subcommand("backup", "take a consistent backup of the database now (DATA_DIR/backups)");
  auto* restore_cmd =
      cli.add_subcommand("restore", "replace the database by a backup (stop the bot first)");
  std::string restore_file;
  restore_cmd->add_option("file", restore_file, "the backup file to restore")->required();
  auto* import_cmd = cli.add_subcommand(
      "import-legacy", "import the players, fights and chats of the original bot's database");
  std::string import_file;
  import_cmd->add_option("file", import_file, "the original bot_database.db (only read)")
      ->required();
  auto* check_cmd = cli.add_subcommand("check-config", "validate the configuration and exit");
  std::string check_file;
  check_cmd->add_option("file", check_file, "configuration file to check");

  auto* simulate_cmd = cli.add_subcommand(
      "simulate", "simulate players of a few habits on the configured balance: CSV and plots");
  SimulateArgs sim_args;
  simulate_cmd->fallthrough();  // `simulate --config FILE` as well as `--config FILE simulate`
  simulate_cmd->add_option("--players", sim_args.players, "simulated players")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  simulate_cmd->add_option("--days", sim_args.days, "simulated days")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  simulate_cmd->add_option("--seed", sim_args.seed, "seed: the same seed gives the same CSV")
      ->capture_default_str();
  simulate_cmd->add_option("--out", sim_args.out, "directory of the CSV files and pictures")
      ->capture_default_str();
  simulate_cmd->add_option("--compare", sim_args.compare,
                           "another configuration: both balances on the same seed, side by side");
  simulate_cmd->add_option("--mix", sim_args.mix,
                           "shares of the habits, e.g. grinder=1,twice_daily=3,fighter=1,casual=5");

  auto* healthcheck_cmd = cli.add_subcommand(
      "healthcheck", "ask the running bot's /health on ops.listen: exit 0 when it answers 200");
  healthcheck_cmd->fallthrough();  // `healthcheck --config FILE` as well
  int healthcheck_timeout_ms = 3000;
  healthcheck_cmd->add_option("--timeout-ms", healthcheck_timeout_ms, "give up after this long")
      ->capture_default_str()
      ->check(CLI::Range(1, 60'000));

  CLI11_PARSE(cli, argc, argv);
  try {
    if (*play_cmd) return play(config_file, seed);
    if (*run_cmd) return run(config_file);
    if (*simulate_cmd) return simulate(config_file, sim_args);
    if (*healthcheck_cmd) {
      auto config = load(config_file);
      if (!config) return 2;
      return app::run_healthcheck(*config, std::chrono::milliseconds(healthcheck_timeout_ms),
                                  std::cout, std::cerr);
    }
    if (*migrate_cmd || *backup_cmd || *restore_cmd || *import_cmd) {
      auto config = load(config_file);
      if (!config) return 2;
      setup_logging(*config, /*quiet=*/true);
      if (*migrate_cmd) return migrate(*config);
      if (*backup_cmd) return app::run_backup(*config, std::cout, std::cerr);
      if (*restore_cmd) return app::run_restore(*config, restore_file, std::cout, std::cerr);
      return app::run_import_legacy(*config, import_file, std::cout, std::cerr);
    }
    if (*check_cmd) return check_config(check_file.empty() ? config_file : check_file);
  } catch (const std::exception& e) {
    std::cerr << "gofrobot: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
