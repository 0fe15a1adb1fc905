#include "sim/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <variant>

#include "game/atmospheres.hpp"
#include "game/davka.hpp"
#include "game/pvp.hpp"

namespace sim {

namespace {

using game::UnixTime;

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

struct Visit {
  UnixTime at;
  std::uint32_t player;
  // The earliest first; among equal times the lower player: the order is the seed's alone.
  bool operator>(const Visit& o) const { return at != o.at ? at > o.at : player > o.player; }
};

struct SimPlayer {
  game::Player record;
  Habit habit = Habit::Grinder;
  std::vector<UnixTime> recent_fights;  // within the balance's window, oldest first
  std::int64_t fights = 0, fights_won = 0;
  int level = 0;
  std::array<float, kLevels> reached_day{};  // days since joining; negative: not reached
};

// The habit of each player from the mix: largest remainders, so the counts add up, and in
// blocks (ids mean nothing to the rules; matchmaking goes by gofra).
std::vector<Habit> assign_habits(const SimOptions& o) {
  const double total = std::accumulate(o.mix.begin(), o.mix.end(), 0.0);
  std::array<std::size_t, kHabitCount> count{};
  std::size_t given = 0;
  for (std::size_t h = 0; h < kHabitCount; ++h) {
    count[h] = total > 0 ? static_cast<std::size_t>(std::floor(o.mix[h] / total * static_cast<double>(o.players))) : 0;
    given += count[h];
  }
  for (std::size_t h = 0; given < o.players; h = (h + 1) % kHabitCount) {
    if (total <= 0 || o.mix[h] > 0) {
      ++count[h];
      ++given;
    }
  }
  std::vector<Habit> habits;
  habits.reserve(o.players);
  for (std::size_t h = 0; h < kHabitCount; ++h) habits.insert(habits.end(), count[h], kHabits[h]);
  return habits;
}

Spread spread_of(std::vector<double>& values) {
  Spread s;
  if (values.empty()) return s;
  auto at = [&](double q) {
    const auto k = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1) + 0.5);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
  };
  s.p10 = at(0.1);
  s.median = at(0.5);
  s.p90 = at(0.9);
  return s;
}

class Simulation {
 public:
  Simulation(const SimOptions& options, const game::Balance& balance)
      : options_(options),
        balance_(balance),
        schedule_(splitmix64(options.seed)),
        game_(game_seed(options.seed)) {
    result_.options = options;
    const auto habits = assign_habits(options);
    players_.resize(habits.size());
    for (std::size_t i = 0; i < players_.size(); ++i) {
      auto& p = players_[i];
      p.habit = habits[i];
      p.record = game::new_player(static_cast<game::UserId>(i + 1), kEpoch, balance_);
      p.level = game::level_number(p.record.gofra_mm);
      p.reached_day.fill(-1);
      for (int l = 0; l <= p.level; ++l) p.reached_day[static_cast<std::size_t>(l)] = 0;
      queue_.push({first_visit(p.habit, kEpoch, schedule_), static_cast<std::uint32_t>(i)});
    }
    result_.pvp.resize(2 * kMaxDifference + 1);
    for (int d = -kMaxDifference; d <= kMaxDifference; ++d) {
      result_.pvp[static_cast<std::size_t>(d + kMaxDifference)].level_difference = d;
    }
    for (int l = 0; l < kLevels; ++l) result_.davkas[static_cast<std::size_t>(l)].level = l;
  }

  SimResult run() {
    std::vector<std::vector<DailyRow>> by_habit(kHabitCount);
    for (int day = 1; day <= options_.days; ++day) {
      const UnixTime day_start = kEpoch + (day - 1) * kDay;
      rank_by_gofra();
      while (!queue_.empty() && queue_.top().at < day_start + kDay) {
        const Visit v = queue_.top();
        queue_.pop();
        visit(v.player, v.at, day_start);
      }
      for (std::size_t h = 0; h < kHabitCount; ++h) by_habit[h].push_back(snapshot(day, kHabits[h]));
    }
    for (auto& rows : by_habit) {
      for (auto& r : rows) {
        if (r.players > 0) result_.daily.push_back(r);
      }
    }
    collect_levels();
    if (options_.keep_players) {
      for (auto& p : players_) {
        result_.players.push_back(p.record);
        result_.habits.push_back(p.habit);
      }
    }
    return std::move(result_);
  }

 private:
  void visit(std::uint32_t index, UnixTime now, UnixTime day_start) {
    ++result_.visits;
    SimPlayer& p = players_[index];
    auto outcome = game::davka(p.record, now, game_, balance_);
    if (const auto* d = std::get_if<game::DavkaResult>(&outcome)) {
      auto& row = result_.davkas[static_cast<std::size_t>(game::level_number(d->old_gofra_mm))];
      ++row.davkas;
      row.grams_sum += static_cast<double>(d->grams);
      row.exp_mm_sum += d->exp_mm;
      if (index == 0 && options_.keep_players) result_.first_player_davkas.push_back(now);
      note_level(p, now);
    }
    const int wanted = fights_wanted(p.habit, balance_.pvp_fights_per_window, game_);
    for (int i = 0; i < wanted && fight(index, now); ++i) {
    }
    queue_.push({next_visit(p.habit, now, day_start, game::atm_full_at(p.record, balance_), schedule_),
                 index});
  }

