// Helpers for the e2e tests: the launcher (emulator + proxy), the gofrobot binary, players that
// talk to the bot through the emulator, and checks on the request log (pacing, retry_after,
// answered callbacks). Every wait has a timeout.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import nodeHttp from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const BINARY = path.resolve(REPO, process.env.GOFROBOT_BINARY ?? 'build/release/src/app/gofrobot');
export const CONFIG = path.join(REPO, 'config', 'gofrobot.toml');
export const HOST = '127.0.0.1';
/** How long a test waits for one reply of the bot (pacing and retry_after included). */
export const REPLY_TIMEOUT_MS = Number(process.env.E2E_REPLY_TIMEOUT_MS ?? 20000);
/** The emulator's getMe: the bot's username and id, whatever the token. */
export const BOT_USERNAME = 'TestNameBot';
export const BOT_ID = 666;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` (async; a throw counts as not yet) until it returns a truthy value, or fails after `timeoutMs`. */
export async function until(probe, what, timeoutMs = 30000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** `promise`, or `fallback` after `ms` (the timer is cleared, so it keeps nothing alive). */
function within(promise, ms, fallback = null) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(fallback), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let tokenSeq = 0;
/** A token of the form @BotFather gives (<bot id>:<secret>), unique in this process. */
/** Whether `command args` runs (a tool is installed). */
export function commandRuns(command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/**
 * One of the repository's throwaway servers (scripts/pg-test-server.sh,
 * scripts/redis-test-server.sh): `command` (start, stop) on the server kept in `dir`; returns
 * the last line the script printed (start: the server's URL).
 */
export function testServer(script, command, dir) {
  return execFileSync(path.join(REPO, 'scripts', script), [command, dir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop();
}

export function newToken() {
  tokenSeq += 1;
  return `${BOT_ID}:e2e-${process.pid}-${tokenSeq}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Whether the binary can run the Telegram transport. Returns false, or a reason to skip (a
 * string) when the binary is missing or `gofrobot run --help` fails.
 */
export function skipUnlessRun() {
  if (!fs.existsSync(BINARY)) return `no gofrobot binary at ${BINARY} (set GOFROBOT_BINARY)`;
  const probe = spawnSync(BINARY, ['run', '--help'], { timeout: 10000, encoding: 'utf8' });
  if (probe.status !== 0) {
    return `${BINARY} has no 'run' command yet ('gofrobot run --help' exited ${probe.status ?? probe.signal}): ` +
      'these tests wait for the Telegram transport';
  }
  return false;
}

/** A free TCP port on loopback (for listeners that need one named in advance). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function http(method, url, body, { timeoutMs = 40000, headers = {} } = {}) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, json, text };
}

// ------------------------------------------------------------------------------------------
/** The launcher's control API. */
export class Control {
  constructor(url) {
    this.url = url;
  }

  async get(route, query = {}) {
    const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
    const answer = await http('GET', `${this.url}/${route}${q.toString() ? `?${q}` : ''}`);
    if (answer.status !== 200) throw new Error(`control GET ${route}: ${answer.status} ${answer.text}`);
    return answer.json;
  }

  async post(route, body) {
    const answer = await http('POST', `${this.url}/${route}`, body);
    if (answer.status !== 200) throw new Error(`control POST ${route}: ${answer.status} ${answer.text}`);
    return answer.json;
  }

  /** Completed bot requests with seq > since, optionally waiting up to `wait` s for one. */
  async requests({ since = 0, method, chatId, wait, token } = {}) {
    const answer = await this.get('requests', { since, method, chat_id: chatId, wait, token });
    return answer.result;
  }

  /** The sequence number of the newest completed bot request. */
  async seq() {
    return (await this.get('requests', { since: Number.MAX_SAFE_INTEGER })).seq;
  }

  /** Adds faults: {method?, chat_id?, status (429, 5xx, 'reset', 'delay'), retry_after?, count?, delay_ms?, forward?}. */
  async fault(spec) {
    return (await this.post('faults', spec)).ids;
  }

  async clearFaults() {
    const answer = await http('DELETE', `${this.url}/faults`);
    if (answer.status !== 200) throw new Error(`control DELETE faults: ${answer.text}`);
  }

  async messages(token, chatId) {
    return (await this.get('messages', { token, chat_id: chatId })).result;
  }

