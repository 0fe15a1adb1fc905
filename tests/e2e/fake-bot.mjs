#!/usr/bin/env node
// A tiny stand-in for gofrobot, used only by launcher.test.mjs to check the launcher, the proxy
// and the harness without the real binary. It reads the same environment as `gofrobot run`
// (BOT_TOKEN, GOFROBOT_TELEGRAM_*), and:
//   * on a text message: sends "echo: TEXT" with one button [Press → press:TEXT], as a reply;
//   * on a callback: answers it ("ok"), then edits the message to "pressed DATA by USER_ID";
//   * paces messages per chat (burst 3, then 1/s), obeys retry_after, retries 5xx and network
//     errors, ignores a redelivered update_id; exits 0 on SIGTERM.
import http from 'node:http';

const env = process.env;
const token = env.BOT_TOKEN;
const base = `${env.GOFROBOT_TELEGRAM_API_BASE_URL}/bot${token}`;
const mode = env.GOFROBOT_TELEGRAM_MODE ?? 'polling';
const pollTimeout = Number(env.GOFROBOT_TELEGRAM_POLL_TIMEOUT_SECONDS ?? 25);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line) => process.stderr.write(`[fake-bot] ${line}\n`);

const stopping = new AbortController();
const seen = new Set();

async function call(method, params = {}, { retries = 8 } = {}) {
  for (let attempt = 0; ; attempt += 1) {
    let response;
    try {
      response = await fetch(`${base}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal: AbortSignal.any ? AbortSignal.any([stopping.signal, AbortSignal.timeout((pollTimeout + 10) * 1000)]) : stopping.signal,
      });
    } catch (error) {
      if (stopping.signal.aborted) throw error;
      if (attempt >= retries) throw error;
      log(`${method}: ${error.message}; retrying`);
      await sleep(200 * (attempt + 1));
      continue;
    }
    const text = await response.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* an HTML error page */ }
    if (response.status === 429 && json?.parameters?.retry_after !== undefined) {
      const wait = json.parameters.retry_after * 1000;
      if (params.chat_id !== undefined) chatPacer(params.chat_id).blockFor(wait);
      log(`${method}: 429, retry after ${json.parameters.retry_after} s`);
      await sleep(wait);
      if (params.chat_id !== undefined) await chatPacer(params.chat_id).take();
      continue;
    }
    if (response.status >= 500 && attempt < retries) {
      log(`${method}: ${response.status}; retrying`);
      await sleep(200 * (attempt + 1));
      continue;
    }
    if (!json?.ok) {
      log(`${method} failed: ${response.status} ${text.slice(0, 200)}`);
      return null;
    }
    return json.result;
  }
}

// Per-chat pacing: a token bucket (3 at once, then one a second).
const pacers = new Map();
function chatPacer(chatId) {
  const key = String(chatId);
  if (!pacers.has(key)) {
    let tokens = 3;
    let last = Date.now();
    let blockedUntil = 0;
    let chain = Promise.resolve();
    pacers.set(key, {
      blockFor(ms) { blockedUntil = Math.max(blockedUntil, Date.now() + ms); },
      take() {
        chain = chain.then(async () => {
          for (;;) {
            const now = Date.now();
            if (now < blockedUntil) {
              await sleep(blockedUntil - now);
              continue;
            }
            tokens = Math.min(3, tokens + (now - last) / 1000);
            last = now;
            if (tokens >= 1) {
              tokens -= 1;
              return;
            }
            await sleep((1 - tokens) * 1000);
          }
        });
        return chain;
      },
    });
  }
  return pacers.get(key);
}

// One request at a time per chat, so that a 429 holds back the chat's next messages too.
const chatQueues = new Map();
function toChat(method, params) {
  const key = String(params.chat_id);
  const run = (chatQueues.get(key) ?? Promise.resolve()).then(async () => {
    await chatPacer(params.chat_id).take();
    return call(method, params);
  });
  chatQueues.set(key, run.catch(() => {}));
  return run;
}

async function handle(update) {
  if (seen.has(update.update_id)) {
    log(`update ${update.update_id} again: ignored`);
    return;
  }
  seen.add(update.update_id);
  if (update.message?.text !== undefined) {
    const m = update.message;
    await toChat('sendMessage', {
      chat_id: m.chat.id,
      text: `echo: ${m.text}`,
      reply_parameters: { message_id: m.message_id, allow_sending_without_reply: true },
      reply_markup: { inline_keyboard: [[{ text: 'Press', callback_data: `press:${m.text}`.slice(0, 64) }]] },
    });
  } else if (update.callback_query) {
    const q = update.callback_query;
    await call('answerCallbackQuery', { callback_query_id: q.id, text: 'ok' });
    if (q.message) {
      await toChat('editMessageText', {
        chat_id: q.message.chat.id, message_id: q.message.message_id, text: `pressed ${q.data} by ${q.from.id}`,
      });
    }
  }
}

async function poll() {
  let offset = 0;
  while (!stopping.signal.aborted) {
    let updates;
    try {
      updates = await call('getUpdates', { offset, timeout: pollTimeout, allowed_updates: ['message', 'callback_query'] });
    } catch (error) {
      if (stopping.signal.aborted) return;
      log(`getUpdates: ${error.message}`);
      await sleep(500);
      continue;
    }
    if (!Array.isArray(updates)) {
      await sleep(500);
      continue;
    }
    for (const update of updates) {
      offset = Math.max(offset, update.update_id + 1);
      handle(update).catch((error) => log(`update ${update.update_id}: ${error.message}`));
    }
  }
}

function webhookServer() {
  const [host, port] = env.GOFROBOT_TELEGRAM_WEBHOOK_LISTEN.split(':');
  const path = env.GOFROBOT_TELEGRAM_WEBHOOK_PATH ?? '/telegram/webhook';
  const secret = env.GOFROBOT_TELEGRAM_WEBHOOK_SECRET;
  const maxBody = Number(env.GOFROBOT_TELEGRAM_WEBHOOK_MAX_BODY_BYTES ?? 1048576);
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    if (req.headers['x-telegram-bot-api-secret-token'] !== secret) {
      res.writeHead(401).end();
      req.resume();
      return;
    }
    const chunks = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > maxBody && !refused) {
        refused = true;
        res.writeHead(413, { connection: 'close' }).end();
      }
      if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      let update;
      try {
        update = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200).end();
      handle(update).catch((error) => log(`update: ${error.message}`));
    });
  });
  return new Promise((resolve) => server.listen(Number(port), host, () => resolve(server)));
}

async function main() {
  const me = await call('getMe');
  log(`I am @${me?.username}`);
  await call('setMyCommands', { commands: [{ command: 'start', description: 'start' }], scope: { type: 'all_private_chats' } });
  let server = null;
  if (mode === 'webhook') {
    server = await webhookServer();
    await call('setWebhook', { url: env.GOFROBOT_TELEGRAM_WEBHOOK_URL, secret_token: env.GOFROBOT_TELEGRAM_WEBHOOK_SECRET,
      allowed_updates: ['message', 'callback_query'] });
  } else {
    await call('deleteWebhook', {});
  }
  const stop = () => {
    log('SIGTERM: stopping');
    stopping.abort();
    if (server) server.close();
    setTimeout(() => process.exit(0), 50);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (mode === 'polling') await poll();
}

main().catch((error) => {
  if (stopping.signal.aborted) return;
  log(`fatal: ${error.stack ?? error}`);
  process.exit(1);
});
