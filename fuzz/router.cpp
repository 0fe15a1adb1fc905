// Feeds: a short session of any bytes as message texts (commands, nickname input, keywords,
// the admin panel's prompts: a player lookup by id, @username or nickname, a broadcast text)
// and as callback data, from an admin and two players, in a private chat and a group,
// through the real engine (router, guards, handlers, unit of work) over an in-memory store
// with the admin panel on. The first bytes of each step choose what it is; the rest is text.
// Also every text through bot::parse_command.
// Checks beyond "no crash":
//  * no handler throws (the error guard answering means a handler failed on the input) and
//    every update commits;
//  * every callback query is answered exactly once (GAME.md §11), by a toast or alert Telegram
//    accepts (at most 200 characters); unknown data gets its alert and changes no message;
//  * every message the bot sends or edits is non-empty, at most 4096 UTF-16 units (Telegram's
//    limit), and valid UTF-8 when what the users sent was (Telegram refuses anything else);
//  * parse_command: a command starts with '/', its name is a non-empty part of the text
//    without blanks or '@', its arguments start with no blank.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bot/admin/admin_services.hpp"
#include "bot/engine.hpp"
#include "bot/guards/ban_guard.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "check.hpp"
#include "game/utf8.hpp"
#include "store/memory_store.hpp"

using fuzz::check;

namespace {

constexpr bot::UserId kAdmin = 1;
constexpr bot::ChatId kGroup = -1001234567890;
constexpr bot::UnixTime kStart = 1'700'000'000;

// The process facts of the admin panel: nothing slow, nothing outside.
class PanelServices final : public bot::AdminServices {
 public:
  bot::RuntimeFacts facts() override { return {}; }
  bot::ReloadSummary reload() override { return {}; }
  bot::CacheDrop clear_caches() override { return {}; }
  bot::BackupStarted start_backup(bot::ChatId, bot::UserId) override { return {false, "нет"}; }
  bool broadcasts() const override { return true; }
  void broadcast_changed() override {}
};

bool valid_utf8(std::string_view s) {
  while (!s.empty()) {
    const auto unit = game::utf8::decode(s);
    if (unit.cp == game::utf8::kInvalid) return false;
    s.remove_prefix(unit.size);
  }
  return true;
}

std::size_t utf16_units(std::string_view s) {
  std::size_t n = 0;
  while (!s.empty()) {
    const auto unit = game::utf8::decode(s);
    n += unit.cp != game::utf8::kInvalid && unit.cp > 0xFFFF ? 2 : 1;
    s.remove_prefix(unit.size);
  }
  return n;
}

void check_command(std::string_view text) {
  const auto parsed = bot::parse_command(text, "gofrobot");
  if (!parsed) return;
  check(text.starts_with('/'), "a command starts with /");
  check(!parsed->name.empty(), "a command has a name");
  check(parsed->name.data() == text.data() + 1, "the name follows the slash");
  check(parsed->name.find_first_of(" \t\n\r@") == std::string_view::npos,
        "a name has no blank or @");
  check(parsed->args.empty() || parsed->args.find_first_of(" \t\n\r") != 0,
        "arguments start with no blank");
}

struct Bot {
  ops::Config config;
  store::MemoryStore store;
  game::Random rng{42};
  bot::SessionState state;
  bot::AdminState admin_state;
  PanelServices services;
  bot::AdminAccess access{&admin_state, &store, &services};
  std::unique_ptr<bot::Engine> engine;

  Bot() {
    config.bot.username = "gofrobot";
    config.bot.admins = {kAdmin};
    engine = std::make_unique<bot::Engine>(store, bot::Services{&config, &rng, &state, &access},
                                           "gofrobot");
    engine->add_guard(std::make_unique<bot::BanGuard>());
    engine->add_guard(std::make_unique<bot::MaintenanceGuard>());
  }
};

bot::User person(bot::UserId id) {
  return bot::User{id, false, "Игрок" + std::to_string(id),
                   id == 3 ? std::string() : "user" + std::to_string(id)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  Bot b;
  bot::UnixTime now = kStart;
  std::int64_t update_id = 0;
  bool inputs_valid = true;

  for (int step = 0; step < 12 && in.remaining_bytes() > 0; ++step) {
    const int kind = in.ConsumeIntegralInRange(0, 4);
    const bot::UserId user = in.ConsumeIntegralInRange<bot::UserId>(1, 3);
    bot::Update update{++update_id, {}};
    bool callback = false;
    if (kind == 4) {
      now += in.ConsumeIntegralInRange<bot::UnixTime>(0, 48 * 3600);
      continue;
    }
    if (kind == 3) {
      bot::CallbackQuery q;
      q.id = "cb" + std::to_string(update_id);
      q.from = person(user);
      const bool in_group = in.ConsumeBool();
      q.chat = in_group ? bot::Chat{kGroup, bot::ChatType::kSupergroup, "Гофрочат"}
                        : bot::Chat{user, bot::ChatType::kPrivate, {}};
      q.message_id = in.ConsumeIntegralInRange<bot::MessageId>(1, 200);
      q.data = in.ConsumeRandomLengthString(64);  // Telegram's callback_data: 1-64 bytes
      inputs_valid = inputs_valid && valid_utf8(q.data);
      update.payload = std::move(q);
      callback = true;
    } else {
      bot::Message m;
      m.message_id = update_id;
      const bool in_group = kind == 1 || kind == 2;
      m.chat = in_group ? bot::Chat{kGroup, bot::ChatType::kSupergroup, "Гофрочат"}
                        : bot::Chat{user, bot::ChatType::kPrivate, {}};
      m.from = person(user);
      if (kind == 2) {  // a reply to someone (a fight target)
        m.reply_to_message_id = update_id - 1;
        m.reply_to_from = person(in.ConsumeIntegralInRange<bot::UserId>(1, 3));
      }
      m.text = in.ConsumeRandomLengthString(4096);  // Telegram's limit, in UTF-16 units
      inputs_valid = inputs_valid && valid_utf8(*m.text);
      check_command(*m.text);
      update.payload = std::move(m);
    }

    const bot::Outcome outcome = b.engine->process(update, now);
    check(!outcome.failed, "no handler throws");
    check(outcome.committed, "every update commits");
    int answers = 0;
    for (const auto& action : outcome.actions) {
      if (const auto* a = std::get_if<bot::AnswerCallback>(&action)) {
        ++answers;
        check(utf16_units(a->text) <= 200, "a callback answer fits Telegram's 200 characters");
        continue;
      }
      const std::string& text =
          std::visit([](const auto& x) -> const std::string& { return x.text; }, action);
      check(!text.empty(), "a message has text");
      check(utf16_units(text) <= 4096, "a message fits Telegram's 4096 units");
      if (inputs_valid) check(valid_utf8(text), "a message is valid UTF-8");
    }
    check(answers == (callback ? 1 : 0), "a callback query is answered exactly once");
    if (outcome.route == "unknown_callback") {
      check(outcome.actions.size() == 1, "unknown data gets its alert alone");
    }
  }
  return 0;
}
