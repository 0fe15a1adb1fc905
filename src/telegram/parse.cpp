#include "telegram/parse.hpp"

#include <simdjson.h>

#include <algorithm>
#include <exception>
#include <limits>
#include <utility>

namespace telegram {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// Where a value sits, as a chain of stack frames: rendered only when something fails, so
// the success path never builds a string.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;
  std::int64_t index = -1;  // >= 0 for an array element

  Path operator/(std::string_view child) const { return Path{this, child, -1}; }
  Path operator[](std::size_t i) const { return Path{this, {}, static_cast<std::int64_t>(i)}; }

  std::string str() const {
    std::string out = parent ? parent->str() : std::string();
    if (!key.empty()) {
      if (!out.empty()) out += '.';
      out += key;
    }
    if (index >= 0) out += '[' + std::to_string(index) + ']';
    return out;
  }
};

// Thrown only inside this file; every public function turns it into a ParseError, so the
// readers below can stay straight-line code.
struct Invalid {
  std::string reason;
};

[[noreturn]] void fail(const Path& path, std::string_view what) {
  std::string where = path.str();
  throw Invalid{(where.empty() ? std::string("document") : where) + ": " + std::string(what)};
}

std::int64_t as_int(element e, const Path& path) {
  std::int64_t v = 0;
  auto err = e.get_int64().get(v);
  if (err == simdjson::NUMBER_OUT_OF_RANGE) fail(path, "out of int64 range");
  if (err != simdjson::SUCCESS) fail(path, "not an integer");
  return v;
}

std::string_view as_string(element e, const Path& path) {
  std::string_view v;
  if (e.get_string().get(v) != simdjson::SUCCESS) fail(path, "not a string");
  return v;
}

object as_object(element e, const Path& path) {
  object v;
  if (e.get_object().get(v) != simdjson::SUCCESS) fail(path, "not an object");
  return v;
}

bool as_bool(element e, const Path& path) {
  bool v = false;
  if (e.get_bool().get(v) != simdjson::SUCCESS) fail(path, "not a boolean");
  return v;
}

// The fields of one object that a reader asks for, found in one pass over the object
// (one at_key scan per field asked was a tenth of the instructions per update outside the
// store). A repeated key counts at its first field, null included, as at_key has it.
// Absent and null are the same to the readers (Telegram omits optional fields, and an
// edit's result may be null); only raw() tells them apart. Keys are asked for by their
// index in the reader's key list, whose names the error paths use.
template <std::size_t N>
class Fields {
 public:
  Fields(object o, const Path& path, const std::array<std::string_view, N>& keys)
      : path_(path), keys_(keys) {
    std::uint64_t lengths = 0;  // a bit per key length: most other fields end at one test
    for (auto key : keys) lengths |= length_bit(key.size());
    std::size_t left = N;
    for (auto [key, value] : o) {
      if ((lengths & length_bit(key.size())) == 0) continue;
      for (std::size_t i = 0; i < N; ++i) {
        if (fields_[i] || keys[i] != key) continue;
        fields_[i] = value;
        if (!value.is_null()) non_null_ |= std::uint32_t{1} << i;
        --left;
        break;
      }
      if (left == 0) break;
    }
  }

  // The field as it is, null included.
  std::optional<element> raw(std::size_t i) const { return fields_[i]; }
  std::optional<element> find(std::size_t i) const {
    if ((non_null_ >> i & 1) == 0) return std::nullopt;
    return fields_[i];
  }
  bool has(std::size_t i) const { return find(i).has_value(); }
  Path path_of(std::size_t i) const { return path_ / keys_[i]; }

