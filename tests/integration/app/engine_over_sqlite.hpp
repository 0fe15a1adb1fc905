#pragma once
// The engine over the real SQLite storage (app::Storage: the player cache in front of a
// SQLite file) in a temporary folder of its own, for tests that make the storage fail under
// it. A base for their fixtures: open() in SetUp, close() in TearDown.
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app/storage.hpp"
#include "bot/engine.hpp"
#include "unit/bot/bot_harness.hpp"

namespace test_support {

struct EngineOverSqliteFile {
  std::filesystem::path dir;
  ops::Config config;
  std::unique_ptr<app::Storage> storage;
  game::Random rng;
  bot::SessionState state;
  std::unique_ptr<bot::Engine> engine;

  // `name`: part of the folder's name, unique among the tests of this process.
  EngineOverSqliteFile(const std::string& name, std::uint64_t seed)
      : dir(std::filesystem::temp_directory_path() /
            ("gofrobot-" + name + "-" + std::to_string(::getpid()))),
        rng(seed) {
    config.storage.database_url = "sqlite://" + (dir / "bot.db").string();
    config.storage.data_dir = dir.string();
  }

  void open() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    storage = app::Storage::open(config);
    engine = std::make_unique<bot::Engine>(storage->store(),
                                           bot::Services{&config, &rng, &state}, "gofrobot");
  }
  void close() {
    engine.reset();
    storage.reset();
    std::filesystem::remove_all(dir);
  }

  // A private text message of `user`.
  static bot::Update private_text(std::int64_t update_id, bot::UserId user, std::string text) {
    bot::Message m;
    m.message_id = update_id;
    m.chat = bot::Chat{user, bot::ChatType::kPrivate, {}};
    m.from = bot::testing::BotHarness::person(user);
    m.text = std::move(text);
    return bot::Update{update_id, std::move(m)};
  }
};

}  // namespace test_support
