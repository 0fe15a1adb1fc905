#pragma once
// What may be shown of a value. Secrets (the bot token, the webhook secret) are never shown;
// a password inside a URL (postgresql://user:PASSWORD@host/db, ?password=…) is masked wherever
// a URL is printed, because database URLs end up in logs and error messages.
#include <string>
#include <string_view>

namespace ops {

inline constexpr std::string_view kRedacted = "<redacted>";

// The URL with its password (userinfo or a `password=` query parameter) replaced by kRedacted;
// any other text unchanged.
std::string mask_url_password(std::string_view text);

}  // namespace ops
