#pragma once
// What the database knows of each user's contact (store::ContactChange: @username, private
// chat), remembered so that a contact is written only when it changes: once per user and
// process at most for most users, never per update. Bounded like the rate limiter: two
// generations of kGenerationSize entries; a user forgotten is written once more when seen
// again (the write is an idempotent upsert). Engine thread only.
#include <optional>
#include <string>
#include <unordered_map>

#include "bot/update.hpp"
#include "store/records.hpp"

namespace bot {

class ContactBook {
 public:
  static constexpr std::size_t kGenerationSize = 65'536;

  // The write this update calls for, if its sender's contact is not stored as it is now.
  std::optional<store::ContactChange> change_for(const User& from, bool private_chat);
  // A contact was committed.
  void remember(const store::ContactChange& contact);
  // Its stored state changed behind the book (a broadcast marked the user as having blocked
  // the bot): write it again when next seen, which clears the mark if they talk privately.
  void forget(UserId user);

  std::size_t size() const { return current_.size() + previous_.size(); }

 private:
  struct Known {
    std::string username;
    bool private_chat = false;
  };
  const Known* find(UserId user);

  std::unordered_map<UserId, Known> current_;
  std::unordered_map<UserId, Known> previous_;
};

// A @username as the contacts table keeps it: lower case, without '@'.
std::string folded_username(std::string_view username);

}  // namespace bot
