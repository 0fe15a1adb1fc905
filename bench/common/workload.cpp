#include "common/workload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <utility>

namespace bench {
namespace {

constexpr std::int64_t kBotId = 7'000'000'001;
constexpr std::int64_t kBaseDate = 1'700'000'000;

constexpr std::array<const char*, 12> kFirstNames = {
    "Вася", "Петя", "Коля", "Саня", "Димон", "Серёга", "Лёха", "Макс", "Жека", "Толик",
    "Artem", "Ivan"};

std::string user_json(std::int64_t user) {
  const char* name = kFirstNames[static_cast<std::size_t>(user) % kFirstNames.size()];
  // Most users have a username and a language; some have a last name.
  if (user % 3 == 0) {
    return fmt::format(
        R"({{"id":{},"is_bot":false,"first_name":"{}","last_name":"Гофров","username":"pacan_{}","language_code":"ru"}})",
        user, name, user);
  }
  return fmt::format(
      R"({{"id":{},"is_bot":false,"first_name":"{}","username":"pacan_{}","language_code":"ru"}})",
      user, name, user);
}

std::string private_chat_json(std::int64_t user) {
  const char* name = kFirstNames[static_cast<std::size_t>(user) % kFirstNames.size()];
  return fmt::format(R"({{"id":{},"first_name":"{}","username":"pacan_{}","type":"private"}})",
                     user, name, user);
}

std::string group_chat_json(std::int64_t group) {
  return fmt::format(R"({{"id":{},"title":"Гофроцех №{}","type":"supergroup"}})", group,
                     kFirstGroupId - group + 1);
}

constexpr std::string_view kBotJson =
    R"({"id":7000000001,"is_bot":true,"first_name":"Гофробот","username":"gofrobot_bot"})";

// The keyboards the bot put under the messages whose buttons are pressed (as Telegram echoes
// them back in callback_query.message.reply_markup).
constexpr std::string_view kMainKeyboard =
    R"({"inline_keyboard":[[{"text":"🐍 Давить коричневага","callback_data":"davka"},{"text":"✈️ Отправить змия","callback_data":"uletet"}],)"
    R"([{"text":"🏗️ Моя гофра","callback_data":"gofra_info"},{"text":"🔌 Мой кабель","callback_data":"cable_info"}],)"
    R"([{"text":"🌡️ Атмосферы","callback_data":"atm_status"},{"text":"👊 Радёмка","callback_data":"rademka"}],)"
    R"([{"text":"🏆 Топ","callback_data":"top"},{"text":"📊 Профиль","callback_data":"profile"}],)"
    R"([{"text":"👤 Никнейм","callback_data":"nickname_menu"}]]})";
constexpr std::string_view kChatKeyboard =
    R"({"inline_keyboard":[[{"text":"🐍 Давка","callback_data":"chat_davka"},{"text":"🏆 Топ чата","callback_data":"chat_top"}],)"
    R"([{"text":"📊 Стата чата","callback_data":"chat_stats"},{"text":"👤 Я","callback_data":"chat_me"}],)"
    R"([{"text":"👊 Радёмка","callback_data":"chat_rademka"},{"text":"🆘 Помощь","callback_data":"chat_help"}]]})";
constexpr std::string_view kScreenText =
    "📊 ПРОФИЛЬ ПАЦАНА\\n\\n🏭 Пацан с гофроцентрала\\n👤 Ник: Пацанчик\\n🏗️ Гофра: 1.2 см\\n"
    "🔌 Кабель: 1.0 см\\n\\n⚡ Ресурсы:\\n🌀 Атмосферы: 12/12\\n🐍 Змий: 0г";

}  // namespace

std::string with_update_id(std::string_view body, std::int64_t update_id) {
  auto at = body.find(kUpdateIdMark);
  if (at == std::string_view::npos) throw std::invalid_argument("body without update id mark");
  std::string out;
  out.reserve(body.size() + 8);
  out.append(body.substr(0, at));
  out.append(std::to_string(update_id));
  out.append(body.substr(at + kUpdateIdMark.size()));
  return out;
}

Workload::Workload(WorkloadOptions options) : options_(options), rng_(options.seed) {
  if (options_.users < 2 || options_.groups < 1) {
    throw std::invalid_argument("a workload needs at least 2 users and 1 group");
  }
  if (options_.zipf < 0) throw std::invalid_argument("a Zipf exponent is positive");
  if (options_.zipf > 0) {
    zipf_cdf_.resize(static_cast<std::size_t>(options_.users));
    double sum = 0;
    for (std::size_t r = 0; r < zipf_cdf_.size(); ++r) {
      sum += 1.0 / std::pow(static_cast<double>(r + 1), options_.zipf);
      zipf_cdf_[r] = sum;
    }
    for (double& c : zipf_cdf_) c /= sum;
  }
}

int Workload::zipf_rank() {
  const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
  const auto it = std::lower_bound(zipf_cdf_.begin(), zipf_cdf_.end(), u);
  return static_cast<int>(std::min<std::ptrdiff_t>(it - zipf_cdf_.begin(),
                                                   options_.users - 1));
}

std::int64_t Workload::random_user() {
  if (options_.zipf == 0) {
    return user_id(std::uniform_int_distribution<int>(0, options_.users - 1)(rng_));
  }
  // Rank -> index: multiplying by a prime that does not divide the count permutes 0..N-1.
  constexpr std::int64_t kSpread = 2'654'435'761;  // prime, divides no count used here
  const std::int64_t n = options_.users;
  return user_id(static_cast<int>((zipf_rank() * (kSpread % n)) % n));
}

std::int64_t Workload::group_of(std::int64_t user) const {
  return kFirstGroupId - (user - kFirstUserId) % options_.groups;
}

// Another member of the user's group (or any other user when the group is that user alone).
std::int64_t Workload::other_member(std::int64_t user) {
  const int groups = options_.groups;
  const int members = options_.users / groups;
  for (int attempt = 0; attempt < 8 && members > 1; ++attempt) {
    int k = std::uniform_int_distribution<int>(0, members - 1)(rng_);
    std::int64_t candidate = kFirstUserId + (user - kFirstUserId) % groups +
                             static_cast<std::int64_t>(k) * groups;
    if (candidate != user) return candidate;
  }
  return user == kFirstUserId ? kFirstUserId + 1 : kFirstUserId;
}

Event Workload::private_command(std::int64_t user, std::string_view command) {
  return {fmt::format("cmd:{}", command),
          fmt::format(
              R"({{"update_id":{},"message":{{"message_id":{},"from":{},"chat":{},"date":{},"text":"{}","entities":[{{"offset":0,"length":{},"type":"bot_command"}}]}}}})",
              kUpdateIdMark, ++message_id_, user_json(user), private_chat_json(user),
              kBaseDate + emitted_, command, command.size()),
          user};
}

Event Workload::private_text(std::int64_t user, std::string_view text) {
  return {"text:private",
          fmt::format(
              R"({{"update_id":{},"message":{{"message_id":{},"from":{},"chat":{},"date":{},"text":"{}"}}}})",
              kUpdateIdMark, ++message_id_, user_json(user), private_chat_json(user),
              kBaseDate + emitted_, text),
          user};
}

Event Workload::private_button(std::int64_t user, std::string_view data) {
  std::string kind = data.starts_with("rademka_confirm_") ? "btn:rademka_confirm"
                                                          : fmt::format("btn:{}", data);
  return {std::move(kind),
          fmt::format(
              R"({{"update_id":{},"callback_query":{{"id":"{}","from":{},"message":{{"message_id":{},"from":{},"chat":{},"date":{},"text":"{}","reply_markup":{}}},"chat_instance":"{}","data":"{}"}}}})",
              kUpdateIdMark, 4'382'000'000'000'000 + ++callback_id_, user_json(user),
              user % 100'000 + 10, kBotJson, private_chat_json(user), kBaseDate + emitted_ - 60,
              kScreenText, kMainKeyboard, -(user * 7919 % 1'000'000'007), data),
          user};
}

Event Workload::group_command(std::int64_t user, std::int64_t group, std::string_view command,
                              std::optional<std::int64_t> reply_to) {
  std::string reply;
  if (reply_to) {
    reply = fmt::format(
        R"(,"reply_to_message":{{"message_id":{},"from":{},"chat":{},"date":{},"text":"кто на радёмку?"}})",
        message_id_ - 1, user_json(*reply_to), group_chat_json(group), kBaseDate + emitted_ - 5);
  }
  return {fmt::format("cmd:{}", command),
          fmt::format(
              R"({{"update_id":{},"message":{{"message_id":{},"from":{},"chat":{},"date":{}{},"text":"{}","entities":[{{"offset":0,"length":{},"type":"bot_command"}}]}}}})",
              kUpdateIdMark, ++message_id_, user_json(user), group_chat_json(group),
              kBaseDate + emitted_, reply, command, command.size()),
          user};
}

Event Workload::group_text(std::int64_t user, std::int64_t group, std::string_view text) {
  return {"text:group",
          fmt::format(
              R"({{"update_id":{},"message":{{"message_id":{},"from":{},"chat":{},"date":{},"text":"{}"}}}})",
              kUpdateIdMark, ++message_id_, user_json(user), group_chat_json(group),
              kBaseDate + emitted_, text),
          user};
}

Event Workload::group_button(std::int64_t user, std::int64_t group, std::string_view data) {
  std::string kind =
      data.starts_with("chat_fight_") ? "btn:chat_fight_confirm" : fmt::format("btn:{}", data);
  return {std::move(kind),
          fmt::format(
              R"({{"update_id":{},"callback_query":{{"id":"{}","from":{},"message":{{"message_id":{},"from":{},"chat":{},"date":{},"text":"{}","reply_markup":{}}},"chat_instance":"{}","data":"{}"}}}})",
              kUpdateIdMark, 4'382'000'000'000'000 + ++callback_id_, user_json(user),
              message_id_ - 3, kBotJson, group_chat_json(group), kBaseDate + emitted_ - 30,
              kScreenText, kChatKeyboard, group * 31, data),
          user};
}

void Workload::offered(std::int64_t user, std::int64_t target) { offered_[user] = target; }

Event Workload::follow_up(const FollowUp& f) {
  if (f.group != 0) return group_button(f.user, f.group, fmt::format("chat_fight_{}", f.target));
  std::int64_t target = f.target;
  if (auto it = offered_.find(f.user); it != offered_.end()) {
    target = it->second;
    offered_.erase(it);
  }
  return private_button(f.user, fmt::format("rademka_confirm_{}", target));
}

Event Workload::next() {
  ++emitted_;
  if (!follow_ups_.empty() && follow_ups_.front().due <= emitted_) {
    FollowUp f = follow_ups_.front();
    follow_ups_.pop_front();
    return follow_up(f);
  }
  const std::int64_t user = random_user();
  const std::int64_t group = group_of(user);
  auto later = [&](std::int64_t in_group, std::int64_t target) {
    follow_ups_.push_back({emitted_ + options_.follow_up_distance, user, in_group, target});
  };

  using Make = std::function<Event()>;
  struct Choice {
    int weight;
    Make make;
  };
  // Percent-like weights; the follow-ups (confirmations) come on top of their prompts.
  static const std::array<const char*, 4> kTops = {"top_gofra", "top_cable", "top_zmiy",
                                                   "top_atm"};
  std::vector<Choice> choices;
  if (options_.mix == Mix::kDavka) {
    return private_command(user, "/davka");
  }
  if (options_.mix == Mix::kAll) {
    choices = {
        {4, [&] { return private_command(user, "/start"); }},
        {4, [&] { return private_command(user, "/davka"); }},
        {3, [&] { return private_command(user, "/profile"); }},
        {14, [&] { return private_button(user, "davka"); }},
        {8, [&] { return private_button(user, "profile"); }},
        {3, [&] { return private_button(user, "top"); }},
        {6, [&] {
           return private_button(
               user, kTops[std::uniform_int_distribution<std::size_t>(0, 3)(rng_)]);
         }},
        {4, [&] { return private_button(user, "back_main"); }},
        {3, [&] { return private_button(user, "gofra_info"); }},
        {2, [&] { return private_button(user, "cable_info"); }},
        {2, [&] { return private_button(user, "atm_status"); }},
        {2, [&] { return private_button(user, "rademka"); }},
        {4, [&] {
           later(0, other_member(user));
           return private_button(user, "rademka_random");
         }},
        {2, [&] { return private_text(user, "привет, как играть?"); }},
        {8, [&] { return group_command(user, group, "/gdavka"); }},
        {4, [&] { return group_command(user, group, "/gtop"); }},
        {5, [&] { return group_button(user, group, "chat_davka"); }},
        {3, [&] { return group_button(user, group, "chat_top"); }},
        {3, [&] { return group_button(user, group, "chat_me"); }},
        {2, [&] { return group_button(user, group, "chat_stats"); }},
        {3, [&] {
           std::int64_t target = other_member(user);
           later(group, target);
           return group_command(user, group, "/fight", target);
         }},
        {4, [&] { return group_text(user, group, "пацаны, кто давил змия сегодня?"); }},
    };
  } else {
    choices = {
        {25, [&] { return private_button(user, "davka"); }},
        {20, [&] { return private_button(user, "profile"); }},
        {10, [&] {
           return private_button(
               user, kTops[std::uniform_int_distribution<std::size_t>(0, 3)(rng_)]);
         }},
        {10, [&] { return private_button(user, "back_main"); }},
        {5, [&] { return private_button(user, "gofra_info"); }},
        {15, [&] { return group_button(user, group, "chat_davka"); }},
        {10, [&] { return group_button(user, group, "chat_me"); }},
        {5, [&] { return group_button(user, group, "chat_top"); }},
    };
  }
  int total = 0;
  for (const auto& c : choices) total += c.weight;
  int pick = std::uniform_int_distribution<int>(0, total - 1)(rng_);
  for (const auto& c : choices) {
    if (pick < c.weight) return c.make();
    pick -= c.weight;
  }
  return choices.back().make();
}

}  // namespace bench