  // A private радёмка against one of the pool closest in gofra (Appendix A decision 5, from
  // the day's ranking); false when the attacker's hourly limit is reached or nobody is there.
  bool fight(std::uint32_t attacker_index, UnixTime now) {
    SimPlayer& attacker = players_[attacker_index];
    if (!game::can_fight(fights_in_window(attacker, now), balance_)) return false;
    const std::size_t n = ranking_.size();
    if (n < 2) return false;
    const std::size_t pool = std::min<std::size_t>(
        n - 1, static_cast<std::size_t>(std::max(1, balance_.pvp_matchmaking_pool)));
    const std::size_t rank = rank_[attacker_index];
    std::size_t lo = rank >= pool / 2 ? rank - pool / 2 : 0;
    lo = std::min(lo, n - 1 - pool);
    std::size_t pick = lo + game_.index(pool);  // pool others in [lo, lo + pool], self excluded
    if (pick >= rank) ++pick;
    SimPlayer& defender = players_[ranking_[pick]];

    const int level_difference = attacker.level - defender.level;
    const double chance = game::pvp_chance(attacker.record, defender.record, game_, balance_);
    const auto o = game::resolve_fight(attacker.record, defender.record, chance, game_, balance_);
    auto& row = result_.pvp[static_cast<std::size_t>(
        std::clamp(level_difference, -kMaxDifference, kMaxDifference) + kMaxDifference)];
    ++row.fights;
    row.chance_sum += chance;
    if (o.attacker_won) ++row.attacker_wins;
    for (SimPlayer* s : {&attacker, &defender}) {
      s->recent_fights.push_back(now);
      ++s->fights;
    }
    SimPlayer& winner = o.attacker_won ? attacker : defender;
    ++winner.fights_won;
    note_level(winner, now);
    return true;
  }

  int fights_in_window(SimPlayer& p, UnixTime now) {
    auto& f = p.recent_fights;
    const UnixTime since = now - balance_.pvp_window_seconds;
    f.erase(f.begin(), std::find_if(f.begin(), f.end(), [&](UnixTime t) { return t > since; }));
    return static_cast<int>(f.size());
  }

  void note_level(SimPlayer& p, UnixTime now) {
    const int level = game::level_number(p.record.gofra_mm);
    const auto days = static_cast<float>(static_cast<double>(now - kEpoch) / kDay);
    for (int l = p.level + 1; l <= level; ++l) p.reached_day[static_cast<std::size_t>(l)] = days;
    p.level = std::max(p.level, level);
  }

  void rank_by_gofra() {
    ranking_.resize(players_.size());
    std::iota(ranking_.begin(), ranking_.end(), 0u);
    std::sort(ranking_.begin(), ranking_.end(), [&](std::uint32_t a, std::uint32_t b) {
      const double ga = players_[a].record.gofra_mm, gb = players_[b].record.gofra_mm;
      return ga != gb ? ga > gb : a < b;  // Appendix A decision 12: exact value, ties by id
    });
    rank_.resize(players_.size());
    for (std::size_t r = 0; r < ranking_.size(); ++r) rank_[ranking_[r]] = r;
  }

  DailyRow snapshot(int day, Habit habit) {
    DailyRow row;
    row.day = day;
    row.habit = habit;
    std::vector<double> gofra, cable, snake, level;
    double davkas = 0, fights = 0, wins = 0;
    for (const auto& p : players_) {
      if (p.habit != habit) continue;
      gofra.push_back(p.record.gofra_mm);
      cable.push_back(p.record.cable_mm);
      snake.push_back(p.record.total_zmiy_grams / 1000.0);
      level.push_back(p.level);
      davkas += static_cast<double>(p.record.total_davki);
      fights += static_cast<double>(p.fights);
      wins += static_cast<double>(p.fights_won);
    }
    row.players = gofra.size();
    if (row.players == 0) return row;
    const auto n = static_cast<double>(row.players);
    row.gofra_mm = spread_of(gofra);
    row.cable_mm = spread_of(cable);
    row.snake_kg_median = spread_of(snake).median;
    row.level_median = spread_of(level).median;
    row.davkas_mean = davkas / n;
    row.fights_mean = fights / n;
    row.fights_won_mean = wins / n;
    return row;
  }

  void collect_levels() {
    for (Habit habit : kHabits) {
      std::vector<std::vector<double>> days(kLevels);
      std::size_t players = 0;
      for (const auto& p : players_) {
        if (p.habit != habit) continue;
        ++players;
        ++result_.final_levels[index_of(habit)][static_cast<std::size_t>(p.level)];
        for (std::size_t l = 0; l < kLevels; ++l) {
          // Never reached counts as never: a median over those who did would say that the
          // few who were quick are typical.
          days[l].push_back(p.reached_day[l] >= 0 ? p.reached_day[l]
                                                  : std::numeric_limits<double>::infinity());
        }
      }
      if (players == 0) continue;
      for (int l = 0; l < kLevels; ++l) {
        auto& d = days[static_cast<std::size_t>(l)];
        const auto reached = static_cast<std::size_t>(
            std::count_if(d.begin(), d.end(), [](double x) { return std::isfinite(x); }));
        result_.levels.push_back({habit, l, reached, spread_of(d)});
      }
    }
  }

  const SimOptions& options_;
  const game::Balance& balance_;
  game::Random schedule_;
  game::Random game_;
  std::vector<SimPlayer> players_;
  std::vector<std::uint32_t> ranking_;  // by gofra at the day's start, longest first
  std::vector<std::size_t> rank_;
  std::priority_queue<Visit, std::vector<Visit>, std::greater<>> queue_;
  SimResult result_;
};

}  // namespace

std::uint64_t game_seed(std::uint64_t seed) { return splitmix64(seed ^ 0x6761'6D65ull); }

SimResult simulate(const SimOptions& options, const game::Balance& balance) {
  return Simulation(options, balance).run();
}

}  // namespace sim
