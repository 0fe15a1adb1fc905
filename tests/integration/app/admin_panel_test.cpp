// The admin panel over real SQLite files (docs/OPERATIONS.md, "Admin panel"): every screen
// and action as an admin, and every one refused to anyone else, forged callback data
// included; what it switches is kept in the database, survives a restart and is followed by
// a second process on the same database.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "app/admin_ops.hpp"
#include "app/backup_command.hpp"
#include "app/storage.hpp"
#include "bot/engine.hpp"
#include "bot/guards/ban_guard.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "unit/bot/bot_harness.hpp"

namespace {

namespace fs = std::filesystem;
using bot::testing::BotHarness;
using bot::testing::kStartTime;

constexpr bot::UserId kAdmin = 1;

// One bot process over the database of `dir`: storage, admin state and services, engine.
struct Process {
  ops::Config config;
  std::unique_ptr<app::Storage> storage;
  game::Random rng{1};
  bot::SessionState state;
  bot::AdminState admin_state;
  std::unique_ptr<app::LiveConfig> live;
  std::unique_ptr<app::AdminOps> ops;
  bot::AdminAccess access;
  std::unique_ptr<bot::Engine> engine;
  std::vector<std::function<void()>> between;
  std::int64_t next_update = 1;
  int broadcast_wakes = 0;
  std::int64_t* shared_update = nullptr;  // processes of one test number their updates together

  Process(const fs::path& dir, std::int64_t* update_counter) : shared_update(update_counter) {
    config.storage.database_url = "sqlite://" + (dir / "bot.db").string();
    config.storage.data_dir = dir.string();
    config.bot.admins = {kAdmin};
    storage = app::Storage::open(config);
    admin_state.refresh(storage->sql());
    auto running = std::make_shared<const ops::Config>(config);
    live = std::make_unique<app::LiveConfig>(app::ConfigSource{dir / "gofrobot.toml"}, running,
                                             [this](std::shared_ptr<const ops::Config> next) {
                                               between.push_back([this, next] {
                                                 config = *next;
                                               });
                                             });
    ops = std::make_unique<app::AdminOps>(app::AdminOps::Parts{
        .version = "test",
        .mode = "test",
        .live = live.get(),
        .cache = &storage->cache(),
        .post = [this](std::function<void()> task) { between.push_back(std::move(task)); },
        .backup = [this](bot::ChatId, bot::UserId) -> bot::BackupStarted {
          return {true, app::take_backup_file(config).description};
        },
        .broadcast_changed = [this] { ++broadcast_wakes; }});
    access = {&admin_state, &storage->sql(), ops.get()};
    engine = std::make_unique<bot::Engine>(storage->store(),
                                           bot::Services{&config, &rng, &state, &access},
                                           "gofrobot");
    engine->add_guard(std::make_unique<bot::BanGuard>());
    engine->add_guard(std::make_unique<bot::MaintenanceGuard>());
  }

  bot::Outcome run(bot::Update u) {
    u.update_id = ++*shared_update;
    auto outcome = engine->process(u, kStartTime);
    for (auto& task : std::exchange(between, {})) task();
    return outcome;
  }
  bot::Outcome send(bot::UserId user, const std::string& text, std::string username = {}) {
    bot::Message m;
    m.message_id = *shared_update + 1;
    m.chat = bot::Chat{user, bot::ChatType::kPrivate, {}};
    m.from = BotHarness::person(user);
    m.from->username = std::move(username);
    m.text = text;
    return run(bot::Update{0, std::move(m)});
  }
  bot::Outcome press(bot::UserId user, const std::string& data) {
    bot::CallbackQuery q;
    q.id = "q" + std::to_string(*shared_update + 1);
    q.from = BotHarness::person(user);
    q.chat = bot::Chat{user, bot::ChatType::kPrivate, {}};
    q.message_id = 50;
    q.data = data;
    return run(bot::Update{0, std::move(q)});
  }
};

struct AdminPanel : ::testing::Test {
  fs::path dir = fs::temp_directory_path() /
                 ("gofrobot-admin-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::int64_t updates = 0;
  std::unique_ptr<Process> bot;

  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "gofrobot.toml") << "[bot]\nadmins = [1]\n";
    bot = std::make_unique<Process>(dir, &updates);
  }
  void TearDown() override {
    bot.reset();
    fs::remove_all(dir);
  }
  std::unique_ptr<Process> another() { return std::make_unique<Process>(dir, &updates); }
  static std::string text(const bot::Outcome& o) { return BotHarness::text(o); }
  static bool has(const bot::Outcome& o, std::string_view part) {
    return text(o).find(part) != std::string::npos;
  }
};

