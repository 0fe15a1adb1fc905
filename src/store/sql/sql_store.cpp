#include "store/sql/sql_store.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <iterator>
#include <span>
#include <utility>

#include "game/atmospheres.hpp"
#include "game/nickname.hpp"
#include "store/sql/array_text.hpp"
#include "store/sql/migrations.hpp"
#include "store/sql/player_row.hpp"
#include "store/sql/queries.hpp"

namespace store::sql {
namespace {

using V = Value;
using namespace queries;  // the SQL texts (queries.hpp)

// The stored value a key sorts by (kAtm is handled apart: it regenerates).
V stored_value(const game::Player& p, game::TopKey key) {
  switch (key) {
    case game::TopKey::kGofra: return p.gofra_mm;
    case game::TopKey::kCable: return p.cable_mm;
    case game::TopKey::kZmiy: return p.zmiy_grams;
    case game::TopKey::kTotalDavki: return p.total_davki;
    case game::TopKey::kTotalZmiy: return p.total_zmiy_grams;
    case game::TopKey::kExperience: return p.experience;
    case game::TopKey::kAtm: return static_cast<std::int64_t>(p.atm_count);
  }
  return nullptr;
}

std::vector<game::Player> players_of(const std::vector<Row>& rows) {
  std::vector<game::Player> players;
  players.reserve(rows.size());
  for (const auto& r : rows) players.push_back(player_from_row(r));
  return players;
}

game::ChatMemberStats member_of(const Row& r) {
  return {r.integer(0), r.integer(1), r.real(2), r.integer(3), r.integer(4)};
}

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

SqlStore::SqlStore(std::unique_ptr<Connection> connection, const game::Balance& balance)
    : db_(std::move(connection)), balance_(balance) {}

std::optional<game::Player> SqlStore::find_player(UserId id) {
  const V params[] = {id};
  auto rows = query_if_touched(pending_.touches_player(id), kFindPlayer, params);
  if (rows.empty()) return std::nullopt;
  return player_from_row(rows.front());
}

std::optional<UserId> SqlStore::nickname_owner(std::string_view folded) {
  const V params[] = {std::string(folded)};
  auto rows = query(kNicknameOwner, params);
  if (rows.empty()) return std::nullopt;
  return rows.front().integer(0);
}

std::int64_t SqlStore::player_count() {
  return query(kPlayerCount).front().integer(0);
}

std::vector<game::Player> SqlStore::top_players(game::TopKey key, int limit, UnixTime now,
                                                const game::Balance& balance) {
  if (key == game::TopKey::kAtm) return top_by_atm(limit, now, balance);
  const V params[] = {static_cast<std::int64_t>(limit)};
  return players_of(query(queries_for(key).top, params));
}

std::optional<std::int64_t> SqlStore::player_rank(UserId id, game::TopKey key, UnixTime now,
                                                  const game::Balance& balance) {
  if (key == game::TopKey::kAtm) {
    // The first kRankedPlaces by regenerated atmospheres, as the top shows them.
    auto top = top_by_atm(kRankedPlaces, now, balance);
    for (std::size_t i = 0; i < top.size(); ++i) {
      if (top[i].user_id == id) return static_cast<std::int64_t>(i) + 1;
    }
    return std::nullopt;
  }
  auto p = find_player(id);
  if (!p) return std::nullopt;
  const V value = stored_value(*p, key);
  const V cap = static_cast<std::int64_t>(kRankedPlaces);
  const V params[] = {value, cap, value, id, cap};
  const auto ahead = query(queries_for(key).ahead, params).front().integer(0);
  if (ahead >= kRankedPlaces) return std::nullopt;
  return ahead + 1;
}

// Regenerated atmospheres cannot be indexed directly. Full players (atm_full_at <= now) all
// rank equal, by user id; the others are the recently active, few enough to rank here.
std::vector<game::Player> SqlStore::top_by_atm(int limit, UnixTime now,
                                               const game::Balance& balance) {
  const V full_params[] = {now, static_cast<std::int64_t>(limit)};
  auto result = players_of(query(kFullByUserId, full_params));
  if (static_cast<int>(result.size()) >= limit) return result;
  const V not_full_params[] = {now};
  auto rest = players_of(query(kNotFull, not_full_params));
  for (auto& p : rest) game::regenerate(p, now, balance);
  std::sort(rest.begin(), rest.end(), [&](const game::Player& a, const game::Player& b) {
    return game::ranks_before(a, b, game::TopKey::kAtm, now, balance);
  });
  for (auto& p : rest) {
    if (static_cast<int>(result.size()) >= limit) break;
    result.push_back(std::move(p));
  }
  return result;
}

std::vector<NearbyPlayer> SqlStore::players_near(double gofra_mm, UserId exclude, int limit) {
  const V params[] = {gofra_mm, exclude, static_cast<std::int64_t>(limit)};
  std::vector<NearbyPlayer> near;
  // Matchmaking takes lengths as they were when the batch began: a length the batch changed
  // moves an opponent's rank a little, which a random pick near the player need not see.
  for (const auto* sql : {&kNearAbove, &kNearBelow}) {
    for (const auto& r : query_if_touched(false, *sql, params)) near.push_back({r.integer(0), r.real(1)});
  }
  std::sort(near.begin(), near.end(), [&](const NearbyPlayer& a, const NearbyPlayer& b) {
    return nearer(a, b, gofra_mm);
  });
  if (near.size() > static_cast<std::size_t>(std::max(limit, 0))) {
    near.resize(static_cast<std::size_t>(limit));
  }
  return near;
}

std::int64_t SqlStore::fights_since(UserId id, UnixTime since) {
  const V params[] = {id, since, id, since};
  return query_if_touched(pending_.touches_fights_of(id), kFightsSince, params).front().integer(0);
}

FightStats SqlStore::fight_stats(UserId id) {
  const V params[] = {id};
  auto rows = query_if_touched(pending_.touches_player(id), kFightStats, params);
  if (rows.empty()) return {};
  FightStats s;
  s.wins = rows.front().integer(0);
  s.losses = rows.front().integer(1);
  s.total = s.wins + s.losses;
  return s;
}

std::vector<FightTopRow> SqlStore::fight_top(int limit) {
  const V params[] = {static_cast<std::int64_t>(limit)};
  std::vector<FightTopRow> result;
  for (const auto& r : query(kFightTop, params)) {
    result.push_back({player_from_row(r), r.integer(13), r.integer(14)});
  }
  return result;
}

std::optional<ChatInfo> SqlStore::find_chat(ChatId id) {
  const V params[] = {id};
  auto rows = query(kFindChat, params);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.front();
  return ChatInfo{r.integer(0), r.text(1), r.text(2, "group"), r.integer(3, 1) != 0,
                  r.integer(4), r.integer(5)};
}

std::optional<game::ChatMemberStats> SqlStore::chat_member(ChatId chat, UserId user) {
  const V params[] = {chat, user};
  auto rows = query_if_touched(pending_.touches_member(chat, user), kChatMember, params);
  if (rows.empty()) return std::nullopt;
  return member_of(rows.front());
}

std::vector<ChatRankRow> SqlStore::chat_ranking(ChatId chat, int offset, int limit) {
  const V params[] = {chat, static_cast<std::int64_t>(limit),
                      static_cast<std::int64_t>(std::max(offset, 0))};
  auto rows = query(kChatRanking, params);
  std::vector<ChatRankRow> result;
  std::int64_t rank = std::max(offset, 0);
  for (const auto& r : rows) {
    auto stats = member_of(r);
    auto nickname = r.text(5);
    if (nickname.empty()) nickname = game::default_nickname(stats.user_id);  // D-15
    result.push_back({stats, std::move(nickname), ++rank});
  }
  return result;
}

std::optional<std::int64_t> SqlStore::chat_rank(ChatId chat, UserId user) {
  auto me = chat_member(chat, user);
  if (!me) return std::nullopt;
  const V params[] = {chat, me->total_zmiy_grams, chat, me->total_zmiy_grams, user};
  return query(kChatRank, params).front().integer(0) + 1;
}

game::ChatAggregate SqlStore::chat_aggregate(ChatId chat, UnixTime now,
                                             const game::Balance& balance) {
  const V params[] = {now - balance.chat_active_window_seconds, chat};
  auto r = query(kChatAggregate, params).front();
  return {r.integer(0), r.real(1), r.integer(2), r.integer(3), r.integer(4)};
}

void SqlStore::begin() {
  db_->execute_script(db_->dialect() == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  in_batch_ = true;
  batch_failed_ = false;
  reset_batch_state();
}

void SqlStore::reset_batch_state() {
  savepoint_held_ = false;
  batch_counts_ = {};
  optimistic_ = false;
  batch_conflict_ = false;
  pending_.clear();
  checked_processed_.clear();
}

void SqlStore::begin_optimistic() {
  begin();
  // SQLite runs a statement without a round trip, and most change sets without a
  // savepoint: merging would save little there and check later.
  optimistic_ = db_->dialect() == Dialect::kPostgres;
}

void SqlStore::commit() {
  checked_processed_.clear();
  in_batch_ = false;  // a failed COMMIT ends the transaction too (the caller rolls back)
  savepoint_held_ = false;  // COMMIT releases it
  if (batch_failed_) {  // the caller rolls back, which clears it
    throw DatabaseError("the batch failed on an error; nothing committed");
  }
  std::vector<Statement> counts;
  for (const auto& [day, c] : std::exchange(batch_counts_, {})) {
    counts.push_back({kAddDailyCounts, {day, c.davkas, c.fights}});
  }
  if (optimistic_) {
    flush_pending(std::move(counts));  // with the day's counts: one round trip
    optimistic_ = false;
    if (std::exchange(batch_conflict_, false)) throw BatchConflict();  // the caller rolls back
  } else if (!counts.empty()) {
    db_->execute_many(counts);
  }
  db_->execute_script("COMMIT");
}

void SqlStore::rollback() {
  in_batch_ = false;
  reset_batch_state();
  const bool failed = std::exchange(batch_failed_, false);
  // An error may have ended the transaction already: nothing left to roll back.
  if (failed && !db_->in_transaction()) return;
  db_->execute_script("ROLLBACK");
}

// A change set runs inside a savepoint, so that a refused one leaves the batch usable.
// The savepoint is released lazily, at the head of the next change set's statements (or by
// COMMIT): the release, the new savepoint and the writes then travel together, one round
// trip to PostgreSQL instead of three. A version conflict is only known after the writes
// ran, which is why the savepoint cannot be released in the same trip.
//
// On SQLite a change set of a single statement (most updates: only their processed id and
// reply) needs no savepoint: a statement refused by a constraint undoes itself and leaves
// the transaction as it was. Nor does one of two whose first is the processed update's
// insert (a davka: the update and its player): if the second fails, one DELETE undoes the
// first (execute_undoable). A savepoint journals every page it changes that the batch had
// already changed, a copy of each, and was ~10 % of the instructions per update. An error
// that ends the whole transaction (a full disk, an I/O error), or an undo that fails,
// fails the batch, whatever took a savepoint (batch_failed_). On PostgreSQL any error
// aborts the whole transaction, so every change set takes one.
void SqlStore::apply(const ChangeSet& changes) {
  if (changes.empty()) return;
  if (batch_failed_) {
    throw DatabaseError("the batch failed on an earlier error; nothing more is applied");
  }
  if (changes.update_id) checked_processed_.erase(*changes.update_id);
  if (optimistic_) {
    // Refused already: commit() says so and the batch runs again without merging.
    if (batch_conflict_) return;
    if (pending_.add(changes, balance_, unix_now())) {
      count_daily(changes);
      return;
    }
    // Written alone, in order: what was merged goes first.
    flush_pending();
    if (batch_conflict_) return;
  }
  auto writes = write_statements(changes);
  const bool sqlite = db_->dialect() == Dialect::kSqlite;
  const bool undoable =
      sqlite && writes.statements.size() == 2 && changes.update_id && writes.takes.empty();
  const bool savepoint = !undoable && (!sqlite || writes.statements.size() > 1);
  try {
    if (undoable) {
      execute_undoable(std::move(writes), *changes.update_id);
    } else {
      execute_writes(std::move(writes), savepoint);
    }
    count_daily(changes);
  } catch (...) {
    if (in_batch_ && !db_->in_transaction()) {
      // The error ended the whole transaction (SQLite: a full disk, an I/O error): what the
      // batch wrote is gone, and a statement run now would commit on its own.
      batch_failed_ = true;
      savepoint_held_ = false;
      throw;
    }
    // Undone already: a lone statement undid itself (an earlier savepoint stays held), and
    // execute_undoable took its insert back.
    if (!savepoint) throw;
    savepoint_held_ = false;
    try {
      db_->execute_script("ROLLBACK TO SAVEPOINT change_set");
      db_->execute_script("RELEASE SAVEPOINT change_set");
    } catch (...) {  // the connection is gone; the batch fails at commit
    }
    throw;
  }
}

SqlStore::Writes SqlStore::write_statements(const ChangeSet& changes) const {
  std::vector<Statement> statements;
  std::vector<std::pair<std::size_t, UserId>> player_statements;
  // The processed update first: a redelivered one is refused before anything is written,
  // and execute_undoable can take it back.
  if (changes.update_id) {
    statements.push_back({kMarkProcessed,
                          {*changes.update_id, unix_now(),
                           changes.reply ? Value(*changes.reply) : Value(nullptr)}});
  }
  for (const auto& p : changes.players) {
    player_statements.emplace_back(statements.size(), p.user_id);
    const bool keep_nickname = p.version != 0 && changes.keeps_nickname(p.user_id);
    Statement s{p.version == 0 ? kInsertPlayer
                : keep_nickname ? kUpdatePlayerKeepNickname
                                : kUpdatePlayer,
                {}};
    s.params.reserve(19);
    if (p.version == 0) s.params.emplace_back(p.user_id);
    if (!keep_nickname) {
      s.params.emplace_back(p.nickname);
      s.params.emplace_back(game::fold_nickname(p.nickname));
    }
    emit_player_state(p, balance_.atm_max, game::atm_full_at(p, balance_),
                      [&](auto v) { s.params.emplace_back(v); });
    if (p.version != 0) {
      s.params.emplace_back(p.user_id);
      s.params.emplace_back(p.version);
    }
    statements.push_back(std::move(s));
  }
  for (const auto& f : changes.fights) {
    statements.push_back({kInsertFight, {f.winner_id, f.loser_id, f.created_at}});
    statements.push_back({kCountWin, {f.winner_id}});
    statements.push_back({kCountLoss, {f.loser_id}});
  }
  for (const auto& c : changes.chats) {
    statements.push_back({kUpsertChat,
                          {c.chat_id, c.title, c.type,
                           static_cast<std::int64_t>(c.is_active ? 1 : 0), c.created_at,
                           c.last_activity}});
  }
  for (const auto& m : changes.chat_members) {
    statements.push_back({kAddChatStats,
                          {m.after.chat_id, m.after.user_id,
                           m.after.total_zmiy_grams - m.before.total_zmiy_grams,
                           m.after.total_davki - m.before.total_davki, m.after.last_davka_at}});
  }
  for (const auto& c : changes.contacts) {
    statements.push_back({kUpsertContact,
                          {c.user_id, c.username, static_cast<std::int64_t>(c.private_chat ? 1 : 0)}});
  }
  std::vector<std::pair<std::size_t, StoredChallenge>> takes;
  for (const auto& w : changes.conversation) {
    using K = ConversationWrite::Kind;
    const auto& c = w.challenge;
    switch (w.kind) {
      case K::kPromptSet:
        statements.push_back({kSetPrompt, {w.chat, w.user, w.expires_at}});
        break;
      case K::kPromptClear:
        statements.push_back({kClearPrompt, {w.chat, w.user}});
        break;
      case K::kOffer:
        statements.push_back({kOfferChallenge, {c.chat, c.attacker, c.target, c.chance, c.expires_at}});
        break;
      case K::kTake:
        takes.emplace_back(statements.size(), c);
        statements.push_back({kTakeChallenge, {c.chat, c.attacker, c.target, w.at}});
        break;
    }
  }
  if (const auto* admin = changes.admin_changes()) admin_statements(*admin, statements);
  return {std::move(statements), std::move(player_statements), std::move(takes)};
}

void SqlStore::admin_statements(const AdminChanges& changes, std::vector<Statement>& statements) {
  for (const auto& b : changes.bans) {
    if (b.banned) {
      statements.push_back({kBan, {b.user_id, b.at, b.by}});
    } else {
      statements.push_back({kUnban, {b.user_id}});
    }
  }
  for (const auto& s : changes.bot_states) {
    statements.push_back({kSetBotState, {s.key, s.value, s.at, s.by}});
  }
  for (const auto& a : changes.audit) {
    statements.push_back({kAudit, {a.at, a.admin_id, a.action, a.detail}});
  }
  const V now{unix_now()};
  if (const auto& b = changes.new_broadcast) {
    statements.push_back({kNewBroadcast, {b->created_by, b->created_at, b->text, b->recipients,
                                          b->progress_chat, b->progress_message, now}});
  }
  if (const auto& b = changes.broadcast_progress) {
    statements.push_back({kBroadcastProgress, {b->cursor, b->launched, b->sent, b->failed,
                                               b->blocked, b->in_doubt, b->progress_message, now,
                                               b->id}});
  }
  if (const auto& end = changes.broadcast_end) {
    statements.push_back({kBroadcastEnd, {end->second, now, end->first}});
  }
  for (auto id : changes.blocked) statements.push_back({kMarkBlocked, {now, id}});
}

// The writes, after the savepoint statements when one is taken (the last change set's
// savepoint released first: see apply).
void SqlStore::execute_writes(Writes writes, bool savepoint) {
  std::vector<Statement> statements;
  statements.reserve(writes.statements.size() + 2);
  if (savepoint) {
    if (savepoint_held_) statements.push_back({kReleaseSavepoint, {}});
    statements.push_back({kSavepoint, {}});
  }
  const std::size_t first_write = statements.size();
  std::move(writes.statements.begin(), writes.statements.end(), std::back_inserter(statements));
  const auto changed = run(statements);
  if (savepoint) savepoint_held_ = true;
  for (const auto& [index, user] : writes.players) {
    if (changed.at(first_write + index) == 0) throw VersionConflict(user);
  }
  for (const auto& [index, challenge] : writes.takes) {
    if (changed.at(first_write + index) == 0) throw ChallengeGone(challenge);
  }
}

// SQLite: the processed update's insert, then one more statement; if that one fails (a
// version conflict, a nickname taken, any error that leaves the transaction open) the
// insert is deleted again, which is all a savepoint would have undone.
void SqlStore::execute_undoable(Writes writes, std::int64_t update_id) {
  if (savepoint_held_) {  // the last change set's: released, so it journals no more
    db_->execute_script(kReleaseSavepoint);
    savepoint_held_ = false;
  }
  run(std::span(writes.statements).first(1));  // refused: it undid itself
  const auto undo = [&] {
    // An error that ended the transaction took the insert with it (apply fails the batch).
    if (in_batch_ && !db_->in_transaction()) return;
    try {
      const V params[] = {update_id};
      db_->execute(kUnmarkProcessed, params);
    } catch (...) {
      batch_failed_ = in_batch_;  // half a change set: the batch must not commit
    }
  };
  std::int64_t changed = 0;
  try {
    changed = run(std::span(writes.statements).last(1)).front();
  } catch (...) {
    undo();
    throw;
  }
  if (!writes.players.empty() && changed == 0) {
    undo();
    throw VersionConflict(writes.players.front().second);
  }
}

void SqlStore::count_daily(const ChangeSet& changes) {
  if (changes.davkas > 0 || !changes.fights.empty()) {
    auto& c = batch_counts_[changes.day];
    c.davkas += changes.davkas;
    c.fights += static_cast<std::int64_t>(changes.fights.size());
  }
}

std::vector<Row> SqlStore::query(std::string_view sql, std::span<const Value> params) {
  if (optimistic_ && !pending_.empty()) flush_pending();
  return db_->query(sql, params);
}

std::vector<Row> SqlStore::query_if_touched(bool touched, std::string_view sql,
                                            std::span<const Value> params) {
  if (touched) return query(sql, params);
  return db_->query(sql, params);
}

void SqlStore::flush_pending(std::vector<Statement> more) {
  auto plan = pending_.plan();
  pending_.clear();
  for (auto& s : more) {
    plan.statements.push_back(std::move(s));
    plan.expected.push_back(-1);
  }
  if (plan.statements.empty()) return;
  try {
    const auto changed = db_->execute_many(plan.statements);
    bool refused = false;
    for (std::size_t i = 0; i < plan.expected.size(); ++i) {
      if (plan.expected[i] >= 0 && changed.at(i) != plan.expected[i]) refused = true;
    }
    if (!refused) return;
  } catch (const ConnectionLost&) {
    batch_failed_ = true;
    throw;
  } catch (const DatabaseError&) {
    // A key or a lock refused a statement; which change set did is found by the next run,
    // change set by change set.
  }
  batch_conflict_ = true;
  savepoint_held_ = false;
  try {
    db_->execute_script("ROLLBACK");
    db_->execute_script("BEGIN");
  } catch (...) {
    batch_failed_ = true;
    throw;
  }
}

// Runs statements, turning the database's refusals into the store's.
std::vector<std::int64_t> SqlStore::run(std::span<const Statement> statements) {
  try {
    return db_->execute_many(statements);
  } catch (const LockContention&) {
    throw Contention();
  } catch (const UniqueViolation& e) {
    std::string_view what = e.what();
    if (what.find("processed_updates") != std::string_view::npos) throw AlreadyProcessed();
    if (what.find("nickname") != std::string_view::npos) throw NicknameTaken();
    throw;
  }
}

void SqlStore::check_processed(std::span<const std::int64_t> update_ids) {
  // SQLite answers each lookup without a round trip: nothing to gain.
  if (!in_batch_ || update_ids.empty() || db_->dialect() != Dialect::kPostgres) return;
  for (auto id : update_ids) checked_processed_[id] = false;
  const V params[] = {ArrayText::of(update_ids)};
  for (const auto& r : db_->query(kProcessedAmong, params)) checked_processed_[r.integer(0)] = true;
}

bool SqlStore::update_processed(std::int64_t update_id) {
  if (optimistic_ && pending_.holds_update(update_id)) return true;
  if (auto it = checked_processed_.find(update_id); it != checked_processed_.end()) return it->second;
  // Merged writes need not go first: only their own update ids could be found.
  const V params[] = {update_id};
  return !db_->query(kUpdateProcessed, params).empty();
}

std::vector<OutboxRow> SqlStore::pending_outbox(int limit) {
  const V params[] = {static_cast<std::int64_t>(limit)};
  std::vector<OutboxRow> rows;
  for (const auto& r :
       query(kPendingOutbox, params)) {
    rows.push_back({r.integer(0), r.text(1)});
  }
  return rows;
}

void SqlStore::remove_outbox(std::span<const std::int64_t> update_ids) {
  if (update_ids.empty()) return;
  std::vector<Statement> statements;
  if (db_->dialect() == Dialect::kPostgres) {
    // One statement instead of one per id: the server's work per statement, not the
    // round trip, is what a batch of 256 pays for.
    statements.push_back({kRemoveOutboxAll, {ArrayText::of(update_ids)}});
  } else {
    for (auto id : update_ids) statements.push_back({kRemoveOutbox, {id}});
  }
  if (in_batch_) {
    db_->execute_many(statements);
    return;
  }
  begin();
  try {
    db_->execute_many(statements);
    commit();
  } catch (...) {
    try {
      rollback();
    } catch (...) {
    }
    throw;
  }
}

std::int64_t SqlStore::prune_processed_updates(UnixTime before) {
  // Expired conversation state goes with them (it is never read once expired).
  const V now[] = {unix_now()};
  db_->execute(kPruneConversation, now);
  db_->execute(kPruneChallenges, now);
  const V params[] = {before};
  return db_->execute(kPruneProcessed, params);
}

bool SqlStore::shares_conversation() const { return db_->dialect() == Dialect::kPostgres; }

std::vector<std::pair<ChatId, UserId>> SqlStore::nickname_prompts(
    std::span<const std::pair<ChatId, UserId>> keys, UnixTime now) {
  std::vector<std::pair<ChatId, UserId>> found;
  if (keys.empty() || !shares_conversation()) return found;
  ArrayText chats;
  ArrayText users;
  for (const auto& [chat, user] : keys) {
    chats.add(chat);
    users.add(user);
  }
  const V params[] = {chats.take(), users.take(), now};
  for (const auto& r : query(kPromptsOf, params)) found.emplace_back(r.integer(0), r.integer(1));
  return found;
}

std::vector<StoredChallenge> SqlStore::challenges(std::span<const ChatId> chats, UnixTime now) {
  std::vector<StoredChallenge> found;
  if (chats.empty() || !shares_conversation()) return found;
  const V params[] = {ArrayText::of(chats), now};
  for (const auto& r : query(kChallengesOf, params)) {
    found.push_back({r.integer(0), r.integer(1), r.integer(2), r.real(3), r.integer(4)});
  }
  return found;
}

// --- AdminStore ---------------------------------------------------------------------------

std::vector<UserId> SqlStore::banned_users() {
  std::vector<UserId> ids;
  for (const auto& r : query(kBannedUsers)) ids.push_back(r.integer(0));
  return ids;
}

std::map<std::string, std::string> SqlStore::bot_states() {
  std::map<std::string, std::string> states;
  for (const auto& r : query(kBotStates)) states[r.text(0)] = r.text(1);
  return states;
}

std::vector<AuditEntry> SqlStore::audit_log(int limit) {
  const V params[] = {static_cast<std::int64_t>(limit)};
  std::vector<AuditEntry> entries;
  for (const auto& r : query(kAuditLog, params)) {
    entries.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3)});
  }
  return entries;
}

