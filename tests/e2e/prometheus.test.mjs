// A real Prometheus (Debian's `prometheus`, on a free loopback port, its data in a temporary
// folder) scrapes the real binary every second while players play; then every PromQL
// example of docs/OPERATIONS.md (its ```promql blocks) must parse and return data: a
// non-empty result of finite numbers. The server is stopped at the end.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';

import { HOST, REPO, SKIP, environment, finalChecks, freePort, sleep, until } from './harness.mjs';
import { get, opsUrl, prometheusTools, promqlBlocks } from './ops.mjs';

const tools = SKIP ? { ok: true } : prometheusTools();
const skip = SKIP || (tools.ok ? false : tools.why);
if (skip) test('PromQL examples against a real Prometheus', { skip }, () => {});

const OPERATIONS = path.join(REPO, 'docs', 'OPERATIONS.md');


describe('PromQL examples against a real Prometheus', { skip }, () => {
  const env = environment();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gofrobot-prometheus-'));
  let server;
  let promUrl;
  let serverLog = '';

  before(async () => {
    await env.setup();
    const target = new URL(await opsUrl(env.bot)).host;
    const port = await freePort();
    promUrl = `http://${HOST}:${port}`;
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: gofrobot',
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'));
    server = spawn('prometheus', [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=${HOST}:${port}`,
      '--log.level=warn',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (c) => { serverLog += c; });
    server.stderr.on('data', (c) => { serverLog += c; });
    await until(async () => (await get(`${promUrl}/-/ready`)).status === 200, 'Prometheus to be ready');
  });

  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await Promise.race([exited, sleep(10000)]);
        if (server.exitCode === null) server.kill('SIGKILL');
      }
      await env.teardown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  async function query(expr) {
    const r = await get(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return r.json ?? { status: 'error', error: r.text };
  }

  it('scrapes the bot, and every example of docs/OPERATIONS.md returns data', async () => {
    const examples = promqlBlocks(OPERATIONS);
    assert.ok(examples.length >= 4, `docs/OPERATIONS.md has ${examples.length} promql blocks, expected the four at least`);
    await until(async () => {
      const up = await query('up{job="gofrobot"}');
      return up.data?.result?.[0]?.value?.[1] === '1';
    }, 'the bot to be up in Prometheus');
    // Traffic (commands, buttons, cache hits: the same players again) until every example
    // has data: a rate needs the counters to have moved between two scrapes in its window.
    // A query that does not parse fails at once.
    const players = [env.player({ firstName: 'Прома' }), env.player({ firstName: 'Тей' })];
    const deadline = Date.now() + 60000;
    let answers = [];
    for (;;) {
      for (const p of players) {
        const menu = await p.ask('/start');
        await p.press(menu, 'profile');
      }
      await sleep(1000);
      answers = await Promise.all(examples.map(async (expr) => ({ expr, r: await query(expr) })));
      for (const { expr, r } of answers) assert.equal(r.status, 'success', `${expr}: ${JSON.stringify(r)}\n${serverLog}`);
      const complete = answers.every(({ r }) => r.data.result.length > 0 &&
        r.data.result.every((series) => Number.isFinite(Number(series.value[1]))));
      if (complete || Date.now() > deadline) break;
    }
    for (const { expr, r } of answers) {
      assert.ok(r.data.result.length > 0, `${expr}: no data`);
      for (const series of r.data.result) {
        assert.ok(Number.isFinite(Number(series.value[1])), `${expr}: ${series.value[1]}`);
      }
    }
  });
});