TEST_F(AdminPanel, AnyoneElseIsDeniedAndForgedButtonsChangeNothing) {
  bot->send(5, "/start");
  auto command = bot->send(5, "/admin");
  EXPECT_TRUE(has(command, "⛔ Доступ запрещён")) << text(command);
  EXPECT_TRUE(has(bot->send(5, "/Gofroadmin"), "⛔ Доступ запрещён"));
  for (const char* forged : {"adm_menu", "adm_stats", "adm_maint_on", "adm_ban_5", "adm_ban_6",
                             "adm_nick_5", "adm_cache_clear", "adm_reload", "adm_backup",
                             "adm_audit", "adm_db", "adm_players"}) {
    auto pressed = bot->press(5, forged);
    const auto* answer = BotHarness::answer(pressed);
    ASSERT_NE(answer, nullptr) << forged;
    EXPECT_EQ(answer->text, "⛔ Доступ запрещён") << forged;
    EXPECT_FALSE(answer->show_alert) << forged;  // a toast
    EXPECT_EQ(pressed.actions.size(), 1u) << forged;  // no screen shown
  }
  auto& db = bot->storage->sql();
  EXPECT_TRUE(db.banned_users().empty());
  EXPECT_TRUE(db.bot_states().empty());
  EXPECT_TRUE(db.audit_log(10).empty());
  EXPECT_TRUE(!fs::exists(dir / "backups") || fs::is_empty(dir / "backups"));
  EXPECT_FALSE(bot->admin_state.maintenance_override());
}

TEST_F(AdminPanel, TheMenuAndTheStatisticsShowRealValues) {
  auto menu = bot->send(kAdmin, "/admin");
  EXPECT_TRUE(has(menu, "АДМИНКА")) << text(menu);
  bot->send(5, "/start");
  bot->send(5, "/davka");
  bot->send(6, "/davka");
  auto stats = bot->press(kAdmin, "adm_stats");
  EXPECT_TRUE(has(stats, "👥 Игроков: 2")) << text(stats);  // 5 and 6: the panel makes no player
  EXPECT_TRUE(has(stats, "💩 Давок сегодня: 2")) << text(stats);
  EXPECT_TRUE(has(stats, "👊 Боёв сегодня: 0")) << text(stats);
  EXPECT_TRUE(has(stats, "Версия test")) << text(stats);
  auto group = bot->engine->process(
      [] {
        bot::Message m;
        m.chat = bot::Chat{-100, bot::ChatType::kSupergroup, "Чат"};
        m.from = BotHarness::person(kAdmin);
        m.text = "/admin";
        return bot::Update{999, m};
      }(),
      kStartTime);
  EXPECT_TRUE(has(group, "только в личке")) << text(group);
  // A panel button pressed by the admin in a group shows nothing to the chat.
  std::int64_t group_update = 1000;
  for (const char* data : {"adm_stats", "adm_menu", "adm_db", "adm_maint_on"}) {
    auto pressed = bot->engine->process(
        [data, id = ++group_update] {
          bot::CallbackQuery q;
          q.id = "g";
          q.from = BotHarness::person(kAdmin);
          q.chat = bot::Chat{-100, bot::ChatType::kSupergroup, "Чат"};
          q.message_id = 77;
          q.data = data;
          return bot::Update{id, q};
        }(),
        kStartTime);
    ASSERT_EQ(pressed.actions.size(), 1u) << data << ": " << text(pressed);
    ASSERT_NE(BotHarness::answer(pressed), nullptr) << data;
    EXPECT_TRUE(has(pressed, "только в личке")) << data;
  }
  EXPECT_FALSE(bot->admin_state.maintenance_override());
}

TEST_F(AdminPanel, TheMaintenanceSwitchIsKeptFollowedAndSurvivesARestart) {
  auto replica = another();
  auto on = bot->press(kAdmin, "adm_maint_on");
  EXPECT_TRUE(has(on, "Сейчас: включены")) << text(on);
  EXPECT_TRUE(has(bot->send(5, "/start"), "техническом обслуживании"));
  EXPECT_FALSE(has(bot->send(kAdmin, "/start"), "техническом обслуживании"));  // admins pass
  // The other process follows at its next refresh.
  EXPECT_FALSE(has(replica->send(6, "/start"), "техническом обслуживании"));
  replica->admin_state.refresh(replica->storage->sql());
  EXPECT_TRUE(has(replica->send(6, "/start"), "техническом обслуживании"));
  // A restart keeps it: the switch overrides bot.maintenance = false.
  replica.reset();
  bot = another();
  EXPECT_TRUE(has(bot->send(5, "/start"), "техническом обслуживании"));
  bot->press(kAdmin, "adm_maint_off");
  EXPECT_FALSE(has(bot->send(5, "/start"), "техническом обслуживании"));
  const auto audit = bot->storage->sql().audit_log(10);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "maintenance_off");
  EXPECT_EQ(audit[1].action, "maintenance_on");
  EXPECT_EQ(audit[1].admin_id, kAdmin);
}

