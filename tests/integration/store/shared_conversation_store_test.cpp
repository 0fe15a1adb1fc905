// Conversation state kept in the database for several replicas (Store::shares_conversation):
// PostgreSQL shares it (SQLite, one process, does not); prompts and challenges written with
// change sets are read back by another process, expired ones are not, a challenge is taken
// once (a second take, or a take of an expired one, throws ChallengeGone and writes nothing
// of its change set), and pruning drops what expired.
#include <gtest/gtest.h>

#include "integration/store/store_fixture.hpp"

namespace store_test {
namespace {

using store::ConversationWrite;
using K = store::ConversationWrite::Kind;
constexpr game::UnixTime kNow = 1'700'000'000;  // in the past: pruning reads the real clock

class SharedConversationStore : public StoreTest {};

store::ChangeSet with(std::vector<ConversationWrite> writes, std::int64_t update_id) {
  store::ChangeSet c;
  c.update_id = update_id;
  c.conversation = std::move(writes);
  return c;
}

TEST_P(SharedConversationStore, PromptsAndChallengesAreSharedAndTakenOnce) {
  if (!postgres()) {
    EXPECT_FALSE(store().shares_conversation());  // one process: kept in memory
    return;
  }
  ASSERT_TRUE(store().shares_conversation());
  auto& other = second_store();
  const store::StoredChallenge fight{-5, 1, 2, 42.5, kNow + 300};
  const store::StoredChallenge stale{-5, 3, 2, 10.0, kNow - 1};
  store().write(with({{K::kPromptSet, 7, 7, kNow + 60, {}, 0},
                      {K::kPromptSet, 8, 8, kNow - 1, {}, 0},  // expired already
                      {K::kOffer, -5, 1, 0, fight, 0},
                      {K::kOffer, -5, 3, 0, stale, 0}},
                     1));
  const std::pair<game::ChatId, game::UserId> keys[] = {{7, 7}, {8, 8}, {9, 9}};
  EXPECT_EQ(other.nickname_prompts(keys, kNow), (std::vector<std::pair<game::ChatId, game::UserId>>{{7, 7}}));
  const game::ChatId chats[] = {-5, -6};
  const auto found = other.challenges(chats, kNow);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].attacker, 1);
  EXPECT_EQ(found[0].target, 2);
  EXPECT_DOUBLE_EQ(found[0].chance, 42.5);
  EXPECT_EQ(found[0].expires_at, kNow + 300);

  // Taken once through the other process; the second take is refused, with nothing of its
  // change set written (its update id neither).
  other.write(with({{K::kTake, -5, 1, 0, fight, kNow}, {K::kPromptClear, 7, 7, 0, {}, 0}}, 2));
  EXPECT_TRUE(store().nickname_prompts(keys, kNow).empty());
  EXPECT_THROW(store().write(with({{K::kTake, -5, 1, 0, fight, kNow}}, 3)), store::ChallengeGone);
  EXPECT_FALSE(store().update_processed(3));
  // An expired challenge cannot be taken either.
  EXPECT_THROW(store().write(with({{K::kTake, -5, 3, 0, stale, kNow}}, 4)), store::ChallengeGone);

  // Pruning forgets what expired (and keeps what is live).
  store().write(with({{K::kPromptSet, 9, 9, game::UnixTime{4'000'000'000}, {}, 0}}, 5));
  store().prune_processed_updates(0);
  auto rows = connect()->query("SELECT count(*) FROM nickname_prompts");
  EXPECT_EQ(rows.front().integer(0), 1);  // 8's expired one is gone, 9's stays
  rows = connect()->query("SELECT count(*) FROM fight_challenges");
  EXPECT_EQ(rows.front().integer(0), 0);
}

GOFROBOT_INSTANTIATE_ENGINES(SharedConversationStore);

}  // namespace
}  // namespace store_test