  async callbacks(token) {
    return (await this.get('callbacks', { token })).result;
  }

  async commands(token) {
    return (await this.get('commands', { token })).result;
  }

  async webhook(token) {
    return (await this.get('webhook', { token })).result;
  }

  /** Per-bot status: {get_updates_calls, last_get_updates_at, long_poll_pending, webhook, pending_updates}. */
  async status(token) {
    return (await this.get('status', { token })).result;
  }

  async events() {
    return (await this.get('events')).result;
  }

  async updates(token, since = 0) {
    return this.get('updates', { token, since });
  }

  /** Polls `probe` (async, returns a truthy value when done) until it succeeds or time is up. */
  async until(probe, { timeoutMs = REPLY_TIMEOUT_MS, what = 'a condition', everyMs = 50, abort = null } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (abort?.()) throw new Error(`gave up waiting for ${what}`);
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(everyMs);
    }
  }

  /** Waits for the first completed bot request matching `filter` with seq > since. */
  async waitRequest(filter, { since = 0, method, chatId, timeoutMs = REPLY_TIMEOUT_MS, what, abort = null } = {}) {
    const deadline = Date.now() + timeoutMs;
    let cursor = since;
    for (;;) {
      if (abort?.()) throw new Error(`gave up waiting for ${what ?? 'a request'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what ?? `a ${method ?? 'bot'} request`}`);
      const found = await this.requests({ since: cursor, method, chatId, wait: Math.max(1, Math.min(5, Math.ceil(left / 1000))) });
      for (const record of found) {
        if (filter(record)) return record;
        cursor = Math.max(cursor, record.seq);
      }
    }
  }
}

// ------------------------------------------------------------------------------------------
/**
 * Starts launcher.mjs as a child process. Returns {api_base_url, client_url, control_url,
 * control, stop(), log()}. `tokens` are the bots it accepts (others get 401).
 */
export async function startLauncher({ tokens = [] } = {}) {
  const args = [path.join(HERE, 'launcher.mjs')];
  for (const token of tokens) args.push('--token', token);
  const child = spawn(process.execPath, args, { cwd: HERE, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (stderr.length > 200000) stderr = stderr.slice(-100000);
  });
  let stdout = '';
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line && stdout.includes('\n')) {
        try { resolve(JSON.parse(line)); } catch (e) { reject(e); }
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`the launcher exited (${code ?? signal}) before it was ready:\n${stderr}`)));
  });
  const info = await withTimeout(ready, 15000, 'the launcher to print its ready line');
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    ...info,
    process: child,
    control: new Control(info.control_url),
    log: () => stderr,
    exited,
    async stop({ timeoutMs = 5000 } = {}) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const result = await within(exited, timeoutMs);
      if (result) return result;
      child.kill('SIGKILL');
      await exited;
      throw new Error(`the launcher did not stop within ${timeoutMs} ms of SIGTERM`);
    },
  };
}

// ------------------------------------------------------------------------------------------
/**
 * Starts the bot (the gofrobot binary, or `command` = [program, ...args] for a stand-in that
 * reads the same environment) against the launcher, in polling or webhook mode, with a fresh
 * SQLite database in a temporary folder. Resolves once the bot polls (or has set its webhook).
 */
