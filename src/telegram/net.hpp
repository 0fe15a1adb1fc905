#pragma once
// Telegram's code names Asio and Beast by net's short names (asio::, http::, awaitable…).
#include "net/asio.hpp"

namespace telegram {
using namespace ::net::names;
}  // namespace telegram
