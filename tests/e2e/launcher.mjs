#!/usr/bin/env node
// The e2e launcher: the telegram-test-api emulator (emulator.mjs, a child process) and, in front
// of it, our proxy, both on free loopback ports. The bot's api_base_url points at the proxy.
//
//   node launcher.mjs [--host 127.0.0.1] [--port 0] [--token T]... [--quiet]
//
// When ready it prints one JSON line on stdout:
//   {"ready":true,"api_base_url":"http://127.0.0.1:P","control_url":"http://127.0.0.1:P/_control",
//    "client_url":"http://127.0.0.1:P","emulator_url":"http://127.0.0.1:E","proxy_port":P,
//    "emulator_port":E,"pid":N}
// and runs until SIGTERM or SIGINT (then it stops the emulator and exits 0).
//
// What the proxy does (README.md has the why of each point):
// * /bot<token>/<method>: the Bot API. getUpdates (long polling with offset, limit, timeout and
//   allowed_updates), setWebhook/deleteWebhook/getWebhookInfo (the proxy delivers webhooks
//   itself, with the secret header) and setMyCommands/getMyCommands/deleteMyCommands are answered
//   by the proxy; sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage,
//   answerCallbackQuery and getMe are checked the way the real API checks them (a request it
//   refuses with 400 is refused here too) and forwarded to the emulator. Anything else: 404.
// * /sendMessage, /sendCommand, /sendCallback, /getUpdates, /getUpdatesHistory: the emulator's
//   own client API, guarded against the requests that crash it; the send routes answer with the
//   update the bot will get (its update_id, message_id, callback id).
// * /_control/...: faults (429, 5xx, delays, resets), the request log with timestamps, the chat
//   view of the bot's messages, callbacks and their answers, command menus, webhook deliveries,
//   events (emulator errors, restarts), update injection. See README.md.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const now = () => performance.timeOrigin + performance.now(); // ms since the epoch, sub-ms
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Methods the emulator implements and the proxy forwards.
const FORWARDED = new Set([
  'getMe', 'sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'deleteMessage',
  'answerCallbackQuery',
]);
// Methods the proxy answers itself.
const OWN = new Set([
  'getUpdates', 'setWebhook', 'deleteWebhook', 'getWebhookInfo', 'setMyCommands', 'getMyCommands',
  'deleteMyCommands', 'sendDocument',
]);
// Telegram's upload limit for bots.
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
// Update types delivered when allowed_updates is empty (the real API's default).
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
const BUTTON_ACTIONS = [
  'callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query',
  'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'copy_text',
  'callback_game', 'pay',
];

class ApiError extends Error {
  constructor(status, description, parameters) {
    super(description);
    this.status = status;
    this.description = description;
    this.parameters = parameters;
  }
}
const badRequest = (what) => new ApiError(400, `Bad Request: ${what}`);

function nginxPage(status) {
  const titles = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
    504: 'Gateway Time-out' };
  const title = `${status} ${titles[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}` +
    '</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n';
}

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  }
  return value;
}

function parseJsonParam(value, what) {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(`can't parse ${what} JSON object`);
  }
}

function utf8Length(text) {
  return Buffer.byteLength(text, 'utf8');
}

