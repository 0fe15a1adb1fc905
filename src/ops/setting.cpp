#include "ops/setting.hpp"

#include "ops/redact.hpp"
#include "ops/text.hpp"

namespace ops {

Setting::Setting(std::string_view key, Reload reload, Secrecy secrecy, std::string_view description)
    : key_(key), reload_(reload), secrecy_(secrecy), description_(description) {
  // GOFROBOT_<SECTION>_<KEY>: the dot becomes an underscore.
  std::string flat(key);
  for (char& c : flat) {
    if (c == '.') c = '_';
  }
  env_var_ = "GOFROBOT_" + ascii_upper(flat);
}

std::string_view Setting::section() const {
  const std::string_view key = key_;
  return key.substr(0, key.find('.'));
}

std::string_view Setting::name() const {
  const std::string_view key = key_;
  return key.substr(key.find('.') + 1);
}

Setting& Setting::also_env(std::string_view alias) {
  env_aliases_.emplace_back(alias);
  return *this;
}

std::string Setting::render_redacted(const Config& config) const {
  const std::string text = render(config);
  if (secret()) return text == "\"\"" ? text : quote_toml(kRedacted);
  return mask_url_password(text);
}

std::string Setting::redact_text(std::string_view text) const {
  if (secret()) return text.empty() ? std::string() : std::string(kRedacted);
  return mask_url_password(text);
}

}  // namespace ops
