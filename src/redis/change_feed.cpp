#include "redis/change_feed.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <random>

#include "redis/connection.hpp"

namespace redis {

namespace {

void append_ids(std::string& out, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) {
    out += '-';
    return;
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

bool parse_ids(std::string_view text, std::vector<std::int64_t>& out) {
  if (text == "-") return true;
  while (!text.empty()) {
    const auto comma = std::min(text.find(','), text.size());
    std::int64_t id = 0;
    if (!parse_number(text.substr(0, comma), id)) return false;
    out.push_back(id);
    if (comma == text.size()) return true;
    text.remove_prefix(comma + 1);
    if (text.empty()) return false;  // a trailing comma
  }
  return false;  // an empty list is "-"
}

void add_unique(std::vector<std::int64_t>& into, const std::vector<std::int64_t>& ids) {
  into.insert(into.end(), ids.begin(), ids.end());
  std::sort(into.begin(), into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}

}  // namespace

void Changes::merge(Changes other) {
  everything = everything || other.everything;
  add_unique(players, other.players);
  add_unique(chats, other.chats);
  // In order: a receiver keeps the newest version of a player it reads twice.
  for (auto& row : other.rows) rows.push_back(std::move(row));
}

std::string encode_changes(std::uint64_t origin, const Changes& changes) {
  std::string out = std::to_string(origin);
  if (changes.everything) return out + " *";
  out += ' ';
  append_ids(out, changes.players);
  out += ' ';
  append_ids(out, changes.chats);
  if (!changes.rows.empty()) out += ' ';
  for (const auto& row : changes.rows) {
    out += std::to_string(row.size());
    out += ':';
    out += row;
  }
  return out;
}

std::optional<Message> decode_changes(std::string_view text) {
  Message m;
  const auto first = text.find(' ');
  if (first == std::string_view::npos || !parse_number(text.substr(0, first), m.origin)) {
    return std::nullopt;
  }
  const auto rest = text.substr(first + 1);
  if (rest == "*") {
    m.changes.everything = true;
    return m;
  }
  const auto second = rest.find(' ');
  if (second == std::string_view::npos) return std::nullopt;
  if (!parse_ids(rest.substr(0, second), m.changes.players)) return std::nullopt;
  auto tail = rest.substr(second + 1);
  const auto third = tail.find(' ');
  if (!parse_ids(tail.substr(0, third), m.changes.chats)) return std::nullopt;
  if (third == std::string_view::npos) return m;
  auto rows = tail.substr(third + 1);
  if (rows.empty()) return std::nullopt;
  while (!rows.empty()) {
    const auto colon = rows.find(':');
    std::size_t length = 0;
    if (colon == std::string_view::npos || !parse_number(rows.substr(0, colon), length) ||
        length > rows.size() - colon - 1) {
      return std::nullopt;
    }
    m.changes.rows.emplace_back(rows.substr(colon + 1, length));
    rows.remove_prefix(colon + 1 + length);
  }
  return m;
}

ChangeFeed::ChangeFeed(ops::RedisEndpoint endpoint, OnChanges on_changes, Options options)
    : endpoint_(std::move(endpoint)),
      on_changes_(std::move(on_changes)),
      options_(std::move(options)),
      origin_(std::random_device{}() | (std::uint64_t{std::random_device{}()} << 32)) {
  publisher_ = std::thread([this] { publish_loop(); });
  subscriber_ = std::thread([this] { subscribe_loop(); });
}

ChangeFeed::~ChangeFeed() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  publisher_.join();
  subscriber_.join();
}

void ChangeFeed::publish(Changes changes) {
  if (changes.empty()) return;
  {
    std::lock_guard lock(mutex_);
    if (queued_) {
      queued_->merge(std::move(changes));
    } else {
      queued_ = std::move(changes);
    }
  }
  wake_.notify_all();
}

ChangeFeed::Numbers ChangeFeed::numbers() const {
  return {subscribed_.load(), published_.load(), publish_failures_.load(), received_.load(),
          subscriptions_.load()};
}

bool ChangeFeed::pause(std::chrono::milliseconds d) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, d, [&] { return stopping_; });
}

void ChangeFeed::publish_loop() {
  std::unique_ptr<Connection> connection;
  // After a failed PUBLISH the others missed something: the next message says everything.
  bool missed = false;
  while (true) {
    Changes changes;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || queued_; });
      if (stopping_) return;
      changes = std::move(*queued_);
      queued_.reset();
    }
    if (missed || changes.players.size() + changes.chats.size() > options_.max_ids) {
      changes = Changes{{}, {}, true, {}};
    } else {
      std::size_t bytes = 0;
      for (const auto& row : changes.rows) bytes += row.size();
      if (bytes > options_.max_row_bytes) changes.rows.clear();  // the ids say what to drop
    }
    try {
      if (!connection) connection = std::make_unique<Connection>(endpoint_, options_.timeout);
      const auto reply =
          connection->run({"PUBLISH", options_.channel, encode_changes(origin_, changes)});
      if (reply.is_error()) throw IoError("Redis refused PUBLISH: " + reply.text);
      ++published_;
      if (missed) spdlog::info("change feed: publishing again");
      missed = false;
    } catch (const IoError& e) {
      connection.reset();
      ++publish_failures_;
      if (!missed) {
        spdlog::warn("change feed: cannot publish ({}); the other replicas' caches may show "
                     "this replica's changes late until it can",
                     e.what());
      }
      missed = true;
      if (!pause(options_.retry_interval)) return;
      // What queued meanwhile goes with the "everything" that follows.
      publish(Changes{{}, {}, true, {}});
    }
  }
}

void ChangeFeed::subscribe_loop() {
  bool logged_down = false;
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    try {
      Connection connection(endpoint_, options_.timeout);
      connection.send({"SUBSCRIBE", options_.channel});
      auto confirmed = connection.read_for(options_.timeout);
      if (!confirmed || confirmed->kind != Reply::Kind::kArray || confirmed->elements.empty() ||
          confirmed->elements[0].text != "subscribe") {
        throw IoError("Redis did not confirm the subscription to " + options_.channel);
      }
      subscribed_ = true;
      ++subscriptions_;
      if (logged_down) spdlog::info("change feed: subscribed to {} again", options_.channel);
      logged_down = false;
      // What was published before now is unknown here.
      on_changes_(Changes{{}, {}, true, {}});
      while (true) {
        {
          std::lock_guard lock(mutex_);
          if (stopping_) return;
        }
        auto reply = connection.read_for(std::chrono::milliseconds(250));
        if (!reply || reply->kind != Reply::Kind::kArray || reply->elements.size() != 3 ||
            reply->elements[0].text != "message") {
          continue;
        }
        auto message = decode_changes(reply->elements[2].text);
        if (!message) {
          spdlog::warn("change feed: a message not ours on {}, ignored", options_.channel);
          continue;
        }
        if (message->origin == origin_) continue;
        ++received_;
        on_changes_(std::move(message->changes));
      }
    } catch (const IoError& e) {
      subscribed_ = false;
      if (!logged_down) {
        spdlog::warn("change feed: not subscribed ({}); caches follow only their ages until "
                     "Redis answers (tried every {} ms)",
                     e.what(), options_.retry_interval.count());
        logged_down = true;
      }
      if (!pause(options_.retry_interval)) return;
    }
  }
}

}  // namespace redis
