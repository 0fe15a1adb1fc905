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

  auto changes = work.changes();
  std::vector<game::UserId> written;
  for (const auto& p : changes.players) written.push_back(p.user_id);
  EXPECT_EQ(written, (std::vector<game::UserId>{1, 2, 4}));
  EXPECT_EQ(changes.nickname_unchanged, (std::vector<game::UserId>{1}));
}

}  // namespace
