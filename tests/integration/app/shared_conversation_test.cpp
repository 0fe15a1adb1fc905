// Two replicas on one PostgreSQL (two app::Storage on one schema, each with its own cache,
// session state and engine), as in scale-out without Redis: a fight offered through one is
// confirmed through the other, once, and refused afterwards on either; a nickname asked for
// by one is typed to the other; two replicas confirming the same fight at the same moment
// play it once. Skipped without PostgreSQL (a failure under CI).
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "app/storage.hpp"
#include "bot/engine.hpp"
#include "store/postgres/pg_connection.hpp"
#include "unit/bot/bot_harness.hpp"

namespace {

using bot::testing::BotHarness;
using bot::testing::kStartTime;

std::string pg_url() {
  const char* url = std::getenv("GOFROBOT_TEST_PG_URL");
  return url ? url : "";
}

struct Replica {
  explicit Replica(const ops::Config& c) : config(c) {
    storage = app::Storage::open(config);
    engine = std::make_unique<bot::Engine>(storage->store(),
                                           bot::Services{&config, &rng, &state}, "gofrobot");
  }
  ops::Config config;
  std::unique_ptr<app::Storage> storage;
  game::Random rng{1};
  bot::SessionState state;
  std::unique_ptr<bot::Engine> engine;

  bot::Outcome run(bot::Update u) { return engine->process(u, kStartTime); }
};

class SharedConversation : public ::testing::Test {
 protected:
  void SetUp() override {
    if (pg_url().empty()) {
      if (std::getenv("CI")) FAIL() << "GOFROBOT_TEST_PG_URL is not set under CI";
      GTEST_SKIP() << "GOFROBOT_TEST_PG_URL is not set (scripts/pg-test-server.sh)";
    }
    std::random_device entropy;
    schema_ = "conv_" + std::to_string((static_cast<std::uint64_t>(entropy()) << 32) ^ entropy());
    store::postgres::PgConnection::open(pg_url())->execute_script("CREATE SCHEMA " + schema_);
    ops::Config config;
    const char* sep = pg_url().find('?') == std::string::npos ? "?" : "&";
    config.storage.database_url = pg_url() + sep + "options=-csearch_path%3D" + schema_;
    config.storage.postgres_pool_size = 2;
    a_ = std::make_unique<Replica>(config);
    b_ = std::make_unique<Replica>(config);
  }
  void TearDown() override {
    a_.reset();
    b_.reset();
    if (!schema_.empty()) {
      store::postgres::PgConnection::open(pg_url())->execute_script("DROP SCHEMA IF EXISTS " +
                                                                    schema_ + " CASCADE");
    }
  }

  bot::Update group_fight(bot::ChatId chat, bot::UserId attacker, bot::UserId target) {
    bot::Message m;
    m.message_id = ++message_id_;
    m.chat = bot::Chat{chat, bot::ChatType::kSupergroup, "Гофрочат"};
    m.from = BotHarness::person(attacker);
    m.text = "/fight";
    m.reply_to_message_id = m.message_id - 1;
    m.reply_to_from = BotHarness::person(target);
    return bot::Update{++update_id_, std::move(m)};
  }
  bot::Update press(bot::ChatId chat, bot::UserId user, const std::string& data) {
    bot::CallbackQuery q;
    q.id = "cb" + std::to_string(++update_id_);
    q.from = BotHarness::person(user);
    q.chat = bot::Chat{chat, chat < 0 ? bot::ChatType::kSupergroup : bot::ChatType::kPrivate,
                       chat < 0 ? "Гофрочат" : ""};
    q.message_id = 100;
    q.data = data;
    return bot::Update{update_id_, std::move(q)};
  }
  bot::Update text(bot::UserId user, const std::string& t) {
    bot::Message m;
    m.message_id = ++message_id_;
    m.chat = bot::Chat{user, bot::ChatType::kPrivate, {}};
    m.from = BotHarness::person(user);
    m.text = t;
    return bot::Update{++update_id_, std::move(m)};
  }
  std::int64_t fights_of(bot::UserId user) {
    const auto s = a_->storage->store().fight_stats(user);
    return s.wins + s.losses;
  }

