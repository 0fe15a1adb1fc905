#include "telegram/base_url.hpp"

namespace telegram {

std::optional<BaseUrl> parse_base_url(std::string_view url) {
  BaseUrl result;
  if (url.starts_with("https://")) {
    url.remove_prefix(8);
    result.tls = true;
    result.port = "443";
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
    result.tls = false;
    result.port = "80";
  } else {
    return std::nullopt;
  }
  auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  if (slash != std::string_view::npos) result.path = std::string(url.substr(slash));
  while (!result.path.empty() && result.path.back() == '/') result.path.pop_back();
  if (authority.empty()) return std::nullopt;
  if (authority.front() == '[') {  // [::1]:8081
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    result.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      result.port = std::string(authority.substr(close + 2));
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    result.host = std::string(authority.substr(0, colon));
    result.port = std::string(authority.substr(colon + 1));
  } else {
    result.host = std::string(authority);
  }
  if (result.host.empty() || result.port.empty()) return std::nullopt;
  return result;
}

}  // namespace telegram
