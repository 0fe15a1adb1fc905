#include "ops/validators.hpp"

#include "ops/database_url.hpp"
#include "ops/redis_url.hpp"
#include "ops/listen_address.hpp"

namespace ops::check {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

template <class Pred>
bool all_of(const std::string& text, Pred pred) {
  for (const char c : text) {
    if (!pred(c)) return false;
  }
  return true;
}

Reason check_http_url(const std::string& value) {
  std::string_view rest = value;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return std::string("must start with https:// (or http://)");
  }
  if (rest.empty() || rest.front() == '/') return std::string("the host is missing");
  for (const char c : rest) {
    if (static_cast<unsigned char>(c) <= ' ') return std::string("must not contain blanks");
  }
  if (value.ends_with('/')) return std::string("remove the trailing '/'");
  return std::nullopt;
}

}  // namespace

Check<double> positive() {
  return [](const double& value) -> Reason {
    if (!(value > 0)) return std::string("must be greater than 0");
    return std::nullopt;
  };
}

Check<double> non_negative() { return at_least(0.0); }
Check<double> probability() { return between(0.0, 1.0); }
Check<double> percent() { return between(0.0, 100.0); }

Check<std::string> non_empty() {
  return [](const std::string& value) -> Reason {
    if (value.empty()) return std::string("must not be empty");
    return std::nullopt;
  };
}

Check<std::string> database_url() {
  return [](const std::string& value) -> Reason {
    auto parsed = parse_database_url(value);
    if (!parsed.url) return std::move(parsed.error);
    return std::nullopt;
  };
}

Check<std::string> redis_url() {
  return [](const std::string& value) -> Reason {
    if (value.empty()) return std::nullopt;  // no Redis
    auto parsed = parse_redis_url(value);
    if (!parsed.endpoint) return std::move(parsed.error);
    return std::nullopt;
  };
}

Check<std::string> listen_address() {
  return [](const std::string& value) -> Reason {
    auto parsed = parse_listen_address(value);
    if (!parsed.address) return std::move(parsed.error);
    return std::nullopt;
  };
}

Check<std::string> http_url() { return check_http_url; }

Check<std::string> http_url_or_empty() {
  return [](const std::string& value) -> Reason {
    return value.empty() ? std::nullopt : check_http_url(value);
  };
}

Check<std::string> url_path() {
  return [](const std::string& value) -> Reason {
    if (!value.starts_with('/')) return std::string("must start with '/'");
    if (!all_of(value, [](char c) { return static_cast<unsigned char>(c) > ' '; })) {
      return std::string("must not contain blanks");
    }
    return std::nullopt;
  };
}

Check<std::string> bot_token() {
  // The reason never quotes the token: it is a secret.
  return [](const std::string& value) -> Reason {
    if (value.empty()) return std::nullopt;  // `gofrobot run` insists on it; `play` needs none
    const auto colon = value.find(':');
    const bool ok = colon != std::string::npos && colon > 0 && colon + 1 < value.size() &&
                    all_of(value.substr(0, colon), [](char c) { return c >= '0' && c <= '9'; }) &&
                    all_of(value.substr(colon + 1),
                           [](char c) { return is_alnum(c) || c == '_' || c == '-'; });
    if (!ok) return std::string("expected the form <bot id>:<secret> as given by @BotFather");
    return std::nullopt;
  };
}

Check<std::string> bot_username() {
  return [](const std::string& value) -> Reason {
    if (value.starts_with('@')) return std::string("write the username without the leading '@'");
    if (value.size() > 32 || !all_of(value, [](char c) { return is_alnum(c) || c == '_'; })) {
      return std::string("must be at most 32 letters, digits or '_'");
    }
    return std::nullopt;
  };
}

Check<std::string> secret_token() {
  return [](const std::string& value) -> Reason {
    if (value.size() > 256 ||
        !all_of(value, [](char c) { return is_alnum(c) || c == '_' || c == '-'; })) {
      return std::string("must be at most 256 characters of A-Z, a-z, 0-9, '_' and '-'");
    }
    return std::nullopt;
  };
}

Check<std::vector<std::int64_t>> user_ids() {
  return [](const std::vector<std::int64_t>& ids) -> Reason {
    for (const std::int64_t id : ids) {
      if (id <= 0) return fmt::format("every user id must be positive ({} is not)", id);
    }
    return std::nullopt;
  };
}

}  // namespace ops::check
