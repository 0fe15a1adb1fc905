#pragma once
// Bans (the admin panel): a banned user's updates are recorded as processed and their
// handlers do not run; a message gets one notice (the first after the ban, per process),
// a button a short toast each time (a callback must be answered anyway). Admins cannot be
// banned. Bans live in the database and every replica follows them (bot::AdminState).
#include "bot/guards/guard.hpp"

namespace bot {

inline constexpr const char* kBannedText = "⛔ Ты забанен на гофроцентрале.";

class BanGuard final : public Guard {
 public:
  std::string_view name() const override { return "ban"; }
  bool admit(Context& ctx, const Route& route) override;
};

}  // namespace bot
