// Feeds: any bytes as a webhook body (telegram::parse_update) and as the result of
// getUpdates (telegram::parse_updates), then every parsed update through the mapping to the
// bot's update (bot::to_bot_update).
// Checks beyond "no crash, no throw" (parse.hpp promises both):
//  * an update that parses alone parses the same as the one element of a getUpdates array
//    (same id and kind), so the poller and the webhook agree on it;
//  * next_offset() is past every id of the batch, good or bad (or INT64_MAX itself);
//  * a callback query always maps (it must be answered); a message maps with its chat id;
//    a message sent on behalf of a chat maps with no sender.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <variant>

#include "bot/telegram_mapping.hpp"
#include "check.hpp"
#include "telegram/parse.hpp"

namespace {

using fuzz::check;

void check_mapping(const telegram::Update& update) {
  const auto mapped = bot::to_bot_update(update);
  if (std::holds_alternative<telegram::CallbackQuery>(update.payload)) {
    check(mapped.has_value(), "a callback query maps");
    check(std::holds_alternative<bot::CallbackQuery>(mapped->payload), "as a callback query");
  }
  if (!mapped) return;
  check(mapped->update_id == update.update_id, "the update id is kept");
  if (const auto* m = std::get_if<bot::Message>(&mapped->payload)) {
    const auto* source = std::get_if<telegram::Message>(&update.payload);
    check(source != nullptr, "a message maps from a message");
    check(m->chat.id == source->chat.id, "the chat id is kept");
    if (source->sender_chat) check(!m->from.has_value(), "a chat's message has no sender");
  }
}

void check_offset(const telegram::UpdateBatch& batch) {
  const auto next = batch.next_offset();
  check(next.has_value() == (!batch.updates.empty() ||
                             [&] {
                               for (const auto& b : batch.bad) {
                                 if (b.update_id) return true;
                               }
                               return false;
                             }()),
        "next_offset is set when some id was read");
  const auto past = [&](std::int64_t id) {
    return *next > id || *next == std::numeric_limits<std::int64_t>::max();
  };
  for (const auto& u : batch.updates) check(past(u.update_id), "next_offset past a good id");
  for (const auto& b : batch.bad) {
    if (b.update_id) check(past(*b.update_id), "next_offset past a bad id");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto single = telegram::parse_update(text);
  if (const auto* update = std::get_if<telegram::Update>(&single)) {
    check_mapping(*update);
    const std::string array = "[" + std::string(text) + "]";
    const auto batch = telegram::parse_updates(array);
    const auto* b = std::get_if<telegram::UpdateBatch>(&batch);
    check(b != nullptr, "an update parses inside an array");
    check(b->updates.size() == 1 && b->bad.empty(), "as the one good element");
    check(b->updates[0].update_id == update->update_id, "with the same id");
    check(b->updates[0].kind == update->kind, "of the same kind");
  }

  const auto batch = telegram::parse_updates(text);
  if (const auto* b = std::get_if<telegram::UpdateBatch>(&batch)) {
    for (const auto& update : b->updates) check_mapping(update);
    check_offset(*b);
  }
  return 0;
}