  element require(std::size_t i) const {
    auto e = find(i);
    if (!e) fail(path_of(i), "missing");
    return *e;
  }
  std::int64_t req_int(std::size_t i) const { return as_int(require(i), path_of(i)); }
  std::optional<std::int64_t> opt_int(std::size_t i) const {
    if (auto e = find(i)) return as_int(*e, path_of(i));
    return std::nullopt;
  }
  std::string req_string(std::size_t i) const {
    return std::string(as_string(require(i), path_of(i)));
  }
  // Empty when absent: none of the optional strings we read may legitimately be empty.
  std::string opt_string(std::size_t i) const {
    if (auto e = find(i)) return std::string(as_string(*e, path_of(i)));
    return {};
  }
  bool opt_bool(std::size_t i) const {
    auto e = find(i);
    return e && as_bool(*e, path_of(i));
  }
  object req_object(std::size_t i) const { return as_object(require(i), path_of(i)); }
  std::optional<object> opt_object(std::size_t i) const {
    if (auto e = find(i)) return as_object(*e, path_of(i));
    return std::nullopt;
  }

 private:
  static std::uint64_t length_bit(std::size_t length) {
    return length < 64 ? std::uint64_t{1} << length : 0;
  }

  const Path& path_;
  const std::array<std::string_view, N>& keys_;
  static_assert(N <= 32);
  std::array<std::optional<element>, N> fields_{};
  std::uint32_t non_null_ = 0;  // a bit per field present and not null
};

// A member's status in a ChatMemberUpdated.
std::string read_status(object o, const Path& path) {
  static constexpr std::array<std::string_view, 1> kKeys = {"status"};
  return Fields(o, path, kKeys).opt_string(0);
}

User read_user(object o, const Path& path) {
  enum { kId, kIsBot, kFirstName, kUsername };
  static constexpr std::array<std::string_view, 4> kKeys = {"id", "is_bot", "first_name",
                                                            "username"};
  const Fields f(o, path, kKeys);
  User u;
  u.id = f.req_int(kId);
  u.is_bot = f.opt_bool(kIsBot);
  u.first_name = f.opt_string(kFirstName);
  u.username = f.opt_string(kUsername);
  return u;
}

Chat read_chat(object o, const Path& path) {
  enum { kId, kType, kTitle, kIsForum };
  static constexpr std::array<std::string_view, 4> kKeys = {"id", "type", "title", "is_forum"};
  const Fields f(o, path, kKeys);
  Chat c;
  c.id = f.req_int(kId);
  // The game branches on the chat type (private vs group), so it is required; a type
  // Telegram adds later reads as kUnknown rather than failing.
  c.type = chat_type_from_string(as_string(f.require(kType), f.path_of(kType)));
  c.title = f.opt_string(kTitle);
  c.is_forum = f.opt_bool(kIsForum);
  return c;
}

std::vector<MessageEntity> read_entities(element e, const Path& path) {
  enum { kType, kOffset, kLength };
  static constexpr std::array<std::string_view, 3> kKeys = {"type", "offset", "length"};
  array list;
  if (e.get_array().get(list) != simdjson::SUCCESS) fail(path, "not an array");
  std::vector<MessageEntity> out;
  std::size_t i = 0;
  for (element item : list) {
    const Path at = path[i++];
    const Fields f(as_object(item, at), at, kKeys);
    MessageEntity entity;
    entity.type = f.req_string(kType);
    entity.offset = f.req_int(kOffset);
    entity.length = f.req_int(kLength);
    out.push_back(std::move(entity));
  }
  return out;
}

RepliedMessage read_replied(object o, const Path& path) {
  enum { kMessageId, kFrom, kSenderChat, kDate, kTopicCreated };
  static constexpr std::array<std::string_view, 5> kKeys = {
      "message_id", "from", "sender_chat", "date", "forum_topic_created"};
  const Fields f(o, path, kKeys);
  RepliedMessage r;
  r.message_id = f.req_int(kMessageId);
  if (auto from = f.opt_object(kFrom)) r.from = read_user(*from, f.path_of(kFrom));
  if (auto sc = f.opt_object(kSenderChat)) r.sender_chat = read_chat(*sc, f.path_of(kSenderChat));
  r.date = f.opt_int(kDate).value_or(0);
  r.is_topic_created = f.has(kTopicCreated);
  return r;
}

