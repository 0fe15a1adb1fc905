#pragma once
// What the process does to itself before anything else (docs/SECURITY.md):
// - umask 077: the database, its WAL, backups and the data directory are the bot's user's
//   alone (0600 files, 0700 directories), whatever umask the shell or the container had;
// - the soft limit of open files raised to the hard one: the webhook's connection caps
//   (1024 in all, telegram.webhook_max_connections_per_address from one address) must
//   be reached before the descriptors run out, not after;
// - no core dumps: a dump would hold the token and the secrets in clear;
// - a warning when it runs as root (the container image and the manifests run it as a
//   user of its own).
namespace app {

// Returns the soft limit of open files now in force. Logs nothing (logging is not set up).
long harden_process();
// Once logging is set up (`gofrobot run`): a warning when the process runs as root.
void warn_when_root();

}  // namespace app
