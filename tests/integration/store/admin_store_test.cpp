// The admin panel's tables (schema 6) on both durable engines, against the MemoryStore's
// semantics: contacts upserted as they change, bans, the shared switches, the audit, the
// day's counts (one increment per batch, none for a change set refused or a batch rolled
// back), and what another process sees.
#include <gtest/gtest.h>

#include "store/memory_store.hpp"
#include "store_fixture.hpp"

namespace {

using store::ChangeSet;

ChangeSet contact(game::UserId id, std::string username, bool private_chat) {
  ChangeSet c;
  c.contacts.push_back({id, std::move(username), private_chat});
  return c;
}

class AdminStoreTest : public store_test::StoreTest {};

TEST_P(AdminStoreTest, ContactsFollowTheUsernameAndStayPrivateOnceSeenPrivately) {
  store().write(contact(5, "vasya", false));
  EXPECT_EQ(store().user_by_username("vasya"), 5);
  store().write(contact(5, "vasya_pro", true));
  EXPECT_EQ(store().user_by_username("vasya"), std::nullopt);
  EXPECT_EQ(store().user_by_username("vasya_pro"), 5);
  store().write(contact(5, "vasya_pro", false));  // seen in a group afterwards: still private
  auto rows = db().query("SELECT private_chat FROM contacts WHERE user_id = 5");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].integer(0), 1);
  EXPECT_EQ(store().user_by_username(""), std::nullopt);  // no username is no match for ""
  store().write(contact(6, "", false));
  EXPECT_EQ(store().user_by_username("nobody"), std::nullopt);
}

TEST_P(AdminStoreTest, BansStatesAndAuditAreKeptAndSeenByAnotherProcess) {
  ChangeSet c;
  c.update_id = 1;
  c.admin().bans.push_back({7, true, 1, store_test::kNow});
  c.admin().bans.push_back({8, true, 1, store_test::kNow});
  c.admin().bot_states.push_back({"maintenance", "on", 1, store_test::kNow});
  c.admin().audit.push_back({store_test::kNow, 1, "ban", "user 7"});
  c.admin().audit.push_back({store_test::kNow + 1, 1, "maintenance_on", ""});
  store().write(c);
  ChangeSet unban;
  unban.admin().bans.push_back({8, false, 1, store_test::kNow});
  unban.admin().bans.push_back({7, true, 1, store_test::kNow});  // banned again: still one row
  unban.admin().bot_states.push_back({"maintenance", "off", 2, store_test::kNow});
  store().write(unban);

  auto& other = second_store();
  EXPECT_EQ(other.banned_users(), std::vector<game::UserId>{7});
  EXPECT_EQ(other.bot_states(), (std::map<std::string, std::string>{{"maintenance", "off"}}));
  auto audit = other.audit_log(10);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "maintenance_on");  // newest first
  EXPECT_EQ(audit[1], (store::AuditEntry{store_test::kNow, 1, "ban", "user 7"}));
  EXPECT_EQ(other.audit_log(1).size(), 1u);
}

TEST_P(AdminStoreTest, DailyCountsAddUpPerBatchAndIgnoreWhatWasNotCommitted) {
  const std::int64_t day = store_test::kNow / 86400;
  auto davkas = [&](int n, std::int64_t update_id) {
    ChangeSet c;
    c.update_id = update_id;
    c.davkas = n;
    c.day = day;
    return c;
  };
  store().begin();
  store().apply(davkas(1, 1));
  store().apply(davkas(2, 2));
  ChangeSet fight;
  fight.fights.push_back({3, 4, store_test::kNow});
  fight.day = day;
  store().apply(fight);
  // A refused change set (a redelivered update) counts nothing.
  EXPECT_THROW(store().apply(davkas(5, 1)), store::AlreadyProcessed);
  store().commit();
  EXPECT_EQ(store().daily_counts(day).davkas, 3);
  EXPECT_EQ(store().daily_counts(day).fights, 1);

  store().begin();
  store().apply(davkas(10, 3));
  store().rollback();
  EXPECT_EQ(store().daily_counts(day).davkas, 3);  // the rolled-back batch counted nothing

  second_store().write(davkas(4, 4));  // another process adds to the same day
  EXPECT_EQ(store().daily_counts(day).davkas, 7);
  EXPECT_EQ(store().daily_counts(day + 1).davkas, 0);
}

TEST_P(AdminStoreTest, DatabaseStatsCountTheRowsOfEachTable) {
  store().write(store_test::players_change({store_test::player(1), store_test::player(2)}));
  store().write(contact(1, "a", true));
  const auto stats = store().database_stats();
  EXPECT_GT(stats.size_bytes, 0);
  EXPECT_EQ(stats.schema_version, store::sql::latest_schema_version());
  std::map<std::string, std::int64_t> rows(stats.rows.begin(), stats.rows.end());
  EXPECT_EQ(rows["users"], 2);
  EXPECT_EQ(rows["contacts"], 1);
  EXPECT_EQ(rows["bans"], 0);
}

// The same change sets, the same answers, from the reference store.
TEST_P(AdminStoreTest, TheMemoryStoreAnswersAlike) {
  store::MemoryStore ref;
  for (store::Store* s : {static_cast<store::Store*>(&ref), static_cast<store::Store*>(&store())}) {
    s->write(contact(9, "ninth", true));
    ChangeSet c;
    c.admin().bans.push_back({9, true, 1, 1});
    c.admin().audit.push_back({1, 1, "ban", "user 9"});
    c.davkas = 2;
    c.day = 5;
    s->write(c);
  }
  EXPECT_EQ(ref.banned_users(), store().banned_users());
  EXPECT_EQ(ref.audit_log(5), store().audit_log(5));
  EXPECT_EQ(ref.daily_counts(5).davkas, store().daily_counts(5).davkas);
  EXPECT_EQ(ref.user_by_username("ninth"), store().user_by_username("ninth"));
  EXPECT_TRUE(ref.private_contact(9));
}

GOFROBOT_INSTANTIATE_ENGINES(AdminStoreTest);

}  // namespace
