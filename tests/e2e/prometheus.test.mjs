// A real Prometheus (Debian's `prometheus`, on a free loopback port, its data in a temporary
// folder) scrapes the real binary every second while players play, with the alert and
// recording rules of deploy/prometheus/rules loaded; then these must parse and return data
// (a non-empty result of finite numbers):
//  - every PromQL example of docs/OPERATIONS.md (its ```promql blocks);
//  - every query of every panel of deploy/grafana/gofrobot.json, with Grafana's variables
//    replaced as Grafana would ($job and $instance as "All", $__rate_interval…);
//  - every recording rule's series, and every alert's inner queries. An alert's condition is
//    false on a healthy bot, so an empty result would prove nothing: its expression must
//    evaluate without error, and what it compares (each side of `and`/`or`, left of the
//    comparison) must return data; no alert may be firing.
// The anomaly rules compare with the same time on earlier days (`offset 1d` … `7d`), which a
// Prometheus a minute old has not seen: it loads them with the offsets removed, so their
// names, labels and arithmetic are exercised on live data (the baseline is then "now" and
// the z-score 0); deploy/prometheus/tests check the offsets themselves. The rules of
// kubernetes-volume.yml read the kubelet's metrics, which no bot exports: they must load and
// evaluate without error, but no data is required of them.
// The bot has a Redis of its own (scripts/redis-test-server.sh), as a scale-out replica does,
// so that bot_redis_up is there. The servers are stopped at the end.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';

import { HOST, REPO, SKIP, commandRuns, environment, finalChecks, freePort, sleep, testServer, until } from './harness.mjs';
import { get, opsUrl, prometheusTools, promqlBlocks } from './ops.mjs';

const tools = SKIP ? { ok: true } : prometheusTools();
let skip = SKIP || (tools.ok ? false : tools.why);
if (!skip && !commandRuns('redis-server', ['--version'])) {
  if (process.env.CI) throw new Error('no redis-server; scripts/install-deps.sh installs it');
  skip = 'no redis-server';
}
if (skip) test('PromQL examples, dashboard and rules against a real Prometheus', { skip }, () => {});

const OPERATIONS = path.join(REPO, 'docs', 'OPERATIONS.md');
const DASHBOARD = path.join(REPO, 'deploy', 'grafana', 'gofrobot.json');
const RULES = path.join(REPO, 'deploy', 'prometheus', 'rules');
// Rule files whose metrics come from elsewhere than the bot (see the header).
const FOREIGN_RULE_FILES = new Set(['kubernetes-volume.yml']);

// Grafana's variables as Grafana substitutes them for "All" on a short time range. The
// rate window must hold a few of this Prometheus's 1 s scrapes.
const GRAFANA_VARIABLES = {
  $__rate_interval: '15s', $__interval: '5s', $__range: '1m', $job: '.+', $instance: '.+',
};
function grafanaExpr(expr) {
  return Object.entries(GRAFANA_VARIABLES).reduce((e, [name, value]) => e.split(name).join(value), expr);
}

function dashboardQueries() {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8'));
  const panels = dashboard.panels.flatMap((p) => (p.type === 'row' ? p.panels ?? [] : [p]));
  return panels.flatMap((p) => p.targets.map((t) => ({ what: `panel "${p.title}" ${t.refId}`, expr: grafanaExpr(t.expr) })));
}

// The queries an alert's condition compares: split at the top-level `and`/`or`/`unless`
// (with their on(…)/ignoring(…)), unwrap parentheses, keep the left of a top-level
// comparison. Enough for conditions of the form `A > x`, `(A > x or A < y) and on (job) B > z`.
function conditionOperands(expr) {
  const tokens = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  const cut = (end, next) => { tokens.push(expr.slice(start, end)); start = next; };
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (quote) { if (ch === quote && expr[i - 1] !== '\\') quote = null; continue; }
    if (ch === '"' || ch === "'") { quote = ch; continue; }
    if ('({['.includes(ch)) depth++;
    else if (')}]'.includes(ch)) depth--;
    else if (depth === 0) {
      const m = /^\s(and|or|unless)\s+(?:(?:on|ignoring)\s*\([^)]*\)\s*)?/.exec(expr.slice(i));
      if (m) { cut(i, i + m[0].length); i += m[0].length - 1; }
    }
  }
  cut(expr.length);
  return tokens.flatMap((part) => {
    let p = part.trim();
    while (p.startsWith('(') && closingParen(p, 0) === p.length - 1) p = p.slice(1, -1).trim();
    if (p !== part.trim() && /\s(and|or|unless)\s/.test(p)) return conditionOperands(p);
    const at = topLevelComparison(p);
    return [at < 0 ? p : p.slice(0, at).trim()];
  });
}
function closingParen(s, open) {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
function topLevelComparison(s) {
  let depth = 0;
  let quote = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) { if (ch === quote) quote = null; continue; }
    if (ch === '"') { quote = ch; continue; }
    if ('({['.includes(ch)) depth++;
    else if (')}]'.includes(ch)) depth--;
    else if (depth === 0 && /^(==|!=|>=|<=|>|<)/.test(s.slice(i))) return i;
  }
  return -1;
}

