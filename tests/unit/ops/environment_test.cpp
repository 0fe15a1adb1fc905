#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ops/dotenv.hpp"
#include "ops/environment.hpp"

namespace {

using ops::Environment;
using ops::parse_dotenv;
using ::testing::HasSubstr;
using ::testing::Not;

std::map<std::string, std::string> as_map(const ops::DotenvParse& parsed) {
  std::map<std::string, std::string> out;
  for (const auto& entry : parsed.entries) out[entry.name] = entry.value;
  return out;
}

TEST(Dotenv, LinesCommentsAndQuotes) {
  const auto parsed = parse_dotenv(
      "\xEF\xBB\xBF# a comment\r\n"
      "\n"
      "   \n"
      "PLAIN=value\r\n"
      "SPACED =  padded value  \n"
      "export EXPORTED=1\n"
      "DOUBLE=\"two words # not a comment\"  # a comment\n"
      "ESCAPES=\"line\\nnext \\\"q\\\" back\\\\slash\"\n"
      "SINGLE='literal \\n $HOME'\n"
      "INLINE=abc # comment\n"
      "HASH=abc#def\n"
      "EMPTY=\n"
      "EMPTY_QUOTED=\"\"\n"
      "URL=postgresql://u:p@h/db?x=1\n");
  EXPECT_TRUE(parsed.problems.empty());
  const auto values = as_map(parsed);
  EXPECT_EQ(values.at("PLAIN"), "value");
  EXPECT_EQ(values.at("SPACED"), "padded value");
  EXPECT_EQ(values.at("EXPORTED"), "1");
  EXPECT_EQ(values.at("DOUBLE"), "two words # not a comment");
  EXPECT_EQ(values.at("ESCAPES"), "line\nnext \"q\" back\\slash");
  EXPECT_EQ(values.at("SINGLE"), "literal \\n $HOME");
  EXPECT_EQ(values.at("INLINE"), "abc");
  EXPECT_EQ(values.at("HASH"), "abc#def");
  EXPECT_EQ(values.at("EMPTY"), "");
  EXPECT_EQ(values.at("EMPTY_QUOTED"), "");
  EXPECT_EQ(values.at("URL"), "postgresql://u:p@h/db?x=1");
  EXPECT_EQ(parsed.entries.front().line, 4);
}

TEST(Dotenv, MalformedLinesAreProblemsWithoutTheirValues) {
  const auto parsed = parse_dotenv(
      "GOOD=1\n"
      "no equals sign here\n"
      "1BAD=x\n"
      "OPEN=\"secret-value\n"
      "TRAIL='x' y\n");
  ASSERT_EQ(parsed.problems.size(), 4u);
  EXPECT_EQ(parsed.problems[0].line, 2);
  EXPECT_EQ(parsed.problems[1].line, 3);
  EXPECT_EQ(parsed.problems[2].line, 4);
  EXPECT_EQ(parsed.problems[3].line, 5);
  for (const auto& problem : parsed.problems) EXPECT_THAT(problem.reason, Not(HasSubstr("secret-value")));
  EXPECT_EQ(as_map(parsed).at("GOOD"), "1");
}

TEST(Environment, RealVariablesBeatDotenvAndTheLastLineOfAFileWins) {
  Environment env({{"A", "real"}});
  env.add_dotenv_text("A=file\nB=first\nB=second\n", "x.env");
  env.add_dotenv_text("B=other-file\nC=3\n", "y.env");
  ASSERT_NE(env.find("A"), nullptr);
  EXPECT_EQ(env.find("A")->value, "real");
  EXPECT_EQ(env.find("A")->origin, Environment::Origin::process);
  EXPECT_EQ(env.find("B")->value, "second");
  EXPECT_EQ(env.find("B")->origin, Environment::Origin::dotenv);
  EXPECT_EQ(env.find("B")->where, "x.env:3 (B)");
  EXPECT_EQ(env.find("C")->value, "3");
  EXPECT_EQ(env.find("D"), nullptr);
}

TEST(Environment, FromProcessReadsTheRealEnvironmentAndToleratesAMissingDotenv) {
  ASSERT_EQ(::setenv("GOFROBOT_TEST_ONLY_VARIABLE", "x=y", 1), 0);
  const Environment env = Environment::from_process("/nonexistent/.env");
  ::unsetenv("GOFROBOT_TEST_ONLY_VARIABLE");
  ASSERT_NE(env.find("GOFROBOT_TEST_ONLY_VARIABLE"), nullptr);
  EXPECT_EQ(env.find("GOFROBOT_TEST_ONLY_VARIABLE")->value, "x=y");
  EXPECT_TRUE(env.problems().empty());
}

TEST(Environment, AnUnreadableDotenvIsAProblem) {
  Environment env;
  env.add_dotenv_file("/nonexistent/.env");
  ASSERT_EQ(env.problems().size(), 1u);
  EXPECT_EQ(env.problems()[0].where, "/nonexistent/.env");
}

}  // namespace
