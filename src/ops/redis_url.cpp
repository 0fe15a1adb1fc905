#include "ops/redis_url.hpp"

#include <charconv>

namespace ops {
namespace {

bool to_int(std::string_view s, int& out, int low, int high) {
  int n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n < low || n > high) return false;
  out = n;
  return true;
}

RedisUrlResult failed(std::string why) { return {std::nullopt, std::move(why)}; }

}  // namespace

RedisUrlResult parse_redis_url(std::string_view text) {
  constexpr std::string_view kScheme = "redis://";
  if (!text.starts_with(kScheme)) return failed("must start with redis://");
  std::string_view rest = text.substr(kScheme.size());
  RedisEndpoint e;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const auto credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto colon = credentials.find(':');
    if (colon == std::string_view::npos) {
      e.password = std::string(credentials);  // redis://PASSWORD@host, as redis-cli takes it
    } else {
      e.user = std::string(credentials.substr(0, colon));
      e.password = std::string(credentials.substr(colon + 1));
    }
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const auto db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!db.empty() && !to_int(db, e.db, 0, 1'000'000)) return failed("the database must be a number");
  }
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    if (!to_int(rest.substr(colon + 1), e.port, 1, 65535)) return failed("the port must be 1-65535");
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return failed("no host");
  if (rest.find_first_of("?#@ ") != std::string_view::npos) return failed("the host is not valid");
  e.host = std::string(rest);
  return {std::move(e), {}};
}

}  // namespace ops
