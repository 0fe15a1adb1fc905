// Validation of a complete configuration: each setting's own check (from the schema), then the
// rules that relate two or more settings.
#include <fmt/format.h>

#include <array>
#include <algorithm>

#include "ops/config.hpp"
#include "ops/schema.hpp"

namespace ops {
namespace {

constexpr std::size_t kMinWebhookSecret = 16;

// A rule across settings, reported against `key`.
struct Rule {
  std::string_view key;
  Reason (*check)(const Config&);
};

constexpr std::array kRules{
    Rule{"balance.pvp_min_chance",
         [](const Config& c) -> Reason {
           if (c.balance.pvp_min_chance > c.balance.pvp_max_chance) {
             return "must not exceed balance.pvp_max_chance (" +
                    Codec<double>::render(c.balance.pvp_max_chance) + ")";
           }
           return std::nullopt;
         }},
    Rule{"telegram.webhook_url",
         [](const Config& c) -> Reason {
           if (c.telegram.mode == TelegramMode::webhook && c.telegram.webhook_url.empty()) {
             return std::string("required when telegram.mode = \"webhook\"");
           }
           return std::nullopt;
         }},
    Rule{"telegram.webhook_secret",
         [](const Config& c) -> Reason {
           // Without it anyone who finds the URL could post forged updates.
           if (c.telegram.mode != TelegramMode::webhook) return std::nullopt;
           if (c.telegram.webhook_secret.empty()) {
             return std::string("required when telegram.mode = \"webhook\"");
           }
           // A short one can be guessed by whoever can reach the webhook (the compare is
           // constant-time, but its length bounds the search).
           if (c.telegram.webhook_secret.size() < kMinWebhookSecret) {
             return fmt::format("must be at least {} characters in webhook mode (e.g. openssl rand "
                                "-hex 24)", kMinWebhookSecret);
           }
           return std::nullopt;
         }},
};

}  // namespace

std::vector<ConfigError> validate(const Config& config) {
  std::vector<ConfigError> errors;
  for (const auto& setting : settings()) {
    if (auto reason = setting->check(config)) {
      errors.push_back({std::string(setting->key()), setting->render_redacted(config), std::move(*reason), {}});
    }
  }
  for (const Rule& rule : kRules) {
    // One problem per key is enough: a value already out of range needs no second message.
    const bool reported = std::any_of(errors.begin(), errors.end(),
                                      [&](const ConfigError& e) { return e.key == rule.key; });
    if (reported) continue;
    if (auto reason = rule.check(config)) {
      const Setting* setting = find_setting(rule.key);
      errors.push_back({std::string(rule.key), setting ? setting->render_redacted(config) : std::string(),
                        std::move(*reason), {}});
    }
  }
  return errors;
}

}  // namespace ops
