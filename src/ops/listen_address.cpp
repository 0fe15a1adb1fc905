#include "ops/listen_address.hpp"

#include <charconv>

namespace ops {

ListenAddressResult parse_listen_address(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return {std::nullopt, "expected HOST:PORT"};
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);

  if (host.starts_with('[')) {
    if (!host.ends_with(']') || host.size() < 3) return {std::nullopt, "unbalanced [ ] around the IPv6 host"};
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return {std::nullopt, "an IPv6 host must be in brackets, e.g. [::1]:9090"};
  }
  if (host.empty()) return {std::nullopt, "the host is missing (use 0.0.0.0 for every interface)"};
  for (const char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '_' || c == '%';
    if (!ok) return {std::nullopt, "the host contains characters not allowed in a host name"};
  }

  unsigned port = 0;
  const auto* end = port_text.data() + port_text.size();
  const auto [stop, ec] = std::from_chars(port_text.data(), end, port);
  if (port_text.empty() || ec != std::errc{} || stop != end || port > 65535) {
    return {std::nullopt, "the port must be a number from 0 to 65535"};
  }
  return {ListenAddress{std::string(host), static_cast<std::uint16_t>(port)}, {}};
}

}  // namespace ops
