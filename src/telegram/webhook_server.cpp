#include "telegram/webhook_server.hpp"

#include <openssl/crypto.h>

#include <algorithm>

namespace telegram {

bool secret_matches(std::string_view presented, std::string_view expected) {
  // Compare over the expected length whatever was presented, so timing reveals nothing
  // of the secret; the length check comes last.
  std::string padded(expected.size(), '\0');
  std::copy_n(presented.begin(), std::min(presented.size(), expected.size()), padded.begin());
  bool same = CRYPTO_memcmp(padded.data(), expected.data(), expected.size()) == 0;
  return same && presented.size() == expected.size() && !expected.empty();
}

WebhookServer::WebhookServer(asio::any_io_executor executor, tcp::endpoint endpoint,
                             WebhookOptions options, Handler handler)
    : options_(std::move(options)),
      server_(
          executor, endpoint, options_.limits,
          [this](const net::RequestHead& head, std::optional<std::uint64_t>) {
            return check_webhook_head(options_, head);
          },
          [handler = std::move(handler)](net::Request request) {
            return handler(std::move(request.body()));
          }) {}

std::optional<net::Response> check_webhook_head(const WebhookOptions& options,
                                                const net::RequestHead& head) {
  auto target = head.target();
  if (std::string_view(target.data(), target.size()) != options.path) {
    return net::Response{404, net::json_error("not found"), nullptr};
  }
  if (head.method() != http::verb::post) {
    net::Response refusal{405, net::json_error("POST only")};
    refusal.allow = "POST";
    return refusal;
  }
  auto secret = head["X-Telegram-Bot-Api-Secret-Token"];
  if (!secret_matches(std::string_view(secret.data(), secret.size()), options.secret)) {
    return net::Response{401, net::json_error("wrong secret token"), nullptr};
  }
  return std::nullopt;
}

}  // namespace telegram
