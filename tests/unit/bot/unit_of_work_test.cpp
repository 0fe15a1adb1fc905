// What a unit of work hands the store: the changed players, and among them those whose
// nickname is the one loaded (the store may leave it unwritten).
#include "bot/unit_of_work.hpp"

#include <gtest/gtest.h>

#include "store/memory_store.hpp"

namespace {

constexpr game::UnixTime kNow = 1'700'000'000;

TEST(UnitOfWork, ListsTheChangedPlayersWhoseNicknameIsAsLoaded) {
  game::Balance balance;
  store::MemoryStore store;
  store::ChangeSet stored;
  for (game::UserId id : {1, 2, 3}) {
    auto p = game::new_player(id, kNow, balance);
    p.nickname = "Пацан" + std::to_string(id);
    stored.players.push_back(p);
  }
  store.write(stored);

  bot::UnitOfWork work(store, balance, kNow);
  auto& kept = work.player(1);
  kept.gofra_mm += 5;
  work.changed(kept);
  auto& renamed = work.player(2);
  renamed.nickname = "Новый";
  work.changed(renamed);
  work.player(3);  // read, not changed: not written at all
  auto& created = work.player(4);
  created.nickname = "Свежий";
  work.changed(created);

  auto changes = work.take_changes();
  std::vector<game::UserId> written;
  for (const auto& p : changes.players) written.push_back(p.user_id);
  EXPECT_EQ(written, (std::vector<game::UserId>{1, 2, 4}));
  EXPECT_EQ(changes.nickname_unchanged, (std::vector<game::UserId>{1}));
}

TEST(UnitOfWork, HandsOverNewPlayersChangedMembersFightsAndChatsOnce) {
  game::Balance balance;
  store::MemoryStore store;
  bot::UnitOfWork work(store, balance, kNow);
  work.player(7);  // created: written although the handler changed nothing
  auto& member = work.chat_member(-100, 7);
  member.total_davki += 1;
  work.changed(member);
  work.chat_member(-100, 8);  // read only
  work.record_fight({7, 8, kNow});
  work.register_chat({-100, "Чат", "group", true, kNow, kNow});

  auto changes = work.take_changes();
  ASSERT_EQ(changes.players.size(), 1U);
  EXPECT_EQ(changes.players[0].user_id, 7);
  EXPECT_TRUE(changes.nickname_unchanged.empty());  // a new player's nickname is written
  ASSERT_EQ(changes.chat_members.size(), 1U);
  EXPECT_EQ(changes.chat_members[0].before.total_davki, 0);
  EXPECT_EQ(changes.chat_members[0].after.total_davki, 1);
  EXPECT_EQ(changes.fights.size(), 1U);
  EXPECT_EQ(changes.chats.size(), 1U);
  EXPECT_TRUE(work.take_changes().empty());
}

}  // namespace
