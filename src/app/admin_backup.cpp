#include "app/admin_backup.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/backup_command.hpp"
#include "telegram/json_writer.hpp"

namespace app {

AdminBackup::AdminBackup(const ops::Config& config, net::asio::any_io_executor executor,
                         telegram::BotApi& api, telegram::OutboundQueue& outbound)
    : config_(config), executor_(std::move(executor)), api_(api), outbound_(outbound) {}

AdminBackup::~AdminBackup() {
  if (thread_.joinable()) thread_.join();
}

void AdminBackup::tell(bot::ChatId chat, const std::string& text) {
  telegram::JsonWriter w;
  w.begin_object();
  w.key("chat_id").value(std::int64_t{chat});
  w.key("text").value(text);
  w.end_object();
  outbound_.enqueue({telegram::OutboundRequest{chat, false, "sendMessage", w.take(), {}, 0}});
}

bot::BackupStarted AdminBackup::start(bot::ChatId chat, bot::UserId admin) {
  if (running_.exchange(true)) return {false, "💾 Бэкап уже идёт, дождись его."};
  if (thread_.joinable()) thread_.join();  // the last one, finished
  thread_ = std::thread([this, chat, admin] {
    try {
      auto taken = take_backup_file(config_);
      spdlog::info("admin {}: {}", admin, taken.description);
      net::asio::co_spawn(executor_,
                          deliver(chat, taken.file.string(), taken.bytes),
                          net::asio::detached);
    } catch (const std::exception& e) {
      spdlog::error("admin {}: backup failed: {}", admin, e.what());
      tell(chat, fmt::format("❌ Бэкап не удался: {}", e.what()));
      running_ = false;
    }
  });
  return {true, "💾 Бэкап пошёл. Пришлю файл, как будет готов."};
}

net::awaitable<void> AdminBackup::deliver(bot::ChatId chat, std::string path,
                                          std::uintmax_t bytes) {
  struct Done {
    std::atomic<bool>& running;
    ~Done() { running = false; }
  } done{running_};
  const auto name = std::filesystem::path(path).filename().string();
  const std::string size = fmt::format("{:.1f} МБ", static_cast<double>(bytes) / (1024.0 * 1024.0));
  if (bytes > kTelegramUploadLimit) {
    tell(chat, fmt::format("💾 Бэкап готов: {} ({}), больше лимита Telegram на файлы (50 МБ).",
                           path, size));
    co_return;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  telegram::BotApi::Upload upload;
  upload.fields = {{"chat_id", std::to_string(chat)},
                   {"caption", fmt::format("💾 Бэкап {} ({})", name, size)}};
  upload.filename = name;
  upload.content = content.str();
  auto result = co_await api_.upload("sendDocument", std::move(upload));
  if (!result.ok()) {
    spdlog::warn("sendDocument of the backup failed: {}", result.description);
    tell(chat, fmt::format("💾 Бэкап готов: {} ({}), но отправить файл не вышло: {}", path, size,
                           result.description));
  }
}

}  // namespace app
