// Feeds: any bytes as a `.env` file (ops::parse_dotenv, Environment::add_dotenv_text) and as
// process environment variables (names mostly the schema's GOFROBOT_… names and aliases,
// values any bytes) through ops::Environment and ops::load_config, with an empty TOML file.
// Two secrets are set in the real environment as a marker and fuzzed bytes (BOT_TOKEN,
// GOFROBOT_TELEGRAM_WEBHOOK_SECRET), as an operator would.
// Checks beyond "no crash, no throw":
//  * .env round trip: every entry parse_dotenv read, written back as NAME="escaped value",
//    reads back as the same names and values, with no problem;
//  * a .env never overrides a real variable;
//  * secrets never show: neither marker appears in the errors, the redacted summary or its
//    hash input (unless the fuzzer wrote the marker itself).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "config_file.hpp"
#include "ops/config.hpp"
#include "ops/dotenv.hpp"
#include "ops/environment.hpp"
#include "ops/schema.hpp"
#include "ops/setting.hpp"

using fuzz::check;

namespace {

constexpr std::string_view kMarker = "QzXYZZYsekret";

const std::vector<std::string>& known_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& setting : ops::settings()) {
      all.push_back(setting->env_var());
      for (const auto& alias : setting->env_aliases()) all.push_back(alias);
    }
    return all;
  }();
  return names;
}

std::string dotenv_quoted(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

void check_dotenv_round_trip(std::string_view text) {
  const ops::DotenvParse parsed = ops::parse_dotenv(text);
  std::string written;
  for (const auto& entry : parsed.entries) {
    written += entry.name + "=" + dotenv_quoted(entry.value) + "\n";
  }
  const ops::DotenvParse again = ops::parse_dotenv(written);
  check(again.problems.empty(), "written entries read back without a problem");
  check(again.entries.size() == parsed.entries.size(), "every entry reads back");
  for (std::size_t i = 0; i < again.entries.size(); ++i) {
    check(again.entries[i].name == parsed.entries[i].name, "with its name");
    check(again.entries[i].value == parsed.entries[i].value, "and its value");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file(".toml");
  const bool marker_in_input =
      std::string_view(reinterpret_cast<const char*>(data), size).find("XYZZY") !=
      std::string_view::npos;
  FuzzedDataProvider in(data, size);

  const std::string dotenv = in.ConsumeRandomLengthString(2048);
  check_dotenv_round_trip(dotenv);

  std::map<std::string, std::string, std::less<>> process;
  const auto& names = known_names();
  while (process.size() < 8 && in.remaining_bytes() > 1) {
    std::string name = in.ConsumeBool()
                           ? names[in.ConsumeIntegralInRange<std::size_t>(0, names.size() - 1)]
                           : "GOFROBOT_" + in.ConsumeRandomLengthString(24);
    process[std::move(name)] = in.ConsumeRandomLengthString(128);
  }
  const std::string secret_tail = in.ConsumeRemainingBytesAsString();
  process.try_emplace("BOT_TOKEN", std::string(kMarker) + secret_tail);
  process.try_emplace("GOFROBOT_TELEGRAM_WEBHOOK_SECRET", std::string(kMarker) + secret_tail);

  ops::Environment env(process);
  env.add_dotenv_text(dotenv, ".env");
  for (const auto& [name, value] : process) {
    const auto* variable = env.find(name);
    check(variable != nullptr && variable->origin == ops::Environment::Origin::process &&
              variable->value == value,
          "a .env never overrides a real variable");
  }

  const ops::LoadResult result = ops::load_config(file.write(""), env);
  if (marker_in_input) return 0;
  const auto leaks = [](std::string_view text) { return text.find(kMarker) != std::string::npos; };
  check(!leaks(ops::describe(result.errors)), "no secret in the errors");
  for (const auto& error : result.errors) {
    check(!leaks(error.value) && !leaks(error.reason) && !leaks(error.source),
          "no secret in any error field");
  }
  check(!leaks(ops::redacted_summary(result.config)), "no secret in the summary");
  return 0;
}
