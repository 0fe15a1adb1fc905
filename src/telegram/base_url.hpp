#pragma once
// The Bot API server address: https://api.telegram.org, a local Bot API server
// (http://127.0.0.1:8081), or an emulator. Parsed once at start.
#include <optional>
#include <string>
#include <string_view>

namespace telegram {

struct BaseUrl {
  bool tls = true;
  std::string host;
  std::string port;       // "443", "80", or as given
  std::string path;       // prefix before "/bot<token>/…", without a trailing '/'
};

std::optional<BaseUrl> parse_base_url(std::string_view url);

}  // namespace telegram