DailyCounts SqlStore::daily_counts(std::int64_t day) {
  const V params[] = {day};
  auto rows = query(kDailyCounts, params);
  if (rows.empty()) return {};
  return {rows.front().integer(0), rows.front().integer(1)};
}

std::optional<UserId> SqlStore::user_by_username(std::string_view username) {
  const V params[] = {std::string(username)};
  auto rows = query(kUserByUsername, params);
  if (rows.empty()) return std::nullopt;
  return rows.front().integer(0);
}

namespace {

BroadcastRecord broadcast_of(const Row& r) {
  return {r.integer(0), r.integer(1), r.integer(2), r.text(3), r.text(4), r.integer(5),
          r.integer(6), r.integer(7), r.integer(8), r.integer(9), r.integer(10), r.integer(11),
          r.integer(12), r.integer(13)};
}

}  // namespace

std::optional<BroadcastRecord> SqlStore::running_broadcast() {
  auto rows = query(kRunningBroadcast);
  if (rows.empty()) return std::nullopt;
  return broadcast_of(rows.front());
}

std::optional<BroadcastRecord> SqlStore::broadcast(std::int64_t id) {
  const V params[] = {id};
  auto rows = query(kBroadcastById, params);
  if (rows.empty()) return std::nullopt;
  return broadcast_of(rows.front());
}

