#include "ops/redact.hpp"

namespace ops {
namespace {

// Masks `user:password@` in the authority part of scheme://authority/...
std::string mask_userinfo(std::string_view text) {
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return std::string(text);
  const auto authority_begin = scheme_end + 3;
  const auto authority_end = text.find_first_of("/?#", authority_begin);
  const auto authority = text.substr(authority_begin, authority_end == std::string_view::npos
                                                          ? std::string_view::npos
                                                          : authority_end - authority_begin);
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(text);
  const auto colon = authority.substr(0, at).find(':');
  if (colon == std::string_view::npos) return std::string(text);
  std::string out(text.substr(0, authority_begin + colon + 1));
  out += kRedacted;
  out += text.substr(authority_begin + at);
  return out;
}

// Masks the value of every `password=` parameter after the '?'.
std::string mask_query_password(std::string text) {
  const auto query = text.find('?');
  if (query == std::string::npos) return text;
  constexpr std::string_view kKey = "password=";
  std::size_t pos = query + 1;
  while (pos < text.size()) {
    auto end = text.find('&', pos);
    if (end == std::string::npos) end = text.size();
    if (std::string_view(text).substr(pos, end - pos).starts_with(kKey)) {
      const auto value_begin = pos + kKey.size();
      text.replace(value_begin, end - value_begin, kRedacted);
      end = value_begin + kRedacted.size();
    }
    pos = end + 1;
  }
  return text;
}

}  // namespace

std::string mask_url_password(std::string_view text) {
  return mask_query_password(mask_userinfo(text));
}

}  // namespace ops
