#pragma once
// A listening socket address as written in the configuration: "HOST:PORT", where HOST is a name,
// an IPv4 address or a bracketed IPv6 address ("[::1]:9090"). Port 0 asks the system for a free
// port (tests use it).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ops {

struct ListenAddress {
  std::string host;  // without brackets
  std::uint16_t port = 0;
};

struct ListenAddressResult {
  std::optional<ListenAddress> address;
  std::string error;  // why `address` is empty
};

ListenAddressResult parse_listen_address(std::string_view text);

}  // namespace ops