export async function startBot(launcher, { token, mode = 'polling', env = {}, command = null,
  pollTimeoutSeconds = 20, webhookMaxBodyBytes = null, readyTimeoutMs = 30000, dir = null, waitReady = true } = {}) {
  dir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gofrobot-e2e-'));
  const logPath = path.join(dir, 'bot.log');
  const log = fs.openSync(logPath, 'a');
  const since = await launcher.control.seq();
  const settings = {
    BOT_TOKEN: token,
    GOFROBOT_BOT_USERNAME: BOT_USERNAME,
    GOFROBOT_TELEGRAM_API_BASE_URL: launcher.api_base_url,
    GOFROBOT_TELEGRAM_MODE: mode,
    GOFROBOT_TELEGRAM_POLL_TIMEOUT_SECONDS: String(pollTimeoutSeconds),
    GOFROBOT_STORAGE_DATA_DIR: path.join(dir, 'data'),
    GOFROBOT_STORAGE_DATABASE_URL: `sqlite://${path.join(dir, 'data', 'gofrobot.db')}`,
    GOFROBOT_OPS_LISTEN: `${HOST}:0`,
    GOFROBOT_LOG_LEVEL: 'debug',
    GOFROBOT_LOG_FORMAT: 'text',
    // The scenarios play faster than people: the per-user rate limits must not get in the way.
    GOFROBOT_LIMITS_COMMANDS_PER_MINUTE: '1000',
    GOFROBOT_LIMITS_DEFAULT_PER_MINUTE: '1000',
    GOFROBOT_LIMITS_DAVKA_PER_MINUTE: '1000',
    GOFROBOT_LIMITS_PVP_PER_HOUR: '1000',
  };
  let webhook = null;
  if (mode === 'webhook') {
    const port = await freePort();
    webhook = {
      listen: `${HOST}:${port}`,
      path: '/telegram/webhook',
      secret: `secret-${randomBytes(12).toString('hex')}`,
    };
    webhook.url = `http://${webhook.listen}${webhook.path}`;
    Object.assign(settings, {
      GOFROBOT_TELEGRAM_WEBHOOK_LISTEN: webhook.listen,
      GOFROBOT_TELEGRAM_WEBHOOK_PATH: webhook.path,
      GOFROBOT_TELEGRAM_WEBHOOK_URL: webhook.url,
      GOFROBOT_TELEGRAM_WEBHOOK_SECRET: webhook.secret,
    });
    if (webhookMaxBodyBytes !== null) settings.GOFROBOT_TELEGRAM_WEBHOOK_MAX_BODY_BYTES = String(webhookMaxBodyBytes);
    // The proxy delivers the updates it gets from the emulator to the bot's listener.
    await launcher.control.post('webhook_target', { token, url: webhook.url });
  }
  const [program, ...args] = command ?? [BINARY, '-c', CONFIG, 'run'];
  const child = spawn(program, args, {
    cwd: dir,
    env: { ...cleanEnv(), ...settings, ...env },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  const bot = {
    token, mode, dir, logPath, process: child, webhook, exited,
    log: () => fs.readFileSync(logPath, 'utf8'),
    logTail: (lines = 60) => fs.readFileSync(logPath, 'utf8').split('\n').slice(-lines).join('\n'),
    /** SIGTERM, then the exit within `timeoutMs` (SIGKILL after it): {code, signal, ms}. */
    async stop({ timeoutMs = 10000 } = {}) {
      if (child.exitCode !== null || child.signalCode !== null) {
        const r = await exited;
        return { code: r.code, signal: r.signal, ms: 0, already: true };
      }
      const start = Date.now();
      child.kill('SIGTERM');
      const result = await within(exited, timeoutMs);
      if (result) return { code: result.code, signal: result.signal, ms: result.at - start };
      child.kill('SIGKILL');
      const killed = await exited;
      return { code: killed.code, signal: killed.signal, ms: Date.now() - start, killed: true };
    },
    /**
     * POSTs an update (or, raw, any body) to the bot's webhook as Telegram would; returns
     * {status, text, method}. A server may answer (413) and close before the body is sent:
     * that answer counts.
     */
    async postWebhook(body, { secret = webhook?.secret, raw = false } = {}) {
      const headers = { 'content-type': 'application/json' };
      if (secret !== null && secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
      const response = await rawPost(webhook.url, headers, raw ? body : JSON.stringify(body));
      const text = response.text;
      // Playing Telegram: a webhook answer may carry one Bot API call; make it through the proxy.
      let call = null;
      if (response.status >= 200 && response.status < 300 && (response.headers['content-type'] ?? '').includes('json')) {
        try { call = JSON.parse(text); } catch { /* not a call */ }
      }
      if (call && typeof call.method === 'string') {
        const { method, ...params } = call;
        await fetch(`${launcher.api_base_url}/bot${token}/${encodeURIComponent(method)}`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-e2e-via': 'webhook-response' },
          body: JSON.stringify(params), signal: AbortSignal.timeout(15000),
        });
      }
      return { status: response.status, text, method: call?.method ?? null, error: response.error ?? null };
    },
  };
  if (!waitReady) return bot;
  // Ready: polling (a getUpdates has arrived; a long poll completes only later) or the webhook set.
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const ready = mode === 'webhook'
    ? launcher.control.waitRequest((r) => r.token === token && r.status === 200,
      { since, method: 'setWebhook', timeoutMs: readyTimeoutMs, what: 'the bot\'s setWebhook', abort: gone })
    : launcher.control.until(async () => (await launcher.control.status(token)).get_updates_calls > 0,
      { timeoutMs: readyTimeoutMs, what: 'the bot\'s first getUpdates', abort: gone });
  const died = exited.then((r) => { throw new Error(`the bot exited (${r.code ?? r.signal}) before it was ready`); });
  ready.catch(() => {}); // whichever loses the race must not become an unhandled rejection
  died.catch(() => {});
  try {
    await Promise.race([ready, died]);
  } catch (error) {
    await bot.stop({ timeoutMs: 2000 }).catch(() => {});
    error.message += `\n--- bot log (${logPath}) ---\n${safeRead(logPath)}`;
    throw error;
  }
  return bot;
}

// A POST with node:http that keeps the answer even when the server closes the connection
// before it has read the whole body.
function rawPost(url, headers, body, timeoutMs = 15000) {
  return new Promise((resolve) => {
    const payload = Buffer.from(body);
    const req = nodeHttp.request(url, { method: 'POST', headers: { ...headers, 'content-length': payload.length } });
    let answered = false;
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: `no answer within ${timeoutMs} ms` })), timeoutMs);
    req.on('response', (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      const done = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('end', done);
      res.on('error', done);
      res.on('aborted', done);
    });
    req.on('error', (error) => {
      if (answered) return;
      clearTimeout(timer);
      // No answer at all: status 0, and why (the tests compare statuses).
      resolve({ status: 0, headers: {}, text: '', error: error.code ?? error.message });
    });
    req.end(payload);
  });
}

