// The operations endpoints of the real binary (docs/OPERATIONS.md): /health and /ready with
// real values, /metrics in the Prometheus text format with values that move with traffic and
// nothing promtool would warn about, and HTTP's refusals.
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';

import path from 'node:path';

import { REPO, SKIP, environment, finalChecks } from './harness.mjs';
import { get, opsUrl, prometheusTools, promtoolCheck, sample, scrape, undocumentedFamilies } from './ops.mjs';

if (SKIP) test('operations endpoints', { skip: SKIP }, () => {});

describe('operations endpoints', { skip: SKIP }, () => {
  const env = environment();
  let base;
  before(async () => {
    await env.setup();
    base = await opsUrl(env.bot);
  });
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('/health: the original fields, with real values that move with traffic', async () => {
    const first = await get(`${base}/health`);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type'), /application\/json/);
    const h = first.json;
    assert.equal(h.status, 'healthy');
    for (const field of ['uptime_seconds', 'requests_processed', 'errors_encountered', 'timestamp']) {
      assert.equal(typeof h[field], 'number', `${field}: ${first.text}`);
    }
    assert.ok(Math.abs(h.timestamp - Date.now() / 1000) < 60, 'timestamp is now, in Unix seconds');
    assert.ok(h.memory.rss_mb > 1 && h.memory.vms_mb >= h.memory.rss_mb, first.text);
    assert.ok(h.memory.percent > 0 && h.memory.percent < 100, first.text);
    assert.equal(h.mode, 'polling');

    const p = env.player({ firstName: 'Здоровье' });
    await p.ask('/start');
    await p.ask('/profile');
    const second = (await get(`${base}/health`)).json;
    assert.ok(second.requests_processed >= h.requests_processed + 2, JSON.stringify([h, second]));
    assert.ok(second.uptime_seconds >= h.uptime_seconds);
  });

  it('/ready: 200 while serving, with the database checked', async () => {
    const r = await get(`${base}/ready`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'ready');
    assert.equal(r.json.database.ok, true);
    assert.deepEqual(r.json.reasons, []);
  });

  it('/metrics: the text format, values that move with traffic, and promtool finds nothing', async () => {
    const before = await scrape(base);
    assert.match(before.contentType, /^text\/plain; version=0\.0\.4/);
    const requests = (s) => sample(s, 'bot_requests_total', { handler: '/start', status: 'success' }) ?? 0;
    const received = (s) => sample(s, 'gofrobot_updates_received_total', { source: 'polling', kind: 'message' }) ?? 0;
    const p = env.player({ firstName: 'Метрика' });
    const menu = await p.ask('/start');
    await p.press(menu, 'profile');
    const after = await scrape(base);
    const s = after.samples;
    assert.equal(requests(s), requests(before.samples) + 1, 'one more /start');
    assert.ok(received(s) >= received(before.samples) + 1);
    assert.ok(sample(s, 'bot_commands_executed_total', { command_name: '/start' }) >= 1);
    assert.ok(sample(s, 'bot_requests_total', { handler: 'profile', status: 'success' }) >= 1);
    assert.ok(sample(s, 'bot_messages_received_total', { chat_type: 'private' }) >= 1);
    assert.ok(sample(s, 'bot_active_users', { window: '5m' }) >= 1);
    assert.ok(sample(s, 'bot_request_duration_seconds_count', { handler: '/start' }) >= 1);
    assert.ok(sample(s, 'gofrobot_batch_updates_count') >= 1);
    assert.ok(sample(s, 'gofrobot_update_latency_seconds_count') >= 2);
    assert.ok(sample(s, 'bot_cache_size', { cache_type: 'local' }) >= 1);
    assert.ok(sample(s, 'gofrobot_cache_hits_total', { cache_type: 'local' }) >= 1);
    assert.equal(sample(s, 'bot_database_connections', { state: 'open' }), 1);
    assert.ok(sample(s, 'gofrobot_bot_api_requests_total', { method: 'sendMessage', result: 'ok' }) >= 1);
    assert.ok(sample(s, 'gofrobot_bot_api_requests_total', { method: 'getUpdates', result: 'ok' }) >= 1);
    assert.equal(sample(s, 'gofrobot_maintenance'), 0);
    assert.equal(sample(s, 'gofrobot_backpressure'), 0);
    assert.ok(sample(s, 'process_resident_memory_bytes') > 1e6);
    assert.ok(sample(s, 'process_open_fds') > 3);
    assert.ok(sample(s, 'process_start_time_seconds') > Date.now() / 1000 - 3600);
    assert.ok([...s.keys()].some((k) => k.startsWith('gofrobot_build_info{')));
    assert.ok([...s.keys()].some((k) => /^gofrobot_config_info\{hash="[0-9a-f]{16}"\}$/.test(k)));
    // Labels come from bounded sets: no user or chat id anywhere.
    assert.ok(!after.text.includes(String(p.userId)), 'a user id in the metrics');
    assert.deepEqual(undocumentedFamilies(after.text, path.join(REPO, 'docs', 'OPERATIONS.md')), [],
      'every metric family is in docs/OPERATIONS.md');

    const tools = prometheusTools();
    if (!tools.ok) return; // locally without Prometheus's tools; CI installs them
    const check = promtoolCheck(after.text);
    assert.equal(check.output, '', `promtool check metrics: ${check.output}`);
    assert.equal(check.status, 0);
  });

  it('answers 404 for another path and 405 for another method; HEAD works', async () => {
    assert.equal((await get(`${base}/nope`)).status, 404);
    assert.equal((await get(`${base}/telegram/webhook`)).status, 404);
    const post = await get(`${base}/metrics`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    const head = await get(`${base}/health`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal((await get(`${base}/metrics?name[]=x`)).status, 200, 'a query string is ignored');
  });
});