// The readers of the large objects fill one the caller placed where it belongs (the
// update's payload, the callback's message, the parse result): returning them by value
// moved every message, its strings one by one, up through each level, 8 times an update.
void read_message(object o, const Path& path, Message& m) {
  enum {
    kMessageId, kChat, kFrom, kSenderChat, kDate, kText, kCaption, kEntities,
    kCaptionEntities, kIsTopicMessage, kThreadId, kTopicCreated, kReplyTo
  };
  static constexpr std::array<std::string_view, 13> kKeys = {
      "message_id",       "chat",   "from",     "sender_chat",
      "date",             "text",   "caption",  "entities",
      "caption_entities", "is_topic_message",   "message_thread_id",
      "forum_topic_created", "reply_to_message"};
  const Fields f(o, path, kKeys);
  m.message_id = f.req_int(kMessageId);
  m.chat = read_chat(f.req_object(kChat), f.path_of(kChat));
  if (auto from = f.opt_object(kFrom)) m.from = read_user(*from, f.path_of(kFrom));
  if (auto sc = f.opt_object(kSenderChat)) m.sender_chat = read_chat(*sc, f.path_of(kSenderChat));
  m.date = f.opt_int(kDate).value_or(0);

  // A message has either text (with entities) or, for media, an optional caption (with
  // caption_entities); commands may arrive in either.
  auto entities_key = kEntities;
  if (f.has(kText)) {
    m.text = f.req_string(kText);
  } else if (f.has(kCaption)) {
    m.text = f.req_string(kCaption);
    m.text_is_caption = true;
    entities_key = kCaptionEntities;
  }
  if (auto entities = f.find(entities_key)) {
    m.entities = read_entities(*entities, f.path_of(entities_key));
  }

  m.is_topic_message = f.opt_bool(kIsTopicMessage);
  m.message_thread_id = f.opt_int(kThreadId);
  m.is_topic_created = f.has(kTopicCreated);
  if (auto reply = f.opt_object(kReplyTo)) {
    m.reply_to_message = read_replied(*reply, f.path_of(kReplyTo));
    // Only a topic message's implicit reply points at the topic's creation message. In
    // ordinary supergroups message_thread_id names the reply thread's root, so the
    // thread-id comparison alone would mistake a real reply for the implicit one.
    m.reply_is_topic_root =
        m.reply_to_message->is_topic_created ||
        (m.is_topic_message && m.message_thread_id == m.reply_to_message->message_id);
  }
}

void read_callback(object o, const Path& path, CallbackQuery& q) {
  enum { kId, kFrom, kMessage, kInlineMessageId, kChatInstance, kData };
  static constexpr std::array<std::string_view, 6> kKeys = {
      "id", "from", "message", "inline_message_id", "chat_instance", "data"};
  const Fields f(o, path, kKeys);
  q.id = f.req_string(kId);
  q.from = read_user(f.req_object(kFrom), f.path_of(kFrom));
  // A MaybeInaccessibleMessage: an InaccessibleMessage has only chat, message_id and
  // date 0, which read_message accepts as is.
  if (auto m = f.opt_object(kMessage)) read_message(*m, f.path_of(kMessage), q.message.emplace());
  q.inline_message_id = f.opt_string(kInlineMessageId);
  q.chat_instance = f.opt_string(kChatInstance);
  q.data = f.opt_string(kData);
}

ChatMemberUpdated read_member_update(object o, const Path& path) {
  enum { kChat, kFrom, kDate, kOldMember, kNewMember };
  static constexpr std::array<std::string_view, 5> kKeys = {
      "chat", "from", "date", "old_chat_member", "new_chat_member"};
  const Fields f(o, path, kKeys);
  ChatMemberUpdated u;
  u.chat = read_chat(f.req_object(kChat), f.path_of(kChat));
  u.from = read_user(f.req_object(kFrom), f.path_of(kFrom));
  u.date = f.opt_int(kDate).value_or(0);
  if (auto old_member = f.opt_object(kOldMember)) {
    u.old_status = read_status(*old_member, f.path_of(kOldMember));
  }
  if (auto new_member = f.opt_object(kNewMember)) {
    u.new_status = read_status(*new_member, f.path_of(kNewMember));
  }
  return u;
}

