#pragma once
// One setting of the schema: its key, environment variable, traits and description, plus typed
// access to its field in Config. The schema (schema.cpp) is a list of these; everything else —
// loading, validation, the summary, reload decisions — walks that list and never names a field.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ops/codec.hpp"
#include "ops/config.hpp"

namespace ops {

enum class Reload { live, restart };  // may a running process take a new value?
enum class Secrecy { plain, secret };  // secret values are never printed

// Where a setting's field lives inside Config; lets tests prove each section is fully bound.
struct FieldSpan {
  const void* address = nullptr;
  std::size_t size = 0;
  std::size_t align = 0;
};

class Setting {
 public:
  Setting(std::string_view key, Reload reload, Secrecy secrecy, std::string_view description);
  Setting(const Setting&) = delete;
  Setting& operator=(const Setting&) = delete;
  virtual ~Setting() = default;

  std::string_view key() const { return key_; }          // "section.name"
  std::string_view section() const;                      // "section"
  std::string_view name() const;                         // "name"
  const std::string& env_var() const { return env_var_; }  // GOFROBOT_SECTION_NAME
  // Other accepted variable names, weaker than env_var() (e.g. BOT_TOKEN).
  const std::vector<std::string>& env_aliases() const { return env_aliases_; }
  bool reloadable() const { return reload_ == Reload::live; }
  bool secret() const { return secrecy_ == Secrecy::secret; }
  std::string_view description() const { return description_; }

  Setting& also_env(std::string_view alias);

  virtual std::string type_name() const = 0;
  virtual Reason assign(Config& config, const RawValue& value) const = 0;
  virtual Reason assign_text(Config& config, std::string_view text) const = 0;
  virtual Reason check(const Config& config) const = 0;
  virtual bool equal(const Config& a, const Config& b) const = 0;
  // Sets this setting of `to` to its value in `from` (a reload keeping a running value).
  virtual void copy(const Config& from, Config& to) const = 0;
  virtual FieldSpan field_span(const Config& config) const = 0;
  // The value in TOML syntax, secrets included: for internal use (equality, the default file).
  virtual std::string render(const Config& config) const = 0;

  // The value as it may be shown: secrets become "<redacted>" ("" stays "", so an unset secret
  // is visible as unset), URL passwords are masked.
  std::string render_redacted(const Config& config) const;
  // An unparsed value (from the file or an environment variable) as it may be shown.
  std::string redact_text(std::string_view text) const;

 private:
  std::string key_;
  std::string env_var_;
  std::vector<std::string> env_aliases_;
  Reload reload_;
  Secrecy secrecy_;
  std::string description_;
};

// A setting's own check on its value (ranges, formats); nullopt = fine.
template <class T>
using Check = std::function<Reason(const T&)>;

// A setting bound to `(config.*section).*member`.
template <class Section, class T>
class FieldSetting final : public Setting {
 public:
  FieldSetting(std::string_view key, Section Config::*section, T Section::*member, Check<T> check,
               Reload reload, Secrecy secrecy, std::string_view description)
      : Setting(key, reload, secrecy, description),
        section_(section),
        member_(member),
        check_(std::move(check)) {}

  std::string type_name() const override { return Codec<T>::type_name(); }

  Reason assign(Config& config, const RawValue& value) const override {
    return Codec<T>::from_raw(value, field(config));
  }
  Reason assign_text(Config& config, std::string_view text) const override {
    return Codec<T>::from_text(text, field(config));
  }
  Reason check(const Config& config) const override {
    return check_ ? check_(field(config)) : std::nullopt;
  }
  bool equal(const Config& a, const Config& b) const override { return field(a) == field(b); }
  void copy(const Config& from, Config& to) const override { field(to) = field(from); }
  FieldSpan field_span(const Config& config) const override {
    return {&field(config), sizeof(T), alignof(T)};
  }
  std::string render(const Config& config) const override { return Codec<T>::render(field(config)); }

 private:
  T& field(Config& config) const { return (config.*section_).*member_; }
  const T& field(const Config& config) const { return (config.*section_).*member_; }

  Section Config::*section_;
  T Section::*member_;
  Check<T> check_;
};

}  // namespace ops
