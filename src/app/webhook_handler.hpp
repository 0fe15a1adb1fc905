#pragma once
// The webhook's request handler: parse the update, process it (the response waits for
// the commit), and answer. One reply rides in the response body as a method call when it
// fits — the callback answer if there is one, else a lone message the chat's pacing allows
// now — saving a request; the others go through the outbound queue.
#include "app/runtime.hpp"
#include "telegram/webhook_server.hpp"

namespace app {

telegram::WebhookServer::Handler make_webhook_handler(Runtime& rt);

}  // namespace app