  std::string schema_;
  std::unique_ptr<Replica> a_, b_;
  std::int64_t update_id_ = 1000;
  std::int64_t message_id_ = 10;
};

TEST_F(SharedConversation, AFightOfferedThroughOneReplicaIsConfirmedThroughTheOtherOnce) {
  ASSERT_TRUE(a_->storage->store().shares_conversation());
  auto offered = a_->run(group_fight(-100, 1, 2));
  ASSERT_NE(BotHarness::text(offered).find("ВЫЗОВ НА РАДЁМКУ"), std::string::npos)
      << BotHarness::text(offered);
  auto played = b_->run(press(-100, 1, "chat_fight_2"));
  EXPECT_NE(BotHarness::text(played).find("Результат радёмки"), std::string::npos)
      << BotHarness::text(played);
  EXPECT_EQ(fights_of(1), 1);
  // Single use, on either replica: A still held the challenge in memory, and learns it is gone.
  for (auto* r : {a_.get(), b_.get()}) {
    auto again = r->run(press(-100, 1, "chat_fight_2"));
    EXPECT_NE(BotHarness::text(again).find("недействителен"), std::string::npos)
        << BotHarness::text(again);
  }
  EXPECT_EQ(fights_of(1), 1);
  // Someone else pressing the attacker's button is told it is not theirs, on the other replica.
  a_->run(group_fight(-100, 1, 2));
  auto foreign = b_->run(press(-100, 3, "chat_fight_2"));
  EXPECT_NE(BotHarness::text(foreign).find("не твоя радёмка"), std::string::npos)
      << BotHarness::text(foreign);
}

TEST_F(SharedConversation, ANicknameAskedForByOneReplicaIsTypedToTheOther) {
  auto asked = a_->run(press(7, 7, "change_nickname"));
  ASSERT_FALSE(asked.failed) << BotHarness::text(asked);
  auto typed = b_->run(text(7, "Гофролорд"));
  EXPECT_NE(BotHarness::text(typed).find("Ник изменён"), std::string::npos) << BotHarness::text(typed);
  EXPECT_EQ(b_->storage->store().find_player(7)->nickname, "Гофролорд");
  // The prompt is answered: the next text, on A, is no nickname any more.
  a_->run(text(7, "Другойник"));
  a_->storage->cache().clear();
  EXPECT_EQ(a_->storage->store().find_player(7)->nickname, "Гофролорд");
}

TEST_F(SharedConversation, TwoReplicasConfirmingOneFightAtOnceplayItOnce) {
  for (int round = 0; round < 8; ++round) {  // within the game's 10 fights an hour
    const bot::ChatId chat = -200 - round;
    ASSERT_NE(BotHarness::text(a_->run(group_fight(chat, 11, 12))).find("ВЫЗОВ"), std::string::npos);
    const auto pa = press(chat, 11, "chat_fight_12");
    const auto pb = press(chat, 11, "chat_fight_12");
    bot::Outcome oa, ob;
    std::thread ta([&] { oa = a_->run(pa); });
    std::thread tb([&] { ob = b_->run(pb); });
    ta.join();
    tb.join();
    EXPECT_TRUE(oa.committed && ob.committed);
    const bool a_played = BotHarness::text(oa).find("Результат радёмки") != std::string::npos;
    const bool b_played = BotHarness::text(ob).find("Результат радёмки") != std::string::npos;
    EXPECT_NE(a_played, b_played) << "round " << round << ": " << BotHarness::text(oa) << " | "
                                  << BotHarness::text(ob);
  }
  EXPECT_EQ(fights_of(11), 8);
}

}  // namespace