function safeRead(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-80).join('\n');
  } catch {
    return '(no log)';
  }
}

// The bot gets our environment minus anything that would redirect it (a developer's .env-style
// variables): only PATH, HOME, locale and the like are kept.
function cleanEnv() {
  const keep = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('GOFROBOT_') || k === 'BOT_TOKEN') continue;
    keep[k] = v;
  }
  return keep;
}

// ------------------------------------------------------------------------------------------
/** A bot message as a player sees it: text and inline keyboard. */
export class BotMessage {
  constructor({ message_id, chat_id, text, reply_markup, reply_to_message_id = null, seq = null, edits = 0 }) {
    this.message_id = message_id;
    this.chat_id = Number(chat_id);
    this.text = text;
    this.reply_markup = reply_markup ?? null;
    this.reply_to_message_id = reply_to_message_id;
    this.seq = seq;
    this.edits = edits;
  }

  static fromRequest(record) {
    const p = record.params;
    let markup = p.reply_markup ?? null;
    if (typeof markup === 'string') markup = JSON.parse(markup);
    let replyTo = p.reply_to_message_id ?? null;
    let rp = p.reply_parameters;
    if (typeof rp === 'string') rp = JSON.parse(rp);
    if (rp?.message_id !== undefined) replyTo = rp.message_id;
    return new BotMessage({
      message_id: Number(record.method === 'sendMessage' ? record.response.result.message_id : p.message_id),
      chat_id: p.chat_id, text: p.text, reply_markup: markup, reply_to_message_id: replyTo === null ? null : Number(replyTo),
      seq: record.seq,
    });
  }

  /** Rows of {text, callback_data}. */
  get keyboard() {
    return this.reply_markup?.inline_keyboard ?? [];
  }

  get buttons() {
    return this.keyboard.flat();
  }

  /** Labels, row by row, `|` between buttons: a compact form for assertions. */
  get layout() {
    return this.keyboard.map((row) => row.map((b) => `${b.text} → ${b.callback_data}`).join(' | '));
  }

  /** The button whose label is `label` exactly, or contains it; throws when none or ambiguous. */
  button(label) {
    const exact = this.buttons.filter((b) => b.text === label || b.callback_data === label);
    if (exact.length === 1) return exact[0];
    const partial = this.buttons.filter((b) => b.text.includes(label));
    if (partial.length === 1) return partial[0];
    throw new Error(`no single button "${label}" in message ${this.message_id}; buttons: ${JSON.stringify(this.layout)}`);
  }
}

