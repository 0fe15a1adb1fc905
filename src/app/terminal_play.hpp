#pragma once
#include <functional>
// `gofrobot play`: the game in a terminal, through the same engine (router, guards,
// handlers) that Telegram updates go through. Several users, a private chat each and
// group chats; inline buttons are pressed by number; edits are shown in place.
#include <iosfwd>

#include "bot/engine.hpp"
#include "store/store.hpp"

namespace app {

struct PlayOptions {
  bool echo_input = false;  // print each input line (when stdin is not a terminal)
  // Runs after each update (the engine's work between batches: a reload's swap, say).
  std::function<void()> between_updates;
};

// Reads lines from `in` until EOF or ":quit"; returns the process exit code.
// Replies are shown once their update committed, then leave the store's outbox; replies
// left in the outbox by an interrupted session are shown first.
int run_terminal_play(bot::Engine& engine, store::Store& store, std::istream& in,
                      std::ostream& out, const PlayOptions& options);

}  // namespace app
