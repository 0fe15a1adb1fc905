#pragma once
// Long polling (getUpdates): the offset moves past an update only after its effects
// committed, so a crash makes Telegram deliver it again, and the processed-update record
// makes that redelivery change nothing. 401 and 409 stop the bot with a clear message;
// network trouble backs off and retries.
#include "app/runtime.hpp"

namespace app {

enum class PollExit { kStopped, kUnauthorized, kConflict };

telegram::awaitable<PollExit> poll_updates(Runtime& rt);

}  // namespace app