std::vector<UserId> SqlStore::broadcast_recipients(UserId after, UserId up_to, int limit) {
  const V params[] = {after, up_to, up_to, static_cast<std::int64_t>(limit)};
  std::vector<UserId> ids;
  for (const auto& r : query(kRecipients, params)) ids.push_back(r.integer(0));
  return ids;
}

std::int64_t SqlStore::count_recipients(UserId after, UserId up_to) {
  const V params[] = {after, up_to, up_to};
  return query(kCountRecipients, params).front().integer(0);
}

bool SqlStore::claim_broadcast(std::int64_t id, std::string_view owner, UnixTime now,
                               UnixTime until) {
  const V params[] = {std::string(owner), until, id, std::string(owner), now};
  return db_->execute(kClaimBroadcast, params) == 1;
}

DatabaseStats SqlStore::database_stats() {
  DatabaseStats stats;
  if (db_->dialect() == Dialect::kSqlite) {
    const auto pages = query("PRAGMA page_count").front().integer(0);
    const auto page_size = query("PRAGMA page_size").front().integer(0);
    stats.size_bytes = pages * page_size;
  } else {
    stats.size_bytes = query("SELECT pg_database_size(current_database())").front().integer(0);
  }
  // Fixed texts: the table names are ours, never input.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kCounts{{
      {"users", "SELECT count(*) FROM users"},
      {"rademka_fights", "SELECT count(*) FROM rademka_fights"},
      {"chats", "SELECT count(*) FROM chats"},
      {"chat_stats", "SELECT count(*) FROM chat_stats"},
      {"processed_updates", "SELECT count(*) FROM processed_updates"},
      {"contacts", "SELECT count(*) FROM contacts"},
      {"bans", "SELECT count(*) FROM bans"},
      {"admin_audit", "SELECT count(*) FROM admin_audit"},
      {"daily_counts", "SELECT count(*) FROM daily_counts"},
      {"broadcasts", "SELECT count(*) FROM broadcasts"},
  }};
  for (const auto& [table, sql] : kCounts) {
    stats.rows.emplace_back(std::string(table), query(sql).front().integer(0));
  }
  stats.schema_version = schema_version(*db_);
  return stats;
}

}  // namespace store::sql
