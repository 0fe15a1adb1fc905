// Typed conversions and the small parsers behind the checks.
#include <cstdint>
#include <limits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ops/codec.hpp"
#include "ops/database_url.hpp"
#include "ops/listen_address.hpp"
#include "ops/redact.hpp"

namespace {

using ops::Codec;
using ops::RawValue;

TEST(Codec, BooleansFromText) {
  bool value = false;
  for (const char* yes : {"true", "TRUE", "1", "yes", "On"}) {
    value = false;
    EXPECT_FALSE(Codec<bool>::from_text(yes, value)) << yes;
    EXPECT_TRUE(value) << yes;
  }
  for (const char* no : {"false", "0", "no", "OFF"}) {
    value = true;
    EXPECT_FALSE(Codec<bool>::from_text(no, value)) << no;
    EXPECT_FALSE(value) << no;
  }
  EXPECT_TRUE(Codec<bool>::from_text("maybe", value));
}

TEST(Codec, IntegersAreExactAndInRange) {
  int value = 7;
  EXPECT_FALSE(Codec<int>::from_text(" +42 ", value));
  EXPECT_EQ(value, 42);
  EXPECT_TRUE(Codec<int>::from_text("4.2", value));
  EXPECT_TRUE(Codec<int>::from_text("", value));
  EXPECT_TRUE(Codec<int>::from_text("3000000000", value));
  EXPECT_TRUE(Codec<int>::from_raw(RawValue{std::int64_t{3000000000}}, value));
  EXPECT_EQ(value, 42);  // untouched on failure
  std::int64_t wide = 0;
  EXPECT_FALSE(Codec<std::int64_t>::from_text("-9000000000", wide));
  EXPECT_EQ(wide, -9000000000);
  EXPECT_TRUE(Codec<std::int64_t>::from_text("99999999999999999999", wide));
}

TEST(Codec, NumbersAcceptIntegersButNotNanOrInfinity) {
  double value = 0;
  EXPECT_FALSE(Codec<double>::from_raw(RawValue{std::int64_t{50}}, value));
  EXPECT_EQ(value, 50.0);
  EXPECT_TRUE(Codec<double>::from_raw(RawValue{std::numeric_limits<double>::infinity()}, value));
  EXPECT_TRUE(Codec<double>::from_text("nan", value));
  EXPECT_FALSE(Codec<double>::from_text("1e-3", value));
  EXPECT_EQ(value, 0.001);
  EXPECT_EQ(Codec<double>::render(10.0), "10.0");
  EXPECT_EQ(Codec<double>::render(0.0005), "0.0005");
  EXPECT_EQ(Codec<double>::render(1e20), "1e+20");
}

TEST(Codec, ListsOfIds) {
  std::vector<std::int64_t> ids{9};
  EXPECT_FALSE(Codec<std::vector<std::int64_t>>::from_text("[1, 2,3]", ids));
  EXPECT_EQ(ids, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_FALSE(Codec<std::vector<std::int64_t>>::from_text("  ", ids));
  EXPECT_TRUE(ids.empty());
  EXPECT_TRUE(Codec<std::vector<std::int64_t>>::from_text("1,", ids));
  EXPECT_TRUE(Codec<std::vector<std::int64_t>>::from_text("1;2", ids));
  EXPECT_EQ(Codec<std::vector<std::int64_t>>::render({5, 6}), "[5, 6]");
}

TEST(Codec, EnumsByNameCaseInsensitively) {
  ops::LogLevel level = ops::LogLevel::info;
  EXPECT_FALSE(Codec<ops::LogLevel>::from_text("Critical", level));
  EXPECT_EQ(level, ops::LogLevel::critical);
  EXPECT_EQ(Codec<ops::LogFormat>::render(ops::LogFormat::automatic), "\"auto\"");
  EXPECT_EQ(ops::parse_log_format("AUTO"), ops::LogFormat::automatic);
  EXPECT_EQ(ops::parse_telegram_mode("smoke signals"), std::nullopt);
  EXPECT_EQ(ops::to_string(ops::LogLevel::warn), "warn");
}

TEST(Codec, StringsRenderAsTomlStrings) {
  EXPECT_EQ(Codec<std::string>::render("a \"b\" \\ \n"), "\"a \\\"b\\\" \\\\ \\n\"");
  EXPECT_EQ(Codec<std::string>::render("гофра"), "\"гофра\"");
}

TEST(DatabaseUrl, Schemes) {
  const auto sqlite = ops::parse_database_url("sqlite://data/gofrobot.db");
  ASSERT_TRUE(sqlite.url);
  EXPECT_EQ(sqlite.url->kind, ops::DatabaseKind::sqlite);
  EXPECT_EQ(sqlite.url->target, "data/gofrobot.db");
  EXPECT_EQ(ops::parse_database_url("sqlite:///var/x.db").url->target, "/var/x.db");
  const auto pg = ops::parse_database_url("postgres://u@h/db");
  ASSERT_TRUE(pg.url);
  EXPECT_EQ(pg.url->kind, ops::DatabaseKind::postgres);
  EXPECT_EQ(pg.url->target, "postgres://u@h/db");
  EXPECT_FALSE(ops::parse_database_url("mysql://u:pw@h/db").url);
  EXPECT_EQ(ops::parse_database_url("mysql://u:pw@h/db").error.find("pw"), std::string::npos);
}

TEST(ListenAddress, HostAndPort) {
  const auto v4 = ops::parse_listen_address("127.0.0.1:9090");
  ASSERT_TRUE(v4.address);
  EXPECT_EQ(v4.address->host, "127.0.0.1");
  EXPECT_EQ(v4.address->port, 9090);
  const auto v6 = ops::parse_listen_address("[::1]:0");
  ASSERT_TRUE(v6.address);
  EXPECT_EQ(v6.address->host, "::1");
  EXPECT_EQ(v6.address->port, 0);
  for (const char* bad : {"localhost", ":80", "host:", "host:65536", "host:http", "::1:80", "[::1:80",
                          "bad host:80"}) {
    EXPECT_FALSE(ops::parse_listen_address(bad).address) << bad;
  }
}

TEST(Redact, UrlPasswordsAreMasked) {
  EXPECT_EQ(ops::mask_url_password("postgresql://u:pw@h:5432/db"), "postgresql://u:<redacted>@h:5432/db");
  EXPECT_EQ(ops::mask_url_password("postgresql://h/db?user=u&password=pw&sslmode=require"),
            "postgresql://h/db?user=u&password=<redacted>&sslmode=require");
  EXPECT_EQ(ops::mask_url_password("postgresql://u@h/db"), "postgresql://u@h/db");
  EXPECT_EQ(ops::mask_url_password("https://api.telegram.org"), "https://api.telegram.org");
  EXPECT_EQ(ops::mask_url_password("no url: here@x"), "no url: here@x");
}

}  // namespace