struct KnownKind {
  std::string_view key;
  UpdateKind kind;
};
constexpr KnownKind kKinds[] = {
    {"message", UpdateKind::kMessage},
    {"edited_message", UpdateKind::kEditedMessage},
    {"channel_post", UpdateKind::kChannelPost},
    {"edited_channel_post", UpdateKind::kEditedChannelPost},
    {"callback_query", UpdateKind::kCallbackQuery},
    {"my_chat_member", UpdateKind::kMyChatMember},
};

void read_update(element e, const Path& path, Update& u) {
  object o = as_object(e, path);
  static constexpr std::array<std::string_view, 1> kUpdateId = {"update_id"};
  u.update_id = Fields(o, path, kUpdateId).req_int(0);
  // Telegram sends at most one payload per update. The first key we know wins; otherwise
  // the first other key names the ignored kind.
  for (auto [key, value] : o) {
    if (key == "update_id") continue;
    const std::string_view name = key;  // clang before 16 cannot capture a structured binding
    auto known = std::find_if(std::begin(kKinds), std::end(kKinds),
                              [&](const KnownKind& k) { return k.key == name; });
    if (known == std::end(kKinds)) {
      if (u.kind_name.empty()) u.kind_name = std::string(key);
      continue;
    }
    if (value.is_null()) continue;
    u.kind = known->kind;
    u.kind_name = std::string(key);
    const Path at = path / known->key;
    object payload = as_object(value, at);
    switch (known->kind) {
      case UpdateKind::kCallbackQuery:
        read_callback(payload, at, u.payload.emplace<CallbackQuery>());
        break;
      case UpdateKind::kMyChatMember: u.payload = read_member_update(payload, at); break;
      default: read_message(payload, at, u.payload.emplace<Message>()); break;
    }
    return;
  }
  // kOther
}

// A parser grows its buffers to the largest document it has seen. Real Bot API bodies stay
// well below this (100 updates of 4096-character texts are ~2 MB); one oversized body must
// not pin its buffers in every thread for good.
constexpr std::size_t kRetainedCapacity = 4u << 20;

// Reused per thread: a DOM parser keeps its buffers, so steady-state parsing allocates
// nothing for the tree. Every public function finishes with the tree before returning.
simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

// Parses the whole text (validating UTF-8, structure, depth and number ranges) and runs
// `read` on the root and the result it fills, turning every failure into a ParseError.
template <typename T, typename Read>
std::variant<T, ParseError> parse_with(std::string_view json, Read&& read) {
  std::variant<T, ParseError> result;  // the one object every path returns: not moved
  auto& parser = thread_parser();
  struct Shrink {  // runs after `read` is done with the tree, on every path
    simdjson::dom::parser& parser;
    ~Shrink() {
      if (parser.capacity() > kRetainedCapacity) parser = simdjson::dom::parser{};
    }
  } shrink{parser};
  element root;
  auto err = parser.parse(json.data(), json.size()).get(root);
  if (err != simdjson::SUCCESS) {
    result = ParseError{std::string("invalid JSON: ") + simdjson::error_message(err)};
    return result;
  }
  try {
    std::forward<Read>(read)(root, std::get<T>(result));
  } catch (Invalid& invalid) {
    result = ParseError{std::move(invalid.reason)};
  } catch (const std::exception& e) {
    // Allocation failure or a simdjson exception we did not foresee: still not a crash.
    result = ParseError{std::string("internal: ") + e.what()};
  }
  return result;
}

}  // namespace