TEST_F(AdminPanel, ABanIsKeptFollowedAndAnsweredByOneNotice) {
  bot->send(5, "/start");
  auto replica = another();
  auto banned = bot->press(kAdmin, "adm_ban_5");
  EXPECT_TRUE(has(banned, "⛔ забанен")) << text(banned);
  auto first = bot->send(5, "/start");
  EXPECT_EQ(text(first), std::string(bot::kBannedText) + "\n");
  EXPECT_TRUE(first.committed);
  auto second = bot->send(5, "/davka");
  EXPECT_TRUE(second.actions.empty()) << text(second);  // one notice, then silence
  EXPECT_EQ(bot->storage->store().find_player(5)->total_davki, 0);
  auto button = bot->press(5, "davka");
  ASSERT_NE(BotHarness::answer(button), nullptr);
  EXPECT_EQ(BotHarness::answer(button)->text, bot::kBannedText);
  // Another process follows; a restart keeps it.
  replica->admin_state.refresh(replica->storage->sql());
  EXPECT_EQ(text(replica->send(5, "/start")), std::string(bot::kBannedText) + "\n");
  EXPECT_TRUE(has(bot->press(kAdmin, "adm_ban_1"), "Админа не забанить"));
  EXPECT_EQ(bot->storage->sql().banned_users(), std::vector<bot::UserId>{5});
  bot->press(kAdmin, "adm_unban_5");
  EXPECT_TRUE(has(bot->send(5, "/start"), "Здарова"));
  EXPECT_TRUE(bot->storage->sql().banned_users().empty());
}

TEST_F(AdminPanel, PlayersAreFoundByIdUsernameOrNickname) {
  bot->send(5, "/start", "Vasya_Pro");
  bot->press(kAdmin, "adm_players");
  auto by_username = bot->send(kAdmin, "@vasya_pro");
  EXPECT_TRUE(has(by_username, "👤 ИГРОК 5")) << text(by_username);
  bot->press(kAdmin, "adm_players");
  EXPECT_TRUE(has(bot->send(kAdmin, "#5"), "👤 ИГРОК 5"));
  bot->press(kAdmin, "adm_players");
  EXPECT_TRUE(has(bot->send(kAdmin, "5"), "👤 ИГРОК 5"));
  bot->press(kAdmin, "adm_players");
  EXPECT_TRUE(has(bot->send(kAdmin, game::default_nickname(5)), "👤 ИГРОК 5"));
  bot->press(kAdmin, "adm_players");
  EXPECT_TRUE(has(bot->send(kAdmin, "@nobody_here"), "Не нашёл"));
  // Without the prompt, a message is not a lookup.
  EXPECT_FALSE(has(bot->send(kAdmin, "#5"), "ИГРОК"));
}

TEST_F(AdminPanel, ResettingANicknameGivesTheFreeChangeBack) {
  bot->send(5, "/start");
  auto p = *bot->storage->store().find_player(5);
  p.nickname = "Кабан";
  p.nickname_changed = true;
  store::ChangeSet c;
  c.players = {p};
  bot->storage->store().write(c);
  auto reset = bot->press(kAdmin, "adm_nick_5");
  EXPECT_TRUE(has(reset, game::default_nickname(5))) << text(reset);
  const auto after = *bot->storage->store().find_player(5);
  EXPECT_EQ(after.nickname, game::default_nickname(5));
  EXPECT_FALSE(after.nickname_changed);
  const auto audit = bot->storage->sql().audit_log(1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].detail, "user 5: Кабан");
  EXPECT_TRUE(has(bot->press(kAdmin, "adm_nick_777"), "Игрока 777 нет"));
  EXPECT_FALSE(bot->storage->store().find_player(777));      // and not created
}