let userSeq = 0;

/**
 * A Telegram user in a chat, talking to the bot through the emulator's client API (as the
 * proxy guards it). chat: {id, type: 'private'|'group'|'supergroup', title}; the private chat
 * of user U has id U.
 */
export class Player {
  constructor(launcher, token, { userId, firstName, username, lastName, chat, isBot = false } = {}) {
    userSeq += 1;
    this.launcher = launcher;
    this.control = launcher.control;
    this.token = token;
    this.userId = userId ?? 100000 + process.pid * 10 + userSeq;
    this.firstName = firstName ?? `Игрок${userSeq}`;
    this.username = username ?? `player_${this.userId}`;
    this.lastName = lastName;
    this.isBot = isBot;
    this.chat = chat ?? { id: this.userId, type: 'private' };
    this.consumed = new Set();
    this.cursor = 0; // bot messages with seq <= cursor are not "new" for this player
    this.sent = [];
  }

  /** The same person in another chat (shares the user id). */
  in(chat) {
    const other = new Player(this.launcher, this.token, { userId: this.userId, firstName: this.firstName,
      username: this.username, lastName: this.lastName, chat, isBot: this.isBot });
    return other;
  }

  get from() {
    const from = { id: this.userId, is_bot: this.isBot, first_name: this.firstName, username: this.username,
      language_code: 'ru' };
    if (this.lastName) from.last_name = this.lastName;
    return from;
  }

  get chatObject() {
    if (this.chat.type === 'private') {
      return { id: this.chat.id, type: 'private', first_name: this.firstName, username: this.username };
    }
    return { id: this.chat.id, type: this.chat.type, title: this.chat.title ?? `Чат ${this.chat.id}` };
  }

  /** Marks every bot message sent so far as seen: nextMessage() waits for newer ones. */
  async checkpoint() {
    this.cursor = await this.control.seq();
    return this.cursor;
  }

  async post(route, body) {
    const answer = await http('POST', `${this.launcher.client_url}/${route}`, body, { timeoutMs: 15000 });
    if (answer.status !== 200 || !answer.json?.ok) {
      throw new Error(`client ${route} failed: ${answer.status} ${answer.text}`);
    }
    return answer.json.result;
  }

  /**
   * Sends a text message. Text that starts with an ASCII /command gets a bot_command entity
   * (as Telegram marks it); the Cyrillic aliases do not. replyTo: an update or a message
   * returned by send(), or a BotMessage. Returns the message as the bot receives it.
   */
  async send(text, { replyTo = null, extra = {} } = {}) {
    const message = {
      botToken: this.token,
      from: this.from,
      chat: this.chatObject,
      date: Math.floor(Date.now() / 1000),
      text,
      ...extra,
    };
    const command = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?/.exec(text);
    if (command) message.entities = [{ type: 'bot_command', offset: 0, length: command[0].length }];
    if (replyTo) message.reply_to_message = replyObject(replyTo, this.chatObject);
    const update = await this.post(command ? 'sendCommand' : 'sendMessage', message);
    this.sent.push(update.message);
    return update.message;
  }

  /** Sends a message without text (e.g. a sticker): the bot must not choke on it. */
  async sendSticker() {
    const update = await this.post('sendMessage', {
      botToken: this.token, from: this.from, chat: this.chatObject, date: Math.floor(Date.now() / 1000),
      sticker: { file_id: 'CAACAgIAAxkBAAE', file_unique_id: 'AgADBAAD', type: 'regular', width: 512, height: 512,
        is_animated: false, is_video: false, emoji: '👍' },
    });
    return update.message;
  }

  /**
   * Waits for the next bot message (sendMessage) in this player's chat that this player has not
   * taken yet and that is newer than its checkpoint. `where(msg)` narrows it.
   */
  async nextMessage({ timeoutMs = REPLY_TIMEOUT_MS, where = null, what = 'a bot message' } = {}) {
    const record = await this.control.waitRequest((r) => {
      if (r.status !== 200 || !r.response?.ok || this.consumed.has(r.seq)) return false;
      if (where && !where(BotMessage.fromRequest(r))) return false;
      return true;
    }, { since: this.cursor, method: 'sendMessage', chatId: this.chat.id, timeoutMs,
      what: `${what} in chat ${this.chat.id} (for user ${this.userId})` });
    this.consumed.add(record.seq);
    return BotMessage.fromRequest(record);
  }

