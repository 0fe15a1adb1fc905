#pragma once
// "Backup now" of the admin panel in `gofrobot run`: a consistent online backup (the same as
// `gofrobot backup`) on a thread of its own, never the engine's; then the file goes to the
// admin as a document (sendDocument) when it is under Telegram's 50 MB upload limit for
// bots, else a message names its path and size. One backup at a time.
#include <atomic>
#include <cstdint>
#include <thread>

#include "bot/admin/admin_services.hpp"
#include "net/asio.hpp"
#include "ops/config.hpp"
#include "telegram/bot_api.hpp"
#include "telegram/outbound_queue.hpp"

namespace app {

inline constexpr std::uintmax_t kTelegramUploadLimit = 50ull * 1024 * 1024;

class AdminBackup {
 public:
  // The parts must outlive this object (destroy it first: it waits for a running backup).
  AdminBackup(const ops::Config& config, net::asio::any_io_executor executor,
              telegram::BotApi& api, telegram::OutboundQueue& outbound);
  ~AdminBackup();
  AdminBackup(const AdminBackup&) = delete;
  AdminBackup& operator=(const AdminBackup&) = delete;

  bot::BackupStarted start(bot::ChatId chat, bot::UserId admin);

 private:
  void tell(bot::ChatId chat, const std::string& text);
  net::awaitable<void> deliver(bot::ChatId chat, std::string path, std::uintmax_t bytes);

  const ops::Config& config_;
  net::asio::any_io_executor executor_;
  telegram::BotApi& api_;
  telegram::OutboundQueue& outbound_;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace app
