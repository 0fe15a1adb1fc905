// The JSON writer of every Bot API request: strings escaped per RFC 8259 exactly as the
// bot has always written them (outbox rows written before an upgrade are compared and
// re-sent byte for byte), numbers and nesting.
#include "telegram/json_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>

namespace telegram {
namespace {

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

// The byte-by-byte writer the run-based one replaced: the reference for the exhaustive test.
std::string reference_json_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out.push_back(kHex[u >> 4]);
          out.push_back(kHex[u & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

TEST(AppendJsonString, EmptyString) { EXPECT_EQ(json_string(""), "\"\""); }

TEST(AppendJsonString, PlainAsciiIsCopied) {
  EXPECT_EQ(json_string("hello, world / 42 {}[]:'"), "\"hello, world / 42 {}[]:'\"");
}

TEST(AppendJsonString, EveryTwoCharacterEscape) {
  EXPECT_EQ(json_string("\""), R"("\"")");
  EXPECT_EQ(json_string("\\"), R"("\\")");
  EXPECT_EQ(json_string("\n"), R"("\n")");
  EXPECT_EQ(json_string("\r"), R"("\r")");
  EXPECT_EQ(json_string("\t"), R"("\t")");
  EXPECT_EQ(json_string("\b"), R"("\b")");
  EXPECT_EQ(json_string("\f"), R"("\f")");
  // The slash and DEL need no escape.
  EXPECT_EQ(json_string("/\x7f"), "\"/\x7f\"");
}

TEST(AppendJsonString, OtherControlBytesAsLowercaseUnicodeEscapes) {
  EXPECT_EQ(json_string(std::string_view("\0", 1)), R"("\u0000")");
  EXPECT_EQ(json_string("\x01"), R"("\u0001")");
  EXPECT_EQ(json_string("\x0b"), R"("\u000b")");
  EXPECT_EQ(json_string("\x0e"), R"("\u000e")");
  EXPECT_EQ(json_string("\x1a"), R"("\u001a")");
  EXPECT_EQ(json_string("\x1f"), R"("\u001f")");
  EXPECT_EQ(json_string("a\x1f" "b"), R"("a\u001fb")");
}

TEST(AppendJsonString, EscapesAtTheEdgesAndInARow) {
  EXPECT_EQ(json_string("\"start"), R"("\"start")");
  EXPECT_EQ(json_string("end\""), R"("end\"")");
  EXPECT_EQ(json_string("\n\n\t\\\""), R"("\n\n\t\\\"")");
  EXPECT_EQ(json_string("a\nb\nc"), R"("a\nb\nc")");
}

TEST(AppendJsonString, Utf8PassesThrough) {
  EXPECT_EQ(json_string("Пацаны с гофроцентрала 🐍"), "\"Пацаны с гофроцентрала 🐍\"");
  EXPECT_EQ(json_string("гофра:\n12.3 см"), "\"гофра:\\n12.3 см\"");
  // Invalid UTF-8 is not the writer's business: bytes of 0x80 and up are copied as they are.
  EXPECT_EQ(json_string("\xff\xfe\x80"), "\"\xff\xfe\x80\"");
}

TEST(AppendJsonString, LongRunsAreCopiedWhole) {
  const std::string run(5000, 'x');
  EXPECT_EQ(json_string(run), "\"" + run + "\"");
  const std::string text = run + "\n" + std::string(3000, 'y') + "\"" + run;
  EXPECT_EQ(json_string(text), reference_json_string(text));
}

TEST(AppendJsonString, AppendsToWhatIsThere) {
  std::string out = "{\"text\":";
  append_json_string(out, "a\"b");
  append_json_string(out, "");
  EXPECT_EQ(out, R"({"text":"a\"b""")");
}

TEST(AppendJsonString, EveryByteMatchesTheReference) {
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    const std::string text = std::string("ab") + c + "cd" + c + c;
    EXPECT_EQ(json_string(text), reference_json_string(text)) << "byte " << byte;
  }
}

// Long texts are scanned eight bytes at a time: every byte at every position of a word
// (and of the short tail after the last whole word), among ASCII and among UTF-8.
TEST(AppendJsonString, EveryByteAtEveryPositionOfALongText) {
  // 27 bytes: three whole words and a tail of three.
  const std::string ascii(27, 'a');
  const std::string utf8 = "гофра 12 см змий";
  for (const std::string* filler : {&ascii, &utf8}) {
    ASSERT_EQ(filler->size(), 27u);
    for (int byte = 0; byte < 256; ++byte) {
      for (std::size_t at = 0; at < filler->size(); ++at) {
        std::string text = *filler;
        text[at] = static_cast<char>(byte);
        ASSERT_EQ(json_string(text), reference_json_string(text)) << byte << " at " << at;
      }
    }
  }
}

TEST(AppendJsonString, RandomTextsMatchTheReference) {
  std::mt19937 random(12345);
  // Mostly bytes that need no escape, as in real texts, with every kind of escape among them.
  constexpr std::string_view alphabet = "abc XYZ.,!?€гофра\n\"\\\t\x01\x1f\x7f\xff";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<std::size_t> length(0, 100);
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    for (std::size_t n = length(random); n > 0; --n) text.push_back(alphabet[pick(random)]);
    ASSERT_EQ(json_string(text), reference_json_string(text)) << i;
  }
}

TEST(JsonWriter, ObjectsArraysAndValues) {
  JsonWriter w;
  w.begin_object();
  w.key("chat_id").value(std::int64_t{-1001234567890});
  w.key("text").value("Привет\n\"мир\"");
  w.key("flags").begin_array().value(true).value(false).end_array();
  w.key("empty").begin_object().end_object();
  w.key("markup").raw(R"({"inline_keyboard":[]})");
  w.key("n").value(std::int64_t{0});
  w.end_object();
  EXPECT_EQ(w.str(),
            R"({"chat_id":-1001234567890,"text":"Привет\n\"мир\"","flags":[true,false],)"
            R"("empty":{},"markup":{"inline_keyboard":[]},"n":0})");
}

TEST(JsonWriter, Int64Extremes) {
  JsonWriter w;
  w.begin_array()
      .value(std::numeric_limits<std::int64_t>::min())
      .value(std::numeric_limits<std::int64_t>::max())
      .end_array();
  EXPECT_EQ(w.take(), "[-9223372036854775808,9223372036854775807]");
}

TEST(JsonWriter, KeysAreEscapedToo) {
  JsonWriter w;
  w.begin_object().key("a\"b").value("").end_object();
  EXPECT_EQ(w.str(), R"({"a\"b":""})");
}

}  // namespace
}  // namespace telegram
