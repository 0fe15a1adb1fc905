#include "bot/contact_book.hpp"

namespace bot {

std::string folded_username(std::string_view username) {
  if (username.starts_with('@')) username.remove_prefix(1);
  std::string out(username);
  // Telegram usernames are [A-Za-z0-9_]: ASCII case folding is the whole story.
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

const ContactBook::Known* ContactBook::find(UserId user) {
  if (auto it = current_.find(user); it != current_.end()) return &it->second;
  if (auto it = previous_.find(user); it != previous_.end()) return &it->second;
  return nullptr;
}

namespace {

// Whether `folded` is folded_username(`username`), without building it (every update asks).
bool same_folded(std::string_view folded, std::string_view username) {
  if (username.starts_with('@')) username.remove_prefix(1);
  if (folded.size() != username.size()) return false;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    char c = username[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != folded[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<store::ContactChange> ContactBook::change_for(const User& from, bool private_chat) {
  if (from.id <= 0 || from.is_bot) return std::nullopt;
  const Known* known = find(from.id);
  // Stored private stays private (the upsert keeps it): only the other way is news.
  if (known && same_folded(known->username, from.username) &&
      (known->private_chat || !private_chat)) {
    return std::nullopt;
  }
  return store::ContactChange{from.id, folded_username(from.username),
                              private_chat || (known && known->private_chat)};
}

void ContactBook::forget(UserId user) {
  current_.erase(user);
  previous_.erase(user);
}

void ContactBook::remember(const store::ContactChange& contact) {
  previous_.erase(contact.user_id);
  if (current_.size() >= kGenerationSize && !current_.contains(contact.user_id)) {
    previous_ = std::move(current_);
    current_ = {};
  }
  current_[contact.user_id] = Known{contact.username, contact.private_chat};
}

}  // namespace bot