TEST_F(AdminPanel, ReloadBackupDatabaseSystemAndAudit) {
  std::ofstream(dir / "gofrobot.toml") << "[bot]\nadmins = [1]\n[balance]\natm_max = 6\n";
  auto reload = bot->press(kAdmin, "adm_reload");
  EXPECT_TRUE(has(reload, "применено: balance.atm_max")) << text(reload);
  EXPECT_EQ(bot->config.balance.atm_max, 6);  // swapped after the update
  std::ofstream(dir / "gofrobot.toml") << "[balance]\natm_max = 0\n";
  EXPECT_TRUE(has(bot->press(kAdmin, "adm_reload"), "не принят"));
  EXPECT_EQ(bot->config.balance.atm_max, 6);

  auto backup = bot->press(kAdmin, "adm_backup");
  EXPECT_TRUE(has(backup, "backup written")) << text(backup);
  EXPECT_FALSE(fs::is_empty(dir / "backups"));

  bot->send(5, "/start");
  auto db = bot->press(kAdmin, "adm_db");
  EXPECT_TRUE(has(db, "Версия схемы: " + std::to_string(store::sql::latest_schema_version())))
      << text(db);
  EXPECT_TRUE(has(db, "• users: 1")) << text(db);

  auto cleared = bot->press(kAdmin, "adm_cache_clear");
  EXPECT_TRUE(has(cleared, "Сброшено: 1 игроков")) << text(cleared);
  EXPECT_EQ(bot->storage->cache().size(), 0u);  // emptied after the update that asked

  auto audit = bot->press(kAdmin, "adm_audit");
  for (const char* action : {"reload: applied", "reload: refused", "backup", "clear_caches"}) {
    EXPECT_TRUE(has(audit, action)) << action << "\n" << text(audit);
  }
}

TEST_F(AdminPanel, ABroadcastIsPreviewedConfirmedKeptAndStopped) {
  bot->send(5, "/start");                      // a private chat: a recipient
  bot->send(kAdmin, "/start");                 // so is the admin
  auto screen = bot->press(kAdmin, "adm_bc");
  EXPECT_TRUE(has(screen, "сейчас это 2")) << text(screen);
  auto preview = bot->send(kAdmin, "  Новый сезон!  ");
  EXPECT_TRUE(has(preview, "ПРЕДПРОСМОТР")) << text(preview);
  EXPECT_TRUE(has(preview, "Новый сезон!\n\n— Получателей: 2")) << text(preview);
  // Someone else's forged confirmation does nothing.
  EXPECT_EQ(BotHarness::answer(bot->press(5, "adm_bc_send"))->text, "⛔ Доступ запрещён");
  EXPECT_FALSE(bot->storage->sql().running_broadcast());
  auto sent = bot->press(kAdmin, "adm_bc_send");
  EXPECT_TRUE(has(sent, "РАССЫЛКА (идёт)")) << text(sent);
  auto running = bot->storage->sql().running_broadcast();
  ASSERT_TRUE(running);
  EXPECT_EQ(running->text, "Новый сезон!");
  EXPECT_EQ(running->recipients, 2);
  EXPECT_EQ(running->created_by, kAdmin);
  EXPECT_EQ(running->progress_message, 50);  // the pressed message shows the progress
  EXPECT_EQ(bot->broadcast_wakes, 1);
  // The same confirmation again: the draft is gone, nothing doubles.
  EXPECT_TRUE(has(bot->press(kAdmin, "adm_bc_send"), "Черновика нет"));
  EXPECT_EQ(bot->storage->sql().broadcast_recipients(0, 0, 10),
            (std::vector<bot::UserId>{kAdmin, 5}));
  auto stopped = bot->press(kAdmin, "adm_bc_stop");
  EXPECT_TRUE(has(stopped, "остановлена")) << text(stopped);
  EXPECT_FALSE(bot->storage->sql().running_broadcast());
  EXPECT_EQ(bot->storage->sql().broadcast(running->id)->state, "cancelled");
  const auto audit = bot->storage->sql().audit_log(2);
  EXPECT_EQ(audit[0].action, "broadcast_stop");
  EXPECT_EQ(audit[1].action, "broadcast_start");
  // Too long a text is refused and asked again.
  bot->press(kAdmin, "adm_bc");
  EXPECT_TRUE(has(bot->send(kAdmin, std::string(3801, 'x')), "Длинновато"));
  EXPECT_TRUE(has(bot->send(kAdmin, "ok"), "ПРЕДПРОСМОТР"));
  EXPECT_TRUE(has(bot->press(kAdmin, "adm_bc_drop"), "ничего не ушло"));
}

}  // namespace

