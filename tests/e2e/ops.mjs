// Helpers for the operations endpoints (docs/OPERATIONS.md): where the bot serves them, a
// parsed scrape, and the Prometheus tools (promtool, the server) from Debian's `prometheus`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

import { sleep } from './harness.mjs';

/** The ops endpoints' base URL, from the bot's log line saying where they listen. */
export async function opsUrl(bot, { timeoutMs = 20000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /ops endpoints \(\/metrics, \/health, \/ready\) on (http:\/\/[0-9.:[\]]+)/.exec(bot.log());
    if (match) return match[1];
    if (Date.now() > deadline) throw new Error(`no ops endpoints line in the bot log:\n${bot.logTail(20)}`);
    await sleep(50);
  }
}

/** GET (or another method) with a timeout: {status, headers, text, json}. */
export async function get(url, { method = 'GET', timeoutMs = 10000 } = {}) {
  const response = await fetch(url, { method, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * A scrape in the text format, parsed: a Map from `name{label="value",…}` (labels sorted by
 * name, as written below) to its value. Comment lines are skipped.
 */
export function parseMetrics(text) {
  const samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unreadable metrics line: ${line}`);
    const labels = [];
    if (m[3]) {
      for (const l of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels.push([l[1], l[2]]);
    }
    samples.set(key(m[1], Object.fromEntries(labels)), Number(m[4]));
  }
  return samples;
}

function key(name, labels = {}) {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length === 0 ? name : `${name}{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}`;
}

/** One sample of a parsed scrape (undefined when the series is not there). */
export function sample(samples, name, labels = {}) {
  return samples.get(key(name, labels));
}

/** Scrapes the bot: {text, samples}. */
export async function scrape(base) {
  const answer = await get(`${base}/metrics`);
  if (answer.status !== 200) throw new Error(`/metrics answered ${answer.status}: ${answer.text}`);
  return { text: answer.text, samples: parseMetrics(answer.text), contentType: answer.headers.get('content-type') };
}

/**
 * Prometheus's tools, or why they are missing. Under CI (env CI set) they must be there:
 * scripts/test.sh installs them.
 */
export function prometheusTools() {
  const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  const server = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
  if (promtool.status === 0 && server.status === 0) return { ok: true };
  const why = 'promtool and prometheus (Debian package `prometheus`) are not installed; scripts/test.sh installs them';
  if (process.env.CI) throw new Error(why);
  return { ok: false, why };
}

/** `promtool check metrics` on a scrape: {status, output} (output: its problems, if any). */
export function promtoolCheck(text) {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** Every ```promql block of a Markdown file, in order. */
export function promqlBlocks(file) {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/```promql\n([\s\S]*?)```/g)].map((m) => m[1].trim());
}

/** The metric families of a scrape that docs/OPERATIONS.md does not name (in backquotes). */
export function undocumentedFamilies(text, file) {
  const doc = fs.readFileSync(file, 'utf8');
  const families = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
  return families.filter((name) => !doc.includes(`\`${name}\``));
}
