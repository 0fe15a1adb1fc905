// `gofrobot healthcheck`, the container image's HEALTHCHECK (deploy/Dockerfile): with the
// configuration `run` reads, it asks the running bot's /health (ops.listen on every interface
// asked on the loopback) and exits 0; it exits 1 with one line saying why when nothing
// listens, when the answer is not 200, when no answer comes within its timeout, and once the
// bot has stopped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it, test } from 'node:test';

import { BINARY, CONFIG, HOST, SKIP, freePort, newToken, startBot, startLauncher } from './harness.mjs';

if (SKIP) test('gofrobot healthcheck', { skip: SKIP }, () => {});

/** Runs `gofrobot healthcheck` with ops.listen = `listen`: {code, stdout, stderr, ms}. */
function healthcheck(listen, args = []) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GOFROBOT_') && k !== 'BOT_TOKEN'));
  env.GOFROBOT_OPS_LISTEN = listen;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(BINARY, ['-c', CONFIG, 'healthcheck', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    const killer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code: code ?? signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Starts `server` on a free loopback port; resolves to the port. */
function listen(server) {
  return new Promise((resolve) => server.listen(0, HOST, () => resolve(server.address().port)));
}

describe('gofrobot healthcheck', { skip: SKIP }, () => {
  const token = newToken();
  let launcher;
  let bot;
  let opsPort;

  before(async () => {
    launcher = await startLauncher({ tokens: [token] });
    opsPort = await freePort();
    bot = await startBot(launcher, { token, env: { GOFROBOT_OPS_LISTEN: `0.0.0.0:${opsPort}` } });
  });
  after(async () => {
    if (bot) await bot.stop({ timeoutMs: 3000 });
    await launcher?.stop();
    if (bot && process.env.E2E_KEEP !== '1') fs.rmSync(bot.dir, { recursive: true, force: true });
  });

  it('exits 0 for a running bot, asking 0.0.0.0 on 127.0.0.1', async () => {
    const r = await healthcheck(`0.0.0.0:${opsPort}`);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}\n--- bot log ---\n${bot.logTail()}`);
    assert.equal(r.stdout, `healthy: http://127.0.0.1:${opsPort}/health: HTTP 200, status "healthy"\n`);
    assert.equal(r.stderr, '');
  });

  it('exits 1 with one line when nothing listens', async () => {
    const port = await freePort();
    const r = await healthcheck(`127.0.0.1:${port}`);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^unhealthy: http://127\\.0\\.0\\.1:${port}/health: Connection refused\\n$`));
  });

  it('exits 1 when /health answers other than 200', async () => {
    const server = http.createServer((req, res) => {
      res.writeHead(req.url === '/health' ? 503 : 404, { 'content-type': 'application/json' });
      res.end('{"status":"broken"}');
    });
    const port = await listen(server);
    try {
      const r = await healthcheck(`127.0.0.1:${port}`);
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.stderr, `unhealthy: http://127.0.0.1:${port}/health: HTTP 503, status "broken"\n`);
    } finally {
      server.close();
    }
  });

  it('gives up within its timeout when the answer does not come', async () => {
    const sockets = [];
    const server = net.createServer((socket) => sockets.push(socket)); // accepts, never answers
    const port = await listen(server);
    try {
      const r = await healthcheck(`127.0.0.1:${port}`, ['--timeout-ms', '700']);
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.stderr, `unhealthy: http://127.0.0.1:${port}/health: no answer within 700 ms\n`);
      assert.ok(r.ms < 5000, `took ${r.ms} ms`);
      assert.ok(sockets.length >= 1, 'it connected');
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });

  it('refuses a port 0, which names no port to ask', async () => {
    const r = await healthcheck('0.0.0.0:0');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^unhealthy: ops\.listen "0\.0\.0\.0:0" has port 0/);
  });

  it('exits 1 once the bot has stopped', async () => {
    const stopped = await bot.stop({ timeoutMs: 10000 });
    assert.equal(stopped.code, 0, bot.logTail());
    const r = await healthcheck(`0.0.0.0:${opsPort}`);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /Connection refused/);
  });
});