std::optional<std::int64_t> UpdateBatch::next_offset() const {
  std::optional<std::int64_t> top;
  auto see = [&](std::int64_t id) {
    if (!top || id > *top) top = id;
  };
  for (const auto& u : updates) see(u.update_id);
  for (const auto& b : bad) {
    if (b.update_id) see(*b.update_id);
  }
  // INT64_MAX cannot be passed; Telegram's ids are far below it anyway.
  if (top && *top < std::numeric_limits<std::int64_t>::max()) ++*top;
  return top;
}

std::variant<Update, ParseError> parse_update(std::string_view json) {
  return parse_with<Update>(json, [](element root, Update& u) { read_update(root, Path{}, u); });
}

std::variant<UpdateBatch, ParseError> parse_updates(std::string_view result_json) {
  return parse_with<UpdateBatch>(result_json, [](element root, UpdateBatch& batch) {
    array list;
    if (root.get_array().get(list) != simdjson::SUCCESS) fail(Path{}, "not an array");
    const Path top{};
    std::size_t i = 0;
    for (element item : list) {
      const Path at = top[i++];
      try {
        read_update(item, at, batch.updates.emplace_back());
      } catch (Invalid& invalid) {
        batch.updates.pop_back();
        // Keep the id when it is readable, so the poller can still move past this one.
        BadUpdate bad{std::nullopt, std::move(invalid.reason)};
        object o;
        element id;
        std::int64_t value = 0;
        if (item.get_object().get(o) == simdjson::SUCCESS &&
            o.at_key("update_id").get(id) == simdjson::SUCCESS &&
            id.get_int64().get(value) == simdjson::SUCCESS) {
          bad.update_id = value;
        }
        batch.bad.push_back(std::move(bad));
      }
    }
  });
}

std::variant<ApiResponse, ParseError> parse_response(std::string_view body) {
  return parse_with<ApiResponse>(body, [](element root, ApiResponse& r) {
    enum { kOk, kResult, kErrorCode, kDescription, kParameters };
    static constexpr std::array<std::string_view, 5> kKeys = {
        "ok", "result", "error_code", "description", "parameters"};
    const Path top{};
    const Fields f(as_object(root, top), top, kKeys);
    r.ok = as_bool(f.require(kOk), f.path_of(kOk));
    if (auto result = f.raw(kResult)) {  // null too: an edit's result may be null
      r.result = simdjson::minify(*result);
    } else if (r.ok) {
      fail(f.path_of(kResult), "missing");
    }
    if (auto code = f.opt_int(kErrorCode)) {
      if (*code < std::numeric_limits<int>::min() || *code > std::numeric_limits<int>::max()) {
        fail(f.path_of(kErrorCode), "out of range");
      }
      r.error_code = static_cast<int>(*code);
    }
    r.description = f.opt_string(kDescription);
    if (auto params = f.opt_object(kParameters)) {
      enum { kRetryAfter, kMigrateTo };
      static constexpr std::array<std::string_view, 2> kParams = {"retry_after",
                                                                  "migrate_to_chat_id"};
      const Path at = f.path_of(kParameters);
      const Fields p(*params, at, kParams);
      r.retry_after = p.opt_int(kRetryAfter);
      // The wait is an int where it is used (ApiResult): a value beyond would wrap into
      // another wait, so it is refused, as an error_code out of range is.
      if (r.retry_after && (*r.retry_after < std::numeric_limits<int>::min() ||
                            *r.retry_after > std::numeric_limits<int>::max())) {
        fail(p.path_of(kRetryAfter), "out of range");
      }
      r.migrate_to_chat_id = p.opt_int(kMigrateTo);
    }
  });
}

std::variant<User, ParseError> parse_user(std::string_view json) {
  return parse_with<User>(json, [](element root, User& u) {
    const Path top{};
    u = read_user(as_object(root, top), top);
  });
}

std::variant<Message, ParseError> parse_message(std::string_view json) {
  return parse_with<Message>(json, [](element root, Message& m) {
    const Path top{};
    read_message(as_object(root, top), top, m);
  });
}

}  // namespace telegram