describe('PromQL examples, dashboard and rules against a real Prometheus', { skip }, () => {
  const redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gofrobot-prometheus-redis-'));
  const botEnv = {};
  const env = environment({ env: botEnv });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gofrobot-prometheus-'));
  let server;
  let promUrl;
  let serverLog = '';

  before(async () => {
    botEnv.GOFROBOT_CACHE_REDIS_URL = testServer('redis-test-server.sh', 'start', redisDir);
    await env.setup();
    const target = new URL(await opsUrl(env.bot)).host;
    const port = await freePort();
    promUrl = `http://${HOST}:${port}`;
    const ruleFiles = fs.readdirSync(RULES).filter((f) => f.endsWith('.yml')).sort().map((f) => {
      const copy = path.join(dir, f);
      fs.writeFileSync(copy, fs.readFileSync(path.join(RULES, f), 'utf8').replace(/ offset \d+[smhdwy]/g, ''));
      return copy;
    });
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      ...ruleFiles.map((f) => `  - ${f}`),
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
      try { testServer('redis-test-server.sh', 'stop', redisDir); } catch { /* not started */ }
      fs.rmSync(redisDir, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  async function query(expr) {
    const r = await get(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return r.json ?? { status: 'error', error: r.text };
  }

  // The loaded rules as Prometheus parsed them: group file, name, kind, query, health.
  async function loadedRules() {
    const r = (await get(`${promUrl}/api/v1/rules`)).json;
    return r.data.groups.flatMap((g) => g.rules.map((rule) => ({ ...rule, file: path.basename(g.file) })));
  }

  function ruleQueries(rules) {
    return rules.filter((r) => !FOREIGN_RULE_FILES.has(r.file)).flatMap((r) => (r.type === 'recording'
      ? [{ what: `recording rule ${r.name}`, expr: r.name }, { what: `recording rule ${r.name}'s expr`, expr: r.query }]
      : conditionOperands(r.query).map((expr, i) => ({ what: `alert ${r.name}, operand ${i + 1}`, expr }))));
  }

  it('scrapes the bot; every OPERATIONS.md example, dashboard panel and rule returns data', async () => {
    const examples = promqlBlocks(OPERATIONS).map((expr) => ({ what: 'docs/OPERATIONS.md', expr }));
    assert.ok(examples.length >= 4, `docs/OPERATIONS.md has ${examples.length} promql blocks, expected the four at least`);
    const panels = dashboardQueries();
    assert.ok(panels.length >= 20, `the dashboard has ${panels.length} queries`);
    await until(async () => {
      const up = await query('up{job="gofrobot"}');
      return up.data?.result?.[0]?.value?.[1] === '1';
    }, 'the bot to be up in Prometheus');
    const rules = await loadedRules();
    assert.ok(rules.filter((r) => r.type === 'alerting').length >= 10, `${rules.length} rules loaded: ${serverLog}`);
    const checks = [...examples, ...panels, ...ruleQueries(rules)];
    // Traffic (commands, buttons, cache hits: the same players again) until every query has
    // data: a rate needs the counters to have moved between two scrapes in its window.
    // A query that does not parse fails at once.
    const players = [env.player({ firstName: 'Прома' }), env.player({ firstName: 'Тей' })];
    const deadline = Date.now() + 90000;
    let answers = [];
    const complete = ({ r }) => r.data.result.length > 0 &&
      r.data.result.every((series) => Number.isFinite(Number(series.value[1])));
    for (;;) {
      for (const p of players) {
        const menu = await p.ask('/start');
        await p.press(menu, 'profile');
      }
      await sleep(1000);
      answers = await Promise.all(checks.map(async (c) => ({ ...c, r: await query(c.expr) })));
      for (const { what, expr, r } of answers) assert.equal(r.status, 'success', `${what}: ${expr}: ${JSON.stringify(r)}\n${serverLog}`);
      if (answers.every(complete) || Date.now() > deadline) break;
    }
    const missing = answers.filter((a) => !complete(a)).map(({ what, expr, r }) =>
      `${what}: ${expr}: ${r.data.result.length === 0 ? 'no data' : JSON.stringify(r.data.result.map((s) => s.value[1]))}`);
    assert.deepEqual(missing, []);
  });

  it('evaluates every rule without error, and no alert fires on a healthy bot', async () => {
    let rules = [];
    await until(async () => {
      rules = await loadedRules();
      return rules.every((r) => r.health !== 'unknown');
    }, 'every rule to be evaluated once');
    const unhealthy = rules.filter((r) => r.health !== 'ok').map((r) => `${r.file} ${r.name}: ${r.health} ${r.lastError}`);
    assert.deepEqual(unhealthy, []);
    const firing = rules.filter((r) => r.type === 'alerting' && r.state === 'firing').map((r) => r.name);
    assert.deepEqual(firing, []);
  });
});
