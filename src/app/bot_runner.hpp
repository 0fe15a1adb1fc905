#pragma once
// `gofrobot run`: the bot on Telegram, by long polling or webhook.
#include "app/config_reload.hpp"
#include "ops/config.hpp"
#include "telegram/outbound_limits.hpp"

namespace app {

// The outbound queue's flood limits from the configuration (telegram.outbound_*).
telegram::OutboundLimits outbound_limits(const ops::Config& config);

// Returns the process exit code: 0 after a graceful shutdown (SIGINT/SIGTERM), 2 when the
// token is missing or rejected or another instance polls, 1 on other fatal errors.
// `source`: where `config` was read, read again on SIGHUP (live reload).
int run_bot(const ops::Config& config, const ConfigSource& source);

}  // namespace app
