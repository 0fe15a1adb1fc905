// Runs the unmodified telegram-test-api 4.2.1 server in a process of its own, started by
// launcher.mjs through child_process.fork (an IPC channel is required).
//
// Protocol with the launcher (IPC messages):
//   launcher -> child  {type: 'start', host, port, state}   state: a snapshot to restore, or null
//   child -> launcher  {type: 'ready', port}
//   child -> launcher  {type: 'state', state}                after every HTTP exchange (coalesced)
//   child -> launcher  {type: 'error', message, stack}       an unhandled rejection was caught
//
// Why a process of its own: the emulator dies on an unhandled promise rejection (a client
// update without botToken, a command without entities, a webhook POST that fails), and the
// launcher must outlive it. This process also catches those rejections (E2E_EMU_KEEP_ALIVE=0
// turns that off, to watch the launcher restart it), and the launcher restarts it if it dies
// anyway, restoring the last snapshot so that message, update and callback ids keep counting up.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const TelegramServer = require('telegram-test-api');

if (typeof process.send !== 'function') {
  console.error('emulator.mjs: start me through launcher.mjs (needs an IPC channel)');
  process.exit(2);
}

if (process.env.E2E_EMU_KEEP_ALIVE !== '0') {
  process.on('unhandledRejection', (error) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[emulator] caught an unhandled rejection that would have killed it: ${message}`);
    process.send({ type: 'error', message, stack: error?.stack ?? null });
  });
}

let server = null;
let snapshotQueued = false;
const RESTORE_MARGIN = 1000;

function snapshot() {
  return {
    updateId: server.updateId,
    messageId: server.messageId,
    callbackId: server.callbackId,
    storage: server.storage,
  };
}

function queueSnapshot() {
  if (snapshotQueued) return;
  snapshotQueued = true;
  setImmediate(() => {
    snapshotQueued = false;
    if (process.connected) process.send({ type: 'state', state: snapshot() });
  });
}

async function start({ host, port, state }) {
  // storeTimeout: unread messages older than this are dropped; the launcher drains the bot's
  // queue continuously and keeps its own view of the bot's messages, so the default is enough.
  server = new TelegramServer({ host, port: port || 9000, storage: 'RAM', storeTimeout: 120 });
  server.config.port = port; // normalizeConfig turns port 0 into 9000; we want any free port
  if (state) {
    // The snapshot goes out one event-loop turn after a response is flushed, so the client
    // may have seen an id the snapshot does not hold yet (seen under ASan: a message id
    // reused after a restart). The counters skip ahead so that no id is ever given twice.
    server.updateId = state.updateId + RESTORE_MARGIN;
    server.messageId = state.messageId + RESTORE_MARGIN;
    server.callbackId = state.callbackId + RESTORE_MARGIN;
    server.storage = state.storage;
  }
  await server.start();
  // start() stored a fresh storage object? No: it keeps this.storage; restore again to be safe.
  if (state) server.storage = state.storage;
  server.server.on('request', (_req, res) => res.on('finish', queueSnapshot));
  process.send({ type: 'ready', port: server.server.address().port });
}

process.on('message', (message) => {
  if (message?.type === 'start') {
    start(message).catch((error) => {
      console.error(`[emulator] cannot start: ${error.stack ?? error}`);
      process.exit(1);
    });
  }
});

process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
