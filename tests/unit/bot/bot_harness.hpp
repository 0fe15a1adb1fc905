#pragma once
// Drives the real engine (router, guards, handlers, unit of work) over an in-memory store
// with a seeded random source and a controlled clock. Only the transport is absent:
// updates are built here and the actions are inspected as data.
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "bot/engine.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "store/memory_store.hpp"

namespace bot::testing {

inline constexpr UnixTime kStartTime = 1'700'000'000;

// A store whose game writes fail: the error guard must answer, keep the process alive and
// leave no partial state. The bookkeeping of the failed update still goes through.
class FailingStore : public store::MemoryStore {
 public:
  void apply(const store::ChangeSet& c) override {
    if (!c.players.empty()) throw std::runtime_error("disk on fire");
    MemoryStore::apply(c);
  }
};

// A store that checks at commit (what SqlStore does on PostgreSQL, begin_optimistic), here
// refusing the next `refusals` optimistic commits as if another replica had written a
// player: the engine must run the batch again with begin(). The refusal is simulated: a
// MemoryStore checks as it applies.
class RefusesOptimisticCommits : public store::MemoryStore {
 public:
  void begin_optimistic() override {
    optimistic_ = true;
    ++optimistic_batches;
    MemoryStore::begin();
  }
  void begin() override {
    optimistic_ = false;
    MemoryStore::begin();
  }
  void commit() override {
    if (std::exchange(optimistic_, false) && refusals > 0) {
      --refusals;
      throw store::BatchConflict();
    }
    MemoryStore::commit();
  }
  int refusals = 1;
  int optimistic_batches = 0;

 private:
  bool optimistic_ = false;
};

// Commits fail (the database went away): nothing may be acknowledged or replied.
class UncommittableStore : public store::MemoryStore {
 public:
  void commit() override { throw std::runtime_error("database gone"); }
};

class BotHarness {
 public:
  explicit BotHarness(std::uint64_t seed = 42)
      : BotHarness(std::make_unique<store::MemoryStore>(), seed) {}
  // Over a store of the test's own (one that fails on purpose, say).
  explicit BotHarness(std::unique_ptr<store::MemoryStore> store, std::uint64_t seed = 42)
      : store_(std::move(store)), rng_(seed) {
    config_.bot.username = "gofrobot";
    engine_ = std::make_unique<Engine>(*store_, Services{&config_, &rng_, &state_}, "gofrobot");
    engine_->add_guard(std::make_unique<MaintenanceGuard>());
  }

  ops::Config& config() { return config_; }
  Engine& engine() { return *engine_; }
  store::MemoryStore& store() { return *store_; }
  SessionState& state() { return state_; }
  UnixTime now() const { return now_; }
  void advance(UnixTime seconds) { now_ += seconds; }

  // A message in the user's private chat (chat id = user id).
  Outcome private_text(UserId user, const std::string& text) {
    return engine_->process(private_update(user, text), now_);
  }

  // A message in a supergroup; optionally a reply to a message of `reply_to`.
  Outcome group_text(ChatId chat, UserId user, const std::string& text,
                     std::optional<User> reply_to = std::nullopt) {
    Message m;
    m.message_id = ++message_id_;
    m.chat = Chat{chat, ChatType::kSupergroup, "Гофрочат"};
    m.from = person(user);
    m.text = text;
    if (reply_to) {
      m.reply_to_message_id = m.message_id - 1;
      m.reply_to_from = reply_to;
    }
    return run(std::move(m));
  }

  // A button press on message `message_id` in `chat` (negative ids are supergroups).
  Outcome press(ChatId chat, UserId user, const std::string& data, MessageId message_id = 100) {
    return engine_->process(press_update(chat, user, data, message_id), now_);
  }

  Outcome run(Message m) {
    Update u{++update_id_, std::move(m)};
    return engine_->process(u, now_);
  }

  // The updates of the two calls above, to run several in one batch.
  Update press_update(ChatId chat, UserId user, const std::string& data,
                      MessageId message_id = 100) {
    CallbackQuery q;
    q.id = "cb" + std::to_string(++callback_id_);
    q.from = person(user);
    q.chat = Chat{chat, chat < 0 ? ChatType::kSupergroup : ChatType::kPrivate,
                  chat < 0 ? "Гофрочат" : ""};
    q.message_id = message_id;
    q.data = data;
    return Update{++update_id_, std::move(q)};
  }
  Update private_update(UserId user, const std::string& text) {
    Message m;
    m.message_id = ++message_id_;
    m.chat = Chat{user, ChatType::kPrivate, {}};
    m.from = person(user);
    m.text = text;
    return Update{++update_id_, std::move(m)};
  }
  std::vector<Outcome> batch(const std::vector<Update>& updates) {
    return engine_->process_batch(updates, now_);
  }

  static User person(UserId id) { return User{id, false, "Игрок" + std::to_string(id), {}}; }

  // Every text the outcome shows (messages, edits, callback answers), joined by newlines.
  static std::string text(const Outcome& o) {
    std::string all;
    for (const auto& a : o.actions) {
      std::visit([&](const auto& x) { all += x.text + "\n"; }, a);
    }
    return all;
  }

  // The single callback answer of an outcome, if any.
  static const AnswerCallback* answer(const Outcome& o) {
    const AnswerCallback* found = nullptr;
    for (const auto& a : o.actions) {
      if (const auto* x = std::get_if<AnswerCallback>(&a)) found = x;
    }
    return found;
  }

  static int count_answers(const Outcome& o) {
    int n = 0;
    for (const auto& a : o.actions) n += std::holds_alternative<AnswerCallback>(a) ? 1 : 0;
    return n;
  }

 private:
  ops::Config config_{};
  std::unique_ptr<store::MemoryStore> store_;
  game::Random rng_;
  SessionState state_;
  std::unique_ptr<Engine> engine_;
  UnixTime now_ = kStartTime;
  std::int64_t update_id_ = 0;
  MessageId message_id_ = 0;
  std::int64_t callback_id_ = 0;
};

}  // namespace bot::testing