  /** send() then nextMessage(). */
  async ask(text, options = {}) {
    await this.checkpoint();
    await this.send(text, options);
    return this.nextMessage({ what: `the reply to ${JSON.stringify(text)}`, ...options });
  }

  /** Bot messages sent to this chat after `since` (default: this player's checkpoint). */
  async messagesSince(since = this.cursor) {
    const records = await this.control.requests({ since, method: 'sendMessage', chatId: this.chat.id });
    return records.filter((r) => r.status === 200 && r.response?.ok).map((r) => BotMessage.fromRequest(r));
  }

  /** The message as it is now (after edits), from the proxy's chat view. */
  async current(message) {
    const id = typeof message === 'number' ? message : message.message_id;
    const views = await this.control.messages(this.token, this.chat.id);
    const view = views.find((v) => v.message_id === id);
    if (!view) throw new Error(`no bot message ${id} in chat ${this.chat.id}`);
    return new BotMessage({ ...view, edits: view.edits });
  }

  /**
   * Presses the button `label` (text or callback_data) of `message` as it is now, or sends the
   * callback data given as {data}. Waits for the bot's answerCallbackQuery. Returns a Press:
   * {id, data, answer: {text, show_alert}, since, edited(), message()}.
   */
  async press(message, label, { timeoutMs = REPLY_TIMEOUT_MS, data = null } = {}) {
    const now = await this.current(message);
    const callbackData = data ?? now.button(label).callback_data;
    const since = await this.control.seq();
    const update = await this.post('sendCallback', {
      botToken: this.token,
      from: this.from,
      data: callbackData,
      message: {
        message_id: now.message_id,
        from: { id: BOT_ID, is_bot: true, first_name: 'Test First name', username: BOT_USERNAME },
        chat: this.chatObject,
        date: Math.floor(Date.now() / 1000) - 1,
        text: now.text,
        ...(now.reply_markup ? { reply_markup: now.reply_markup } : {}),
      },
    });
    const id = update.callback_query.id;
    const answerRecord = await this.control.waitRequest(
      (r) => String(r.params?.callback_query_id) === String(id),
      { since, method: 'answerCallbackQuery', timeoutMs, what: `the answer to the callback "${callbackData}" (${label ?? ''})` });
    const p = answerRecord.params;
    const press = {
      id,
      data: callbackData,
      since,
      message: now,
      answer: { text: p.text ?? null, show_alert: String(p.show_alert) === 'true', status: answerRecord.status },
      /** Waits for the edit of the pressed message (newer than the press). */
      edited: (opts = {}) => this.waitEdit(now, { since, ...opts }),
      /** Waits for a new message in the chat caused by the press. */
      sent: (opts = {}) => this.nextMessage({ what: `a message after pressing "${callbackData}"`, ...opts }),
      /**
       * Waits for what the press did to the chat: {kind: 'edit', message} (the pressed message
       * edited) or {kind: 'message', message} (a new one).
       */
      result: async ({ timeoutMs = REPLY_TIMEOUT_MS } = {}) => {
        const record = await this.control.waitRequest((r) => r.status === 200 && r.response?.ok &&
          (r.method === 'sendMessage' ? !this.consumed.has(r.seq) : Number(r.params.message_id) === now.message_id),
        { since, method: 'editMessageText,sendMessage', chatId: this.chat.id, timeoutMs,
          what: `an edit or a message after pressing "${callbackData}"` });
        if (record.method === 'sendMessage') this.consumed.add(record.seq);
        return { kind: record.method === 'sendMessage' ? 'message' : 'edit', message: BotMessage.fromRequest(record) };
      },
    };
    return press;
  }

  /** Waits for an edit of `message` with seq > since; returns the message as edited. */
  async waitEdit(message, { since = message.seq ?? 0, timeoutMs = REPLY_TIMEOUT_MS } = {}) {
    const record = await this.control.waitRequest(
      (r) => r.status === 200 && r.response?.ok && Number(r.params.message_id) === message.message_id,
      { since, method: 'editMessageText', chatId: this.chat.id, timeoutMs,
        what: `an edit of message ${message.message_id} in chat ${this.chat.id}` });
    return BotMessage.fromRequest(record);
  }

