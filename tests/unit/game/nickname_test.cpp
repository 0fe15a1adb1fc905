#include "game/nickname.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "game/player.hpp"

namespace game {
namespace {

struct NickCase {
  const char* input;
  std::variant<ValidNickname, NicknameError> expected;
};

std::string describe(const std::variant<ValidNickname, NicknameError>& v) {
  if (const auto* ok = std::get_if<ValidNickname>(&v)) return "valid \"" + ok->value + "\"";
  return "error " + std::to_string(static_cast<int>(std::get<NicknameError>(v)));
}

class ValidateNicknameTest : public ::testing::TestWithParam<NickCase> {};

TEST_P(ValidateNicknameTest, Vectors) {
  const NickCase& c = GetParam();
  EXPECT_EQ(describe(validate_nickname(c.input)), describe(c.expected)) << "input: " << c.input;
}

ValidNickname ok(const char* s) { return ValidNickname{s}; }

INSTANTIATE_TEST_SUITE_P(
    AppendixB, ValidateNicknameTest,
    ::testing::Values(NickCase{"ab", NicknameError::kLength},
                      NickCase{"Admin123", NicknameError::kForbidden},
                      NickCase{"Вася  Пупкин", NicknameError::kDoubleSpace},
                      NickCase{"/cancel", NicknameError::kCharset},
                      NickCase{" Вася_Пупкин-1 ", ok("Вася_Пупкин-1")}));

INSTANTIATE_TEST_SUITE_P(
    Length, ValidateNicknameTest,
    ::testing::Values(
        NickCase{"", NicknameError::kLength}, NickCase{"   ", NicknameError::kLength},
        NickCase{"Вас", ok("Вас")},  // 3 code points, 6 bytes
        NickCase{"  ab  ", NicknameError::kLength},  // counted after the strip
        NickCase{"ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ", ok("ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ")},  // 20 = 40 bytes
        NickCase{"ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ", NicknameError::kLength},
        NickCase{"abcdefghijklmnopqrstu", NicknameError::kLength},
        // Length comes first: a short name with a bad character is a length error.
        NickCase{"a!", NicknameError::kLength}));

INSTANTIATE_TEST_SUITE_P(
    Forbidden, ValidateNicknameTest,
    ::testing::Values(NickCase{"АДМИН", NicknameError::kForbidden},
                      NickCase{"СуперБоТ", NicknameError::kForbidden},
                      NickCase{"Модератор Вася", NicknameError::kForbidden},
                      NickCase{"ТЕХПОДДЕРЖКА", NicknameError::kForbidden},
                      NickCase{"xRooTx", NicknameError::kForbidden},
                      NickCase{"Supporter", NicknameError::kForbidden},
                      NickCase{"HELP me", NicknameError::kForbidden},
                      // Substring match, as in the original: "работник" contains "бот".
                      NickCase{"Работник", NicknameError::kForbidden},
                      // Forbidden is checked before the charset.
                      NickCase{"admin!!!", NicknameError::kForbidden}));

INSTANTIATE_TEST_SUITE_P(
    Charset, ValidateNicknameTest,
    ::testing::Values(NickCase{"Вася!", NicknameError::kCharset},
                      NickCase{"Вася😀", NicknameError::kCharset},
                      NickCase{"Вася\u00A0Пупкин", NicknameError::kCharset},  // NBSP inside
                      NickCase{"Вася\tПупкин", NicknameError::kCharset},
                      NickCase{"Ѐлка", NicknameError::kCharset},  // Cyrillic outside а-я/ё
                      NickCase{"Ωmega", NicknameError::kCharset},
                      NickCase{"１２３", NicknameError::kCharset},  // fullwidth digits
                      NickCase{"ab\xFF\xFE", NicknameError::kCharset},  // malformed UTF-8
                      NickCase{"Ёжик ёж", ok("Ёжик ёж")},
                      NickCase{"Пацанчик_123", ok("Пацанчик_123")},
                      NickCase{"a-b_c 9", ok("a-b_c 9")}, NickCase{"123", ok("123")}));

INSTANTIATE_TEST_SUITE_P(
    Strip, ValidateNicknameTest,
    ::testing::Values(NickCase{"\tВася\n", ok("Вася")},
                      NickCase{"\u3000Вася\u2003", ok("Вася")},  // ideographic / em space
                      NickCase{"\u00A0Вася\u0085", ok("Вася")},
                      NickCase{"\u200BВася", NicknameError::kCharset},  // ZWSP is no whitespace
                      NickCase{"Вася Пупкин", ok("Вася Пупкин")},
                      NickCase{"a  b", NicknameError::kDoubleSpace}));

TEST(FoldNickname, IsCaseInsensitiveForCyrillicAndAscii) {
  EXPECT_EQ(fold_nickname("Вася"), fold_nickname("вАСЯ"));
  EXPECT_EQ(fold_nickname("Вася"), "вася");
  EXPECT_EQ(fold_nickname("Ёжик"), fold_nickname("ёЖИК"));
  EXPECT_EQ(fold_nickname("Ё"), "ё");
  EXPECT_EQ(fold_nickname("PaTsAn_1"), "patsan_1");
  EXPECT_EQ(fold_nickname("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"), "абвгдежзийклмнопрстуфхцчшщъыьэюя");
  // Distinct letters stay distinct.
  EXPECT_NE(fold_nickname("ёж"), fold_nickname("еж"));
  EXPECT_NE(fold_nickname("Вася"), fold_nickname("Васяя"));
}

TEST(ToLower, LeavesEverythingElseAlone) {
  EXPECT_EQ(to_lower("Вася-1_X 😀"), "вася-1_x 😀");
  EXPECT_EQ(to_lower("\xFF" "A"), "\xFF" "a");  // malformed bytes are kept as they are
  EXPECT_EQ(to_lower("Ђ"), "ђ");                 // U+0402 -> U+0452
  EXPECT_EQ(to_lower(""), "");
}

TEST(CodePoints, CountsCodePointsNotBytes) {
  EXPECT_EQ(code_points(""), 0u);
  EXPECT_EQ(code_points("abc"), 3u);
  EXPECT_EQ(code_points("Вася"), 4u);
  EXPECT_EQ(code_points("😀"), 1u);
  EXPECT_EQ(code_points("\U0001F441\uFE0F\u200D\U0001F5E8\uFE0F"), 5u);
}

TEST(Shorten, CountsCodePoints) {
  // Global top: > 20 -> 17 + "..."; 20 Cyrillic letters (40 bytes) are not shortened.
  const std::string twenty = "ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ";
  EXPECT_EQ(shorten(twenty, 20, 17), twenty);
  const std::string shortened = shorten(twenty + "Ж", 20, 17);
  EXPECT_EQ(shortened, "ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ...");
  EXPECT_EQ(code_points(shortened), 20u);
  // PvP top: > 15 -> 12 + "...".
  EXPECT_EQ(shorten("Пацанчик_123456789", 15, 12), "Пацанчик_123...");
  EXPECT_EQ(shorten("Пацанчик_12345", 15, 12), "Пацанчик_12345");
  EXPECT_EQ(shorten("abcdefghijklmnop", 15, 12), "abcdefghijkl...");
  EXPECT_EQ(shorten("😀😀😀😀", 3, 2), "😀😀...");
}

TEST(FoldedDefaultNickname, IsThePrefixAndDigitsOnly) {
  EXPECT_TRUE(is_folded_default_nickname(fold_nickname(default_nickname(0))));
  EXPECT_TRUE(is_folded_default_nickname(fold_nickname(default_nickname(9'000'000'000))));
  EXPECT_TRUE(is_folded_default_nickname("пацанчик_0042"));
  EXPECT_FALSE(is_folded_default_nickname("пацанчик_"));
  EXPECT_FALSE(is_folded_default_nickname("пацанчик_12a"));
  EXPECT_FALSE(is_folded_default_nickname("пацанчик_-5"));
  EXPECT_FALSE(is_folded_default_nickname("Пацанчик_5"));  // not folded
  EXPECT_FALSE(is_folded_default_nickname("пацан_5"));
}

}  // namespace
}  // namespace game