// The real API's checks of reply_markup (inline keyboards only: the bot uses nothing else).
function checkMarkup(raw) {
  if (raw === undefined || raw === null || raw === '') return null;
  const markup = parseJsonParam(raw, 'reply keyboard markup');
  if (!markup || typeof markup !== 'object' || Array.isArray(markup)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  if ('inline_keyboard' in markup) {
    const rows = markup.inline_keyboard;
    if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
    for (const row of rows) {
      if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
      for (const button of row) {
        if (!button || typeof button !== 'object') throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
        if (typeof button.text !== 'string' || button.text.length === 0) throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        const actions = BUTTON_ACTIONS.filter((a) => a in button);
        if (actions.length !== 1) throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        if ('callback_data' in button) {
          const data = button.callback_data;
          if (typeof data !== 'string' || utf8Length(data) < 1 || utf8Length(data) > 64) {
            throw badRequest('BUTTON_DATA_INVALID');
          }
        }
      }
    }
    return rows.length === 0 ? null : canonical(markup);
  }
  return canonical(markup); // reply keyboards etc.: stored as they are
}

function checkText(text) {
  if (typeof text === 'number') text = String(text);
  if (typeof text !== 'string' || text.trim().length === 0) throw badRequest('message text is empty');
  if (text.length > 4096) throw badRequest('message is too long');
  return text;
}

function chatKey(chatId) {
  if (chatId === undefined || chatId === null || chatId === '') throw badRequest('chat_id is empty');
  const key = String(chatId);
  if (!/^-?\d+$/.test(key) && !key.startsWith('@')) throw badRequest('chat not found');
  return key;
}

function messageIdOf(value, what = 'message_id') {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw badRequest(`${what} is invalid`);
  return id;
}

function chatIdOfUpdate(update) {
  const m = update.message ?? update.edited_message ?? update.channel_post ??
    update.callback_query?.message ?? update.my_chat_member ?? update.chat_member;
  return m?.chat?.id ?? null;
}

function updateType(update) {
  return Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown';
}

function readBody(req, limit = 16 * 1024 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError(413, 'Request Entity Too Large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// Bot API parameters from the query string and a JSON or urlencoded body.
function parseParams(url, req, body) {
  const params = Object.fromEntries(url.searchParams);
  if (body.length === 0) return params;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    let parsed;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest('invalid JSON in the request body');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw badRequest('the request body must be a JSON object');
    }
    return { ...params, ...parsed };
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  }
  if (type === 'multipart/form-data') return { ...params, ...parseMultipart(req.headers['content-type'], body) };
  throw badRequest(`unsupported Content-Type "${type}" (the proxy reads JSON, urlencoded and multipart bodies)`);
}

// multipart/form-data (uploads): text parts become parameters; a file part becomes
// {filename, bytes, sha256} (the request log keeps what was sent, not the bytes).
function parseMultipart(contentType, body) {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType ?? '')?.[2];
  if (!boundary) throw badRequest('multipart/form-data without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const params = {};
  let at = body.indexOf(delimiter);
  if (at < 0) throw badRequest('multipart body without its boundary');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') break; // the closing delimiter
    const headersEnd = body.indexOf('\r\n\r\n', at);
    const next = body.indexOf(delimiter, headersEnd);
    if (headersEnd < 0 || next < 0) throw badRequest('truncated multipart body');
    const headers = body.subarray(at, headersEnd).toString('utf8');
    const content = body.subarray(headersEnd + 4, next - 2); // without the CRLF before the delimiter
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (!name) throw badRequest('a multipart part without a name');
    params[name] = filename === undefined ? content.toString('utf8')
      : { filename, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    at = next;
  }
  return params;
}

function sendJson(res, status, value, headers = {}) {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

// ------------------------------------------------------------------------------------------
// The emulator child process, restarted if it dies.
class Emulator {
  constructor({ host, log, onEvent }) {
    this.host = host;
    this.log = log;
    this.onEvent = onEvent;
    this.state = null;
    this.port = null;
    this.child = null;
    this.restarts = 0;
    this.stopping = false;
    this.readyPromise = null;
  }

  get url() {
    return `http://${this.host}:${this.port}`;
  }

  start() {
    this.readyPromise = new Promise((resolve, reject) => {
      const child = fork(path.join(here, 'emulator.mjs'), [], {
        cwd: here,
        stdio: ['ignore', 2, 2, 'ipc'], // its stdout must not mix with our JSON line
        env: { ...process.env },
      });
      this.child = child;
      let ready = false;
      child.on('message', (message) => {
        if (message.type === 'ready') {
          ready = true;
          this.port = message.port;
          resolve();
        } else if (message.type === 'state') {
          this.state = message.state;
        } else if (message.type === 'error') {
          this.onEvent({ type: 'emulator-error', message: message.message, stack: message.stack });
        }
      });
      child.on('exit', (code, signal) => {
        if (this.child !== child) return;
        this.child = null;
        this.port = null;
        if (this.stopping) return;
        const message = `EMULATOR DIED (code ${code}, signal ${signal}); restarting it with its last state`;
        this.log(`!!!!!!!! ${message}`);
        this.onEvent({ type: 'emulator-died', code, signal });
        if (!ready) {
          reject(new Error(`the emulator exited before it was ready (code ${code}, signal ${signal})`));
          return;
        }
        this.restarts += 1;
        setTimeout(() => {
          if (this.stopping) return;
          this.start().then(
            () => this.onEvent({ type: 'emulator-restarted', port: this.port, restarts: this.restarts }),
            (error) => this.log(`!!!!!!!! cannot restart the emulator: ${error.message}`));
        }, 50);
      });
      child.send({ type: 'start', host: this.host, port: 0, state: this.state });
    });
    return this.readyPromise;
  }

  // Resolves when an emulator is up (waits for a restart in progress), up to `ms`.
  async up(ms = 5000) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.child && this.port) return true;
      await sleep(20);
    }
    return false;
  }

  kill(signal = 'SIGKILL') {
    if (this.child) this.child.kill(signal);
  }

  async stop() {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    await new Promise((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); }, 2000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    });
  }

  // A request to the emulator; waits for it to be up, retries once after a connection failure.
  async call(pathname, body, { attempts = 2 } = {}) {
    let lastError = null;
    for (let i = 0; i < attempts; i += 1) {
      if (!(await this.up())) break;
      try {
        const response = await fetch(`${this.url}${pathname}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body ?? {}),
          signal: AbortSignal.timeout(10000),
        });
        const text = await response.text();
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        return { status: response.status, json, text };
      } catch (error) {
        lastError = error;
        await sleep(100);
      }
    }
    throw new ApiError(502, `emulator unreachable: ${lastError?.message ?? 'not running'}`);
  }
}

// ------------------------------------------------------------------------------------------
// Per-token state: the update queue, long polls, webhook, the chat view, callbacks, commands.
class BotState {
  constructor(token) {
    this.token = token;
    this.queue = []; // {update, pumped_at, delivered_at}
    this.lastUpdateId = 0;
    this.allowedUpdates = [];
    this.poll = null; // the pending long poll: {respond, timer}
    this.webhook = null; // {url, secret_token, max_connections, allowed_updates, set_at}
    this.webhookTarget = null; // delivery URL override
    this.deliveries = [];
    this.lastError = null;
    this.delivering = false;
    this.chats = new Map(); // chat id (string) -> Map(message_id -> view)
    this.callbacks = new Map(); // id -> record
    this.commands = new Map(); // scope+language key -> {scope, language_code, commands}
    this.updatesLog = []; // every update the bot was given, in order
    this.pumping = false;
    this.pumpAgain = false;
    this.getUpdatesCalls = 0; // counted on arrival (a long poll completes only later)
    this.lastGetUpdatesAt = null;
  }

  allowed(update) {
    const type = updateType(update);
    if (this.allowedUpdates.length === 0) return !NOT_BY_DEFAULT.has(type);
    return this.allowedUpdates.includes(type);
  }

  messageView(chat, messageId) {
    return this.chats.get(chat)?.get(messageId) ?? null;
  }
}

export async function startLauncher({ host = '127.0.0.1', port = 0, tokens = [], quiet = false,
  log = (line) => { if (!quiet) process.stderr.write(`[launcher] ${line}\n`); } } = {}) {
  let stopped = false;
  let selfUrl = null; // this proxy's URL, once it listens
  const bots = new Map();
  const strictTokens = tokens.length > 0;
  const requests = []; // the request log (completed exchanges), in seq order
  const events = [];
  let seq = 0;
  let faults = [];
  let faultSeq = 0;
  let nonceSeq = 0;
  const nonceWaiters = new Map();
  const requestWaiters = new Set();
  let globalWebhookTarget = null;

  const event = (e) => {
    const record = { t: now(), ...e };
    events.push(record);
    if (e.type !== 'emulator-restarted') log(`event: ${JSON.stringify(record)}`);
  };

  const emulator = new Emulator({ host, log, onEvent: event });
  await emulator.start();

  const botFor = (token) => {
    let bot = bots.get(token);
    if (!bot) {
      bot = new BotState(token);
      bots.set(token, bot);
    }
    return bot;
  };
  for (const token of tokens) botFor(token);

  // ---- pumping the emulator's queue of user updates into ours -----------------------------
  const wake = (bot) => {
    if (bot.webhook) {
      deliverWebhooks(bot);
    } else if (bot.poll && bot.queue.some((e) => bot.allowed(e.update))) {
      bot.poll.respond();
    }
  };

  const acceptUpdate = (bot, raw, source) => {
    const update = structuredClone(raw);
    let nonce = null;
    const carrier = update.message ?? update.callback_query?.message;
    if (carrier && '_e2e_nonce' in carrier) {
      nonce = carrier._e2e_nonce;
      delete carrier._e2e_nonce;
      if (update.callback_query && carrier._e2e_no_message) delete update.callback_query.message;
      delete carrier._e2e_no_message;
    }
    if (update.callback_query) {
      const cq = update.callback_query;
      // The real API always sends chat_instance (a required field); the emulator drops it.
      if (cq.chat_instance === undefined) {
        cq.chat_instance = String(cq.message?.chat?.id ?? cq.from?.id ?? 0);
      }
      if (bot.callbacks.has(cq.id)) {
        const renamed = `${cq.id}r${emulator.restarts}x${bot.callbacks.size}`;
        event({ type: 'duplicate-callback-id', id: cq.id, renamed });
        cq.id = renamed;
      }
      bot.callbacks.set(cq.id, {
        id: cq.id, data: cq.data ?? null, from_id: cq.from?.id ?? null,
        chat_id: cq.message?.chat?.id ?? null, message_id: cq.message?.message_id ?? null,
        pumped_at: now(), delivered_at: null, answered_at: null, answer: null, answers: 0,
      });
    }
    const id = Math.max(Number(update.update_id) || 0, bot.lastUpdateId + 1);
    if (Number(update.update_id) !== id && source === 'emulator') {
      event({ type: 'update-renumbered', from: update.update_id, to: id });
    }
    update.update_id = id;
    bot.lastUpdateId = id;
    const entry = { update, pumped_at: now(), delivered_at: null };
    if (bot.allowed(update)) bot.queue.push(entry);
    bot.updatesLog.push({ update, source, pumped_at: entry.pumped_at });
    if (nonce !== null && nonceWaiters.has(nonce)) {
      nonceWaiters.get(nonce)(update);
      nonceWaiters.delete(nonce);
    }
    return update;
  };

  const pump = async (bot) => {
    if (bot.pumping) {
      bot.pumpAgain = true;
      return;
    }
    bot.pumping = true;
    try {
      do {
        bot.pumpAgain = false;
        let answer;
        try {
          answer = await emulator.call(`/bot${bot.token}/getUpdates`, {}, { attempts: 1 });
        } catch {
          return; // the emulator is restarting; the next tick tries again
        }
        const updates = answer.json?.result;
        if (Array.isArray(updates) && updates.length > 0) {
          for (const update of updates) acceptUpdate(bot, update, 'emulator');
          wake(bot);
        }
      } while (bot.pumpAgain);
    } finally {
      bot.pumping = false;
    }
  };

  // A safety net: the client routes pump at once, so updates rarely wait for this tick.
  const pumpTimer = setInterval(() => { for (const bot of bots.values()) pump(bot); }, 100);

  // ---- webhook delivery -------------------------------------------------------------------
  async function deliverWebhooks(bot) {
    if (bot.delivering) return;
    bot.delivering = true;
    let backoff = 100;
    try {
      while (bot.webhook && !stopped) {
        const entry = bot.queue.find((e) => bot.allowed(e.update));
        if (!entry) break;
        const webhook = bot.webhook;
        const target = bot.webhookTarget ?? globalWebhookTarget ?? webhook.url;
        const headers = { 'content-type': 'application/json' };
        if (webhook.secret_token) headers['x-telegram-bot-api-secret-token'] = webhook.secret_token;
        const started = now();
        let status = 0;
        let error = null;
        let reply = null;
        try {
          const response = await fetch(target, {
            method: 'POST', headers, body: JSON.stringify(entry.update), signal: AbortSignal.timeout(10000),
          });
          status = response.status;
          const text = await response.text();
          if ((response.headers.get('content-type') ?? '').includes('json') && text.length > 0) {
            try { reply = JSON.parse(text); } catch { /* not a method call */ }
          }
        } catch (e) {
          error = e.cause?.code ?? e.message;
        }
        // Like Telegram: a webhook answer may carry one Bot API call ({"method": ..., ...}).
        if (status >= 200 && status < 300 && reply && typeof reply.method === 'string') {
          const { method, ...params } = reply;
          await fetch(`${selfUrl}/bot${bot.token}/${encodeURIComponent(method)}`, {
            method: 'POST', headers: { 'content-type': 'application/json', 'x-e2e-via': 'webhook-response' },
            body: JSON.stringify(params), signal: AbortSignal.timeout(10000),
          }).then((r) => r.arrayBuffer()).catch((e) => log(`webhook-response call ${method} failed: ${e.message}`));
        }
        bot.deliveries.push({ update_id: entry.update.update_id, url: target, t: started, duration_ms: now() - started, status, error });
        if (entry.delivered_at === null) {
          entry.delivered_at = started;
          markCallbackDelivered(bot, entry.update, started);
        }
        if (status >= 200 && status < 300) {
          bot.queue.splice(bot.queue.indexOf(entry), 1);
          backoff = 100;
        } else {
          bot.lastError = { date: Math.floor(Date.now() / 1000), message: error ?? `Wrong response from the webhook: ${status}` };
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 2000);
        }
      }
    } finally {
      bot.delivering = false;
    }
  }

  function markCallbackDelivered(bot, update, t) {
    const id = update.callback_query?.id;
    if (id !== undefined && bot.callbacks.has(id)) {
      const record = bot.callbacks.get(id);
      if (record.delivered_at === null) record.delivered_at = t;
    }
  }

  // ---- the Bot API ------------------------------------------------------------------------
  const own = {
    getUpdates(bot, params, req, res) {
      bot.getUpdatesCalls += 1;
      bot.lastGetUpdatesAt = now();
      if (bot.webhook) {
        throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      }
      if (params.offset !== undefined && params.offset !== '') {
        const offset = Number(params.offset);
        if (!Number.isInteger(offset)) throw badRequest('offset is invalid');
        if (offset > 0) bot.queue = bot.queue.filter((e) => e.update.update_id >= offset);
        else if (offset < 0) bot.queue = bot.queue.slice(offset);
      }
      if (params.allowed_updates !== undefined) {
        const allowed = parseJsonParam(params.allowed_updates, 'allowed_updates');
        if (!Array.isArray(allowed)) throw badRequest('allowed_updates must be an Array');
        bot.allowedUpdates = allowed.map(String);
        bot.queue = bot.queue.filter((e) => bot.allowed(e.update));
      }
      let limit = params.limit === undefined ? 100 : Number(params.limit);
      if (!Number.isFinite(limit) || limit < 1) limit = 1;
      limit = Math.min(100, Math.floor(limit));
      const timeout = Math.max(0, Math.min(Number(params.timeout ?? 0) || 0, 50));

      return new Promise((resolve) => {
        const respond = () => {
          if (bot.poll?.respond === respond) {
            clearTimeout(bot.poll.timer);
            bot.poll = null;
          }
          const entries = bot.queue.filter((e) => bot.allowed(e.update)).slice(0, limit);
          const t = now();
          for (const entry of entries) {
            if (entry.delivered_at === null) {
              entry.delivered_at = t;
              markCallbackDelivered(bot, entry.update, t);
            }
          }
          resolve({ status: 200, body: { ok: true, result: entries.map((e) => e.update) } });
        };
        const available = bot.queue.some((e) => bot.allowed(e.update));
        if (available || timeout === 0) {
          respond();
          return;
        }
        if (bot.poll) {
          const previous = bot.poll;
          bot.poll = null;
          clearTimeout(previous.timer);
          previous.conflict();
        }
        const conflict = () => resolve({ status: 409, body: { ok: false, error_code: 409,
          description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' } });
        const timer = setTimeout(respond, timeout * 1000);
        bot.poll = { respond, conflict, timer };
        // The bot gave up (closed its connection): nothing is delivered, nothing confirmed.
        // (res, not req: a request's 'close' comes as soon as its body has been read.)
        res.on('close', () => {
          if (bot.poll?.respond === respond && !res.writableEnded) {
            clearTimeout(timer);
            bot.poll = null;
            resolve({ status: 499, body: null, aborted: true });
          }
        });
        pump(bot);
      });
    },

    setWebhook(bot, params) {
      const url = params.url ?? '';
      if (url === '') return own.deleteWebhook(bot, params);
      let parsed;
      try {
        parsed = new URL(url);
      } catch {
        throw badRequest('bad webhook: Failed to resolve host: invalid URL');
      }
      if (!['http:', 'https:'].includes(parsed.protocol)) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
      const secret = params.secret_token;
      if (secret !== undefined && secret !== '' && !/^[A-Za-z0-9_-]{1,256}$/.test(String(secret))) {
        throw badRequest('secret token contains unallowed characters');
      }
      const allowed = params.allowed_updates === undefined ? null : parseJsonParam(params.allowed_updates, 'allowed_updates');
      if (allowed !== null) {
        if (!Array.isArray(allowed)) throw badRequest('allowed_updates must be an Array');
        bot.allowedUpdates = allowed.map(String);
      }
      if (String(params.drop_pending_updates) === 'true') bot.queue = [];
      const already = bot.webhook?.url === url;
      bot.webhook = {
        url, secret_token: secret ? String(secret) : null,
        max_connections: Number(params.max_connections ?? 40), allowed_updates: allowed, set_at: now(),
      };
      if (bot.poll) {
        const previous = bot.poll;
        bot.poll = null;
        clearTimeout(previous.timer);
        previous.conflict();
      }
      deliverWebhooks(bot);
      return { ok: true, result: true, description: already ? 'Webhook is already set' : 'Webhook was set' };
    },

    deleteWebhook(bot, params) {
      const had = bot.webhook !== null;
      bot.webhook = null;
      if (String(params.drop_pending_updates) === 'true') bot.queue = [];
      return { ok: true, result: true, description: had ? 'Webhook was deleted' : 'Webhook is already deleted' };
    },

    getWebhookInfo(bot) {
      const info = {
        url: bot.webhook?.url ?? '',
        has_custom_certificate: false,
        pending_update_count: bot.queue.filter((e) => bot.allowed(e.update)).length,
      };
      if (bot.webhook) {
        info.max_connections = bot.webhook.max_connections;
        info.ip_address = host;
        if (bot.webhook.allowed_updates) info.allowed_updates = bot.webhook.allowed_updates;
      }
      if (bot.lastError) {
        info.last_error_date = bot.lastError.date;
        info.last_error_message = bot.lastError.message;
      }
      return { ok: true, result: info };
    },

    setMyCommands(bot, params) {
      const commands = parseJsonParam(params.commands, 'commands');
      if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required and must be an Array');
      if (commands.length > 100) throw badRequest('too many commands');
      for (const c of commands) {
        if (!c || typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
          throw badRequest('BOT_COMMAND_INVALID');
        }
        if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
          throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
        }
      }
      const scope = params.scope === undefined ? { type: 'default' } : parseJsonParam(params.scope, 'scope');
      const language = params.language_code ?? '';
      bot.commands.set(JSON.stringify([canonical(scope), language]), { scope, language_code: language, commands, set_at: now() });
      return { ok: true, result: true };
    },

    sendDocument(bot, params) {
      if (params.chat_id === undefined) throw badRequest('chat_id is empty');
      const file = params.document;
      if (!file || typeof file !== 'object') throw badRequest('there is no document in the request');
      if (file.bytes > MAX_UPLOAD_BYTES) throw new ApiError(413, 'Request Entity Too Large');
      if (file.bytes === 0) throw badRequest('file must be non-empty');
      bot.documents = (bot.documents ?? 0) + 1;
      return { ok: true, result: {
        message_id: 900000 + bot.documents, date: Math.floor(Date.now() / 1000),
        chat: { id: Number(params.chat_id), type: 'private' },
        document: { file_name: file.filename, file_size: file.bytes, file_id: `doc-${bot.documents}` },
        ...(params.caption ? { caption: params.caption } : {}),
      } };
    },

    getMyCommands(bot, params) {
      const scope = params.scope === undefined ? { type: 'default' } : parseJsonParam(params.scope, 'scope');
      const entry = bot.commands.get(JSON.stringify([canonical(scope), params.language_code ?? '']));
      return { ok: true, result: entry?.commands ?? [] };
    },

    deleteMyCommands(bot, params) {
      const scope = params.scope === undefined ? { type: 'default' } : parseJsonParam(params.scope, 'scope');
      bot.commands.delete(JSON.stringify([canonical(scope), params.language_code ?? '']));
      return { ok: true, result: true };
    },
  };

  // Checks the real API makes before a forwarded method; returns what to remember on success.
  const check = {
    sendMessage(bot, params) {
      const chat = chatKey(params.chat_id);
      const text = checkText(params.text);
      const markup = checkMarkup(params.reply_markup);
      let replyTo = null;
      if (params.reply_parameters !== undefined) {
        const rp = parseJsonParam(params.reply_parameters, 'reply parameters');
        if (!rp || typeof rp !== 'object') throw badRequest("can't parse reply parameters JSON object");
        replyTo = messageIdOf(rp.message_id, 'reply_parameters.message_id');
      } else if (params.reply_to_message_id !== undefined) {
        replyTo = messageIdOf(params.reply_to_message_id, 'reply_to_message_id');
      }
      return { chat, text, markup, replyTo };
    },
    editMessageText(bot, params) {
      if (params.inline_message_id !== undefined) throw badRequest('inline messages are not emulated');
      const chat = chatKey(params.chat_id);
      const messageId = messageIdOf(params.message_id);
      const text = checkText(params.text);
      const markup = checkMarkup(params.reply_markup);
      const view = bot.messageView(chat, messageId);
      if (!view || view.deleted) throw badRequest('message to edit not found');
      if (view.text.trim() === text.trim() && JSON.stringify(view.reply_markup) === JSON.stringify(markup)) {
        throw badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      }
      return { chat, messageId, text, markup };
    },
    editMessageReplyMarkup(bot, params) {
      if (params.inline_message_id !== undefined) throw badRequest('inline messages are not emulated');
      const chat = chatKey(params.chat_id);
      const messageId = messageIdOf(params.message_id);
      const markup = checkMarkup(params.reply_markup);
      const view = bot.messageView(chat, messageId);
      if (!view || view.deleted) throw badRequest('message to edit not found');
      if (JSON.stringify(view.reply_markup) === JSON.stringify(markup)) {
        throw badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      }
      return { chat, messageId, markup };
    },
    deleteMessage(bot, params) {
      const chat = chatKey(params.chat_id);
      const messageId = messageIdOf(params.message_id);
      const view = bot.messageView(chat, messageId);
      if (!view || view.deleted) throw badRequest('message to delete not found');
      return { chat, messageId };
    },
    answerCallbackQuery(bot, params) {
      const id = params.callback_query_id === undefined ? '' : String(params.callback_query_id);
      const record = bot.callbacks.get(id);
      if (!record || record.answered_at !== null) {
        if (record) record.answers += 1;
        throw badRequest('query is too old and response timeout expired or query ID is invalid');
      }
      if (params.text !== undefined && String(params.text).length > 200) throw badRequest('MESSAGE_TOO_LONG');
      return { record };
    },
    getMe() { return {}; },
  };

  const remember = {
    sendMessage(bot, checked, result) {
      const messageId = Number(result?.message_id);
      if (!Number.isInteger(messageId)) return;
      if (!bot.chats.has(checked.chat)) bot.chats.set(checked.chat, new Map());
      const chat = bot.chats.get(checked.chat);
      if (chat.has(messageId)) event({ type: 'duplicate-message-id', chat_id: checked.chat, message_id: messageId });
      const t = now();
      chat.set(messageId, {
        message_id: messageId, chat_id: Number(checked.chat), text: checked.text,
        reply_markup: checked.markup, reply_to_message_id: checked.replyTo, sent_at: t,
        edited_at: null, edits: 0, deleted: false, history: [{ t, text: checked.text, reply_markup: checked.markup }],
      });
    },
    editMessageText(bot, checked) {
      const view = bot.messageView(checked.chat, checked.messageId);
      const t = now();
      Object.assign(view, { text: checked.text, reply_markup: checked.markup, edited_at: t, edits: view.edits + 1 });
      view.history.push({ t, text: checked.text, reply_markup: checked.markup });
    },
    editMessageReplyMarkup(bot, checked) {
      const view = bot.messageView(checked.chat, checked.messageId);
      const t = now();
      Object.assign(view, { reply_markup: checked.markup, edited_at: t, edits: view.edits + 1 });
      view.history.push({ t, text: view.text, reply_markup: checked.markup });
    },
    deleteMessage(bot, checked) {
      bot.messageView(checked.chat, checked.messageId).deleted = true;
    },
    answerCallbackQuery(bot, checked, _result, params) {
      checked.record.answered_at = now();
      checked.record.answers += 1;
      checked.record.answer = {
        text: params.text ?? null, show_alert: String(params.show_alert) === 'true',
        url: params.url ?? null, cache_time: params.cache_time ?? null,
      };
    },
    getMe() {},
  };

  const takeFault = (method, params) => {
    const chat = params.chat_id === undefined ? null : String(params.chat_id);
    const fault = faults.find((f) => f.remaining > 0 &&
      (f.methods === null || f.methods.includes(method)) &&
      (f.chat_id === null || f.chat_id === chat));
    if (!fault) return null;
    fault.remaining -= 1;
    fault.used += 1;
    faults = faults.filter((f) => f.remaining > 0);
    return fault;
  };

  const faultAnswer = (fault) => {
    // A 200 whose body is not the Bot API's JSON (a captive portal, a truncated answer, a
    // proxy's page): `body` is sent as it is.
    if (fault.status === 'garbage') return { status: 200, raw: String(fault.body ?? '{"ok":tru') };
    if (fault.status === 429) {
      const retryAfter = fault.retry_after ?? 1;
      return { status: 429, body: { ok: false, error_code: 429,
        description: fault.description ?? `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter } } };
    }
    if (fault.status >= 502 && fault.body !== 'json') {
      return { status: fault.status, html: nginxPage(fault.status) };
    }
    return { status: fault.status, body: { ok: false, error_code: fault.status,
      description: fault.description ?? (fault.status >= 500 ? 'Internal Server Error' : 'Bad Request: injected') } };
  };

  async function botApi(req, res, url, token, method) {
    const t = now();
    const record = { seq: 0, t, t_end: null, token, method, chat_id: null, params: null,
      status: 0, response: null, fault: null, handled_by: null, via: req.headers['x-e2e-via'] ?? 'http' };
    const finish = (answer) => {
      record.t_end = now();
      record.status = answer.status;
      record.response = answer.body ?? (answer.html ? '<html>' : answer.raw ?? null);
      record.seq = ++seq;
      requests.push(record);
      for (const waiter of requestWaiters) waiter();
      if (answer.aborted) return;
      if (answer.reset) {
        req.socket.destroy();
        return;
      }
      if (answer.raw !== undefined) {
        if (!res.headersSent) {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(answer.raw);
        }
        return;
      }
      if (answer.html) {
        if (!res.headersSent) {
          res.writeHead(answer.status, { 'content-type': 'text/html' });
          res.end(answer.html);
        }
        return;
      }
      sendJson(res, answer.status, answer.body);
    };
    const apiError = (error) => {
      if (error instanceof ApiError) {
        return { status: error.status, body: { ok: false, error_code: error.status, description: error.description,
          ...(error.parameters ? { parameters: error.parameters } : {}) } };
      }
      event({ type: 'proxy-error', method, message: error.stack ?? String(error) });
      return { status: 500, body: { ok: false, error_code: 500, description: `Internal Server Error: proxy: ${error.message}` } };
    };

    let params;
    try {
      params = parseParams(url, req, await readBody(req));
    } catch (error) {
      finish(apiError(error));
      return;
    }
    record.params = params;
    record.chat_id = params.chat_id === undefined ? null : Number(params.chat_id);

    if (strictTokens && !bots.has(token)) {
      record.handled_by = 'proxy';
      finish({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
      return;
    }
    const bot = botFor(token);

    const fault = takeFault(method, params);
    if (fault) {
      record.fault = { id: fault.id, status: fault.status, retry_after: fault.retry_after ?? null, forwarded: fault.forward };
      if (fault.delay_ms) await sleep(fault.delay_ms);
      if (fault.status === 'delay') {
        // only delayed: handled normally below
      } else if (!fault.forward) {
        record.handled_by = 'fault';
        finish(fault.status === 'reset' ? { status: 0, reset: true } : faultAnswer(fault));
        return;
      }
    }

    let answer;
    try {
      if (OWN.has(method)) {
        record.handled_by = 'proxy';
        const result = await own[method](bot, params, req, res);
        answer = result && 'status' in result ? result : { status: 200, body: result };
      } else if (FORWARDED.has(method)) {
        const checked = check[method](bot, params);
        record.handled_by = 'emulator';
        const forwarded = await emulator.call(`/bot${token}/${method}`, params);
        if (forwarded.status === 200 && forwarded.json?.ok === true) {
          let body = forwarded.json;
          if (method === 'getMe' && body.result && body.result.is_bot === undefined) {
            body = { ...body, result: { ...body.result, is_bot: true } }; // a required field
          }
          remember[method](bot, checked, body.result, params);
          answer = { status: 200, body };
        } else {
          event({ type: 'emulator-failed-request', method, status: forwarded.status, body: forwarded.text.slice(0, 500) });
          answer = { status: 500, body: { ok: false, error_code: 500,
            description: `Internal Server Error: the emulator failed: ${forwarded.json?.message ?? forwarded.text.slice(0, 200)}` } };
        }
      } else {
        record.handled_by = 'proxy';
        event({ type: 'unsupported-method', method });
        answer = { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
      }
    } catch (error) {
      answer = apiError(error);
    }
    if (fault && fault.forward) {
      record.fault.real_status = answer.status;
      answer = fault.status === 'reset' ? { status: 0, reset: true } : faultAnswer(fault);
    }
    finish(answer);
  }

  // ---- the emulator's client API, guarded -------------------------------------------------
  async function clientApi(req, res, route) {
    let body;
    try {
      const raw = await readBody(req);
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      sendJson(res, 400, { ok: false, description: 'the body must be JSON' });
      return;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      sendJson(res, 400, { ok: false, description: 'the body must be a JSON object' });
      return;
    }
    if (route === 'getUpdates' || route === 'getUpdatesHistory') {
      const answer = await emulator.call(`/${route}`, body).catch((e) => ({ status: 502, json: { ok: false, description: e.message } }));
      sendJson(res, answer.status, answer.json);
      return;
    }
    // These checks keep the emulator alive: it rejects an unawaited promise (and dies) on each.
    if (typeof body.botToken !== 'string' || body.botToken === '') {
      sendJson(res, 400, { ok: false, description: 'botToken (string) is required' });
      return;
    }
    if (route === 'sendCommand' && !Array.isArray(body.entities)) {
      sendJson(res, 400, { ok: false, description: 'a command needs entities' });
      return;
    }
    if (route === 'sendCallback' && typeof body.data !== 'string') {
      sendJson(res, 400, { ok: false, description: 'a callback needs data (string)' });
      return;
    }
    if (route !== 'sendCallback' && (!body.chat || body.chat.id === undefined || !body.from)) {
      sendJson(res, 400, { ok: false, description: 'a message needs chat.id and from' });
      return;
    }
    if (strictTokens && !bots.has(body.botToken)) {
      sendJson(res, 400, { ok: false, description: 'unknown bot token' });
      return;
    }
    const bot = botFor(body.botToken);
    const nonce = `n${++nonceSeq}`;
    if (route === 'sendCallback') {
      if (!body.message) body.message = { _e2e_no_message: true };
      body.message._e2e_nonce = nonce;
    } else {
      body._e2e_nonce = nonce;
    }
    const pumped = new Promise((resolve) => nonceWaiters.set(nonce, resolve));
    try {
      const answer = await emulator.call(`/${route}`, body);
      if (answer.status !== 200) {
        nonceWaiters.delete(nonce);
        sendJson(res, 502, { ok: false, description: `emulator: ${answer.text.slice(0, 200)}` });
        return;
      }
    } catch (error) {
      nonceWaiters.delete(nonce);
      sendJson(res, 502, { ok: false, description: error.message });
      return;
    }
    pump(bot);
    const update = await Promise.race([pumped, sleep(5000).then(() => null)]);
    if (!update) {
      nonceWaiters.delete(nonce);
      sendJson(res, 504, { ok: false, description: 'the emulator did not hand the update over in 5 s' });
      return;
    }
    sendJson(res, 200, { ok: true, result: update });
  }

  // ---- the control API --------------------------------------------------------------------
  const tokenParam = (url) => {
    const token = url.searchParams.get('token');
    if (token) return bots.get(token) ?? null;
    return bots.size === 1 ? [...bots.values()][0] : null;
  };

  async function control(req, res, url) {
    const route = url.pathname.slice('/_control/'.length);
    const q = url.searchParams;
    let body = {};
    if (req.method === 'POST') {
      try {
        const raw = await readBody(req);
        body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
      } catch {
        sendJson(res, 400, { ok: false, error: 'the body must be JSON' });
        return;
      }
    }
    const bot = tokenParam(url) ?? (body.token ? botFor(body.token) : null);
    const needBot = () => {
      if (bot) return true;
      sendJson(res, 400, { ok: false, error: 'name the bot: ?token=... (several or no bots known)' });
      return false;
    };

    if (route === 'health' && req.method === 'GET') {
      sendJson(res, 200, { ok: true, emulator: { url: emulator.port ? emulator.url : null, pid: emulator.child?.pid ?? null,
        restarts: emulator.restarts }, bots: [...bots.keys()].length, requests: requests.length });
    } else if (route === 'requests' && req.method === 'GET') {
      const since = Number(q.get('since') ?? 0);
      const wait = Math.min(Number(q.get('wait') ?? 0), 30);
      const select = () => requests.filter((r) => r.seq > since &&
        (!q.get('method') || q.get('method').split(',').includes(r.method)) &&
        (!q.get('chat_id') || String(r.chat_id) === q.get('chat_id')) &&
        (!q.get('token') || r.token === q.get('token')));
      let found = select();
      if (found.length === 0 && wait > 0) {
        await new Promise((resolve) => {
          const timer = setTimeout(done, wait * 1000);
          function done() {
            clearTimeout(timer);
            requestWaiters.delete(probe);
            resolve();
          }
          function probe() {
            if (select().length > 0) done();
          }
          requestWaiters.add(probe);
          res.on('close', done);
        });
        found = select();
      }
      sendJson(res, 200, { ok: true, seq, result: found });
    } else if (route === 'faults' && req.method === 'POST') {
      const list = Array.isArray(body) ? body : [body];
      const ids = [];
      for (const f of list) {
        const status = f.status ?? 429;
        if (!(status === 'reset' || status === 'delay' || status === 'garbage' ||
            (Number.isInteger(status) && status >= 400 && status <= 599))) {
          sendJson(res, 400, { ok: false, error: 'status: an HTTP error status 400..599, "reset", "delay" or "garbage"' });
          return;
        }
        const methods = f.method === undefined || f.method === '*' ? null : [].concat(f.method);
        const fault = { id: ++faultSeq, methods, chat_id: f.chat_id === undefined ? null : String(f.chat_id), status,
          retry_after: f.retry_after, count: f.count ?? 1, remaining: f.count ?? 1, used: 0,
          delay_ms: f.delay_ms ?? 0, forward: Boolean(f.forward), description: f.description, body: f.body };
        faults.push(fault);
        ids.push(fault.id);
      }
      sendJson(res, 200, { ok: true, ids });
    } else if (route === 'faults' && req.method === 'GET') {
      sendJson(res, 200, { ok: true, result: faults });
    } else if (route === 'faults' && req.method === 'DELETE') {
      faults = [];
      sendJson(res, 200, { ok: true });
    } else if (route === 'messages' && req.method === 'GET') {
      if (!needBot()) return;
      const chats = q.get('chat_id') ? [q.get('chat_id')] : [...bot.chats.keys()];
      const result = chats.flatMap((c) => [...(bot.chats.get(c)?.values() ?? [])]).sort((a, b) => a.sent_at - b.sent_at);
      sendJson(res, 200, { ok: true, result });
    } else if (route === 'updates' && req.method === 'GET') {
      if (!needBot()) return;
      const since = Number(q.get('since') ?? 0);
      sendJson(res, 200, { ok: true, result: bot.updatesLog.filter((u) => u.update.update_id > since),
        pending: bot.queue.map((e) => e.update.update_id) });
    } else if (route === 'updates' && req.method === 'POST') {
      if (!needBot()) return;
      if (!body.update || typeof body.update !== 'object') {
        sendJson(res, 400, { ok: false, error: '{token, update} expected' });
        return;
      }
      const update = acceptUpdate(bot, { ...body.update, update_id: 0 }, 'control');
      wake(bot);
      sendJson(res, 200, { ok: true, result: update });
    } else if (route === 'status' && req.method === 'GET') {
      if (!needBot()) return;
      sendJson(res, 200, { ok: true, result: { get_updates_calls: bot.getUpdatesCalls,
        last_get_updates_at: bot.lastGetUpdatesAt, long_poll_pending: bot.poll !== null,
        webhook: bot.webhook, pending_updates: bot.queue.length } });
    } else if (route === 'callbacks' && req.method === 'GET') {
      if (!needBot()) return;
      sendJson(res, 200, { ok: true, result: [...bot.callbacks.values()] });
    } else if (route === 'commands' && req.method === 'GET') {
      if (!needBot()) return;
      sendJson(res, 200, { ok: true, result: [...bot.commands.values()] });
    } else if (route === 'webhook' && req.method === 'GET') {
      if (!needBot()) return;
      sendJson(res, 200, { ok: true, result: { webhook: bot.webhook, target: bot.webhookTarget ?? globalWebhookTarget,
        deliveries: bot.deliveries, pending: bot.queue.length, last_error: bot.lastError } });
    } else if (route === 'webhook_target' && req.method === 'POST') {
      if (body.token) botFor(body.token).webhookTarget = body.url ?? null;
      else globalWebhookTarget = body.url ?? null;
      for (const b of bots.values()) if (b.webhook) deliverWebhooks(b);
      sendJson(res, 200, { ok: true });
    } else if (route === 'tokens' && req.method === 'POST') {
      if (typeof body.token !== 'string') {
        sendJson(res, 400, { ok: false, error: '{token} expected' });
        return;
      }
      botFor(body.token);
      sendJson(res, 200, { ok: true });
    } else if (route === 'events' && req.method === 'GET') {
      sendJson(res, 200, { ok: true, result: events });
    } else if (route === 'emulator/kill' && req.method === 'POST') {
      const pid = emulator.child?.pid ?? null;
      emulator.kill(body.signal ?? 'SIGKILL');
      sendJson(res, 200, { ok: true, pid });
    } else {
      sendJson(res, 404, { ok: false, error: `no control route ${req.method} /_control/${route}` });
    }
  }

  // ---- the HTTP server --------------------------------------------------------------------
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, `http://${host}`);
    const bot = /^\/bot([^/]+)\/([^/]*)$/.exec(url.pathname);
    const failed = (error) => {
      log(`request failed: ${error.stack ?? error}`);
      sendJson(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error: proxy' });
    };
    if (bot) {
      if (!['GET', 'POST'].includes(req.method)) {
        sendJson(res, 405, { ok: false, error_code: 405, description: 'Method Not Allowed' });
        return;
      }
      botApi(req, res, url, decodeURIComponent(bot[1]), bot[2]).catch(failed);
    } else if (url.pathname.startsWith('/_control/')) {
      control(req, res, url).catch(failed);
    } else if (req.method === 'POST' && /^\/(sendMessage|sendCommand|sendCallback|getUpdates|getUpdatesHistory)$/.test(url.pathname)) {
      clientApi(req, res, url.pathname.slice(1)).catch(failed);
    } else {
      sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const proxyUrl = `http://${host}:${server.address().port}`;
  selfUrl = proxyUrl;

  return {
    api_base_url: proxyUrl,
    client_url: proxyUrl,
    control_url: `${proxyUrl}/_control`,
    get emulator_url() { return emulator.url; },
    async close() {
      if (stopped) return;
      stopped = true;
      clearInterval(pumpTimer);
      for (const bot of bots.values()) {
        if (bot.poll) {
          clearTimeout(bot.poll.timer);
          bot.poll.respond();
        }
      }
      await new Promise((resolve) => {
        server.close(resolve);
        setTimeout(() => { for (const s of sockets) s.destroy(); }, 200);
      });
      await emulator.stop();
    },
  };
}

async function main() {
  const args = process.argv.slice(2);
  const options = { tokens: [] };
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i];
    if (a === '--host') options.host = args[++i];
    else if (a === '--port') options.port = Number(args[++i]);
    else if (a === '--token') options.tokens.push(args[++i]);
    else if (a === '--quiet') options.quiet = true;
    else {
      process.stderr.write(`usage: launcher.mjs [--host 127.0.0.1] [--port 0] [--token T]... [--quiet]\nunknown argument: ${a}\n`);
      process.exit(2);
    }
  }
  if (options.host && !/^(127\.\d+\.\d+\.\d+|localhost)$/.test(options.host)) {
    process.stderr.write('launcher.mjs: loopback IPv4 addresses only (127.x.x.x, localhost)\n');
    process.exit(2);
  }
  const launcher = await startLauncher(options);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await launcher.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ ready: true, api_base_url: launcher.api_base_url,
    control_url: launcher.control_url, client_url: launcher.client_url, emulator_url: launcher.emulator_url,
    proxy_port: Number(new URL(launcher.api_base_url).port), emulator_port: Number(new URL(launcher.emulator_url).port),
    pid: process.pid })}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`launcher.mjs: ${error.stack ?? error}\n`);
    process.exit(1);
  });
}