  /** Edits of `message` after `since`. */
  async editsSince(message, since) {
    const records = await this.control.requests({ since, method: 'editMessageText,editMessageReplyMarkup', chatId: this.chat.id });
    return records.filter((r) => r.status === 200 && Number(r.params.message_id) === message.message_id);
  }
}

function replyObject(target, fallbackChat) {
  if (target instanceof BotMessage) {
    return { message_id: target.message_id, from: { id: BOT_ID, is_bot: true, first_name: 'Test First name', username: BOT_USERNAME },
      chat: fallbackChat, date: Math.floor(Date.now() / 1000) - 1, text: target.text };
  }
  const { botToken, ...message } = target; // the emulator's extra field
  return message;
}

// ------------------------------------------------------------------------------------------
// Checks on the request log.

const CHAT_METHODS = new Set(['sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'deleteMessage']);

/**
 * After every 429 answered for a chat (with retry_after R), the bot's next request for that
 * chat must start at least R seconds after the 429 arrived. Returns the violations.
 */
export function retryAfterViolations(records, { toleranceMs = 50 } = {}) {
  const violations = [];
  const sorted = [...records].sort((a, b) => a.t - b.t);
  for (const r of sorted) {
    if (r.status !== 429 || r.chat_id === null || !CHAT_METHODS.has(r.method)) continue;
    const retryAfter = r.response?.parameters?.retry_after ?? 0;
    const notBefore = r.t_end + retryAfter * 1000 - toleranceMs;
    const early = sorted.find((o) => o.seq !== r.seq && o.t > r.t && String(o.chat_id) === String(r.chat_id) &&
      CHAT_METHODS.has(o.method) && o.t < notBefore);
    if (early) {
      violations.push(`${early.method} #${early.seq} to chat ${r.chat_id} came ${Math.round(early.t - r.t_end)} ms ` +
        `after a 429 (#${r.seq}) that said retry after ${retryAfter} s`);
    }
  }
  return violations;
}

/**
 * Telegram's limits as checks on what the bot sent: per chat at most `burst` messages at once
 * and then about one a second (a token bucket); in groups at most 20 in any minute (+ burst);
 * overall at most 30 in any second. `methods`: what counts. Returns the violations.
 */
export function pacingViolations(records, { burst = Number(process.env.E2E_CHAT_BURST ?? 5), perSecond = 1,
  groupPerMinute = 20, globalPerSecond = 30, methods = ['sendMessage'], toleranceMs = 100 } = {}) {
  const sent = records.filter((r) => methods.includes(r.method) && r.chat_id !== null).sort((a, b) => a.t - b.t);
  const violations = [];
  const byChat = new Map();
  for (const r of sent) {
    const key = String(r.chat_id);
    if (!byChat.has(key)) byChat.set(key, []);
    byChat.get(key).push(r);
  }
  for (const [chat, list] of byChat) {
    let tokens = burst;
    let last = list[0].t;
    for (const r of list) {
      tokens = Math.min(burst, tokens + ((r.t - last + toleranceMs) / 1000) * perSecond);
      last = r.t;
      tokens -= 1;
      if (tokens < -1e-9) {
        violations.push(`chat ${chat}: ${r.method} #${r.seq} exceeded ${perSecond}/s after a burst of ${burst}`);
        tokens = 0;
      }
    }
    if (Number(chat) < 0) {
      for (let i = 0; i < list.length; i += 1) {
        const inMinute = list.filter((o) => o.t >= list[i].t && o.t < list[i].t + 60000).length;
        if (inMinute > groupPerMinute + burst) {
          violations.push(`group ${chat}: ${inMinute} messages within a minute from #${list[i].seq}`);
          break;
        }
      }
    }
  }
  // Overall: a token bucket too (30 at once, then 30 a second), as "about 30 a second" means.
  let tokens = globalPerSecond;
  let last = sent[0]?.t ?? 0;
  for (const r of sent) {
    tokens = Math.min(globalPerSecond, tokens + ((r.t - last + toleranceMs) / 1000) * globalPerSecond);
    last = r.t;
    tokens -= 1;
    if (tokens < -1e-9) {
      violations.push(`${r.method} #${r.seq}: over ${globalPerSecond} messages a second overall`);
      break;
    }
  }
  return violations;
}

/** Callback queries delivered to the bot that it never answered (or answered twice). */
export async function unansweredCallbacks(control, token) {
  const callbacks = await control.callbacks(token);
  return callbacks.filter((c) => c.delivered_at !== null && (c.answered_at === null || c.answers > 1))
    .map((c) => `callback ${c.id} (${c.data}) ${c.answered_at === null ? 'never answered' : `answered ${c.answers} times`}`);
}

/** Emulator/proxy trouble worth failing a test for (crashes, unsupported methods, proxy bugs). */
export async function troubleEvents(control) {
  return (await control.events()).filter((e) => !['emulator-restarted', 'update-renumbered'].includes(e.type));
}

/**
 * Requests the proxy refused with 400 (the real API would have refused them too), except
 * "message is not modified", which a correct bot meets (pressing 🔄 on an unchanged screen).
 */
export function badRequests(records) {
  return records.filter((r) => r.status === 400 && r.handled_by !== 'fault' &&
    !String(r.response?.description).startsWith('Bad Request: message is not modified'))
    .map((r) => `${r.method} #${r.seq}: ${r.response?.description} ${JSON.stringify(r.params).slice(0, 300)}`);
}

/** Why the gofrobot scenarios skip (a string), or false when the binary has `run`. */
export const SKIP = skipUnlessRun();

/**
 * The checks every scenario file ends with: each callback delivered was answered exactly once,
 * no request the real API would refuse, no emulator/proxy trouble, Telegram's overall rate
 * respected, and SIGTERM stops the bot with exit code 0 within `stopWithinMs`.
 */
export async function finalChecks(env, { stopWithinMs = 10000 } = {}) {
  const problems = [];
  const records = await env.control.requests({});
  problems.push(...(await unansweredCallbacks(env.control, env.token)));
  problems.push(...badRequests(records).map((p) => `refused: ${p}`));
  problems.push(...(await troubleEvents(env.control)).map((e) => `event: ${JSON.stringify(e).slice(0, 300)}`));
  problems.push(...pacingViolations(records, { burst: Number.MAX_SAFE_INTEGER }).map((p) => `pacing: ${p}`));
  const exit = await env.stopBot();
  if (exit.code !== 0 || exit.killed || exit.ms > stopWithinMs) {
    problems.push(`SIGTERM: the bot exited with ${exit.code ?? exit.signal} after ${exit.ms} ms` +
      `${exit.killed ? ' (killed)' : ''}; expected 0 within ${stopWithinMs} ms`);
  }
  if (problems.length > 0) {
    throw new Error(`${problems.length} problem(s):\n${problems.join('\n')}\n--- bot log ---\n${env.tail(40)}`);
  }
}

/**
 * One launcher and one bot for a test file. `setup()` in before(), `teardown()` in after():
 * teardown stops the bot with SIGTERM and records how it exited (exit.code must be 0).
 */
export function environment({ mode = 'polling', env = {}, command = null, webhookMaxBodyBytes = null, pollTimeoutSeconds } = {}) {
  const self = {
    token: newToken(),
    launcher: null,
    bot: null,
    control: null,
    exit: null,
    players: [],
    async setup() {
      self.launcher = await startLauncher({ tokens: [self.token] });
      self.control = self.launcher.control;
      self.bot = await startBot(self.launcher, { token: self.token, mode, env, command, webhookMaxBodyBytes, pollTimeoutSeconds });
    },
    player(options = {}) {
      const p = new Player(self.launcher, self.token, options);
      self.players.push(p);
      return p;
    },
    async stopBot() {
      if (!self.bot || self.exit) return self.exit;
      self.exit = await self.bot.stop();
      return self.exit;
    },
    async teardown() {
      try {
        if (self.bot) await self.stopBot();
      } finally {
        if (self.launcher) await self.launcher.stop().catch(() => {});
      }
      if (process.env.E2E_KEEP !== '1' && self.bot && self.exit?.code === 0) {
        fs.rmSync(self.bot.dir, { recursive: true, force: true });
      }
    },
    /** The bot log's last lines, for failure messages. */
    tail(lines = 60) {
      return self.bot ? self.bot.logTail(lines) : '';
    },
  };
  return self;
}
