// Live reload with the real binary (docs/OPERATIONS.md, "Reload"): the bot's TOML file is
// edited and SIGHUP sent; the next davka follows the new balance, a setting that needs a
// restart is named and keeps its value, and an invalid file is refused with the old numbers
// kept and the process up. Both outcomes are counted in the metrics.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';

import { BINARY, CONFIG, SKIP, environment, finalChecks, sleep } from './harness.mjs';
import { opsUrl, sample, scrape } from './ops.mjs';

if (SKIP) test('live reload', { skip: SKIP }, () => {});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gofrobot-reload-'));
const file = path.join(dir, 'gofrobot.toml');
const shipped = fs.readFileSync(CONFIG, 'utf8');
fs.writeFileSync(file, shipped);

/** The shipped file with `key = value` lines replaced (each key must be there once). */
function edited(changes) {
  let text = shipped;
  for (const [key, value] of Object.entries(changes)) {
    const line = new RegExp(`^${key} = .*$`, 'm');
    assert.match(text, line, `no ${key} in the shipped file`);
    text = text.replace(line, `${key} = ${value}`);
  }
  return text;
}

/** "🌀 Атмосферы: 0/12" and "📈 Опыт: +0.8 мм" of a davka's reply. */
function davkaNumbers(text) {
  const atm = /Атмосферы: (\d+)\/(\d+)/.exec(text);
  const exp = /Опыт: \+([\d.]+) мм/.exec(text);
  assert.ok(atm && exp, `not a davka's reply: ${text}`);
  return { atmLeft: Number(atm[1]), atmMax: Number(atm[2]), exp: Number(exp[1]) };
}

describe('live reload', { skip: SKIP }, () => {
  const env = environment({ command: [BINARY, '-c', file, 'run'] });
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
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  async function hangup(expect) {
    const seen = env.bot.log().length;
    env.bot.process.kill('SIGHUP');
    const deadline = Date.now() + 10000;
    while (!env.bot.log().slice(seen).includes(expect)) {
      if (Date.now() > deadline) throw new Error(`no "${expect}" after SIGHUP:\n${env.tail(20)}`);
      await sleep(50);
    }
    return env.bot.log().slice(seen);
  }

  it('runs the shipped balance first', async () => {
    const d = davkaNumbers((await env.player({ firstName: 'До' }).ask('/davka')).text);
    assert.equal(d.atmMax, 12);
    assert.equal(d.atmLeft, 0);
    assert.ok(d.exp < 250, `exp ${d.exp}`);
  });

  it('applies a new balance on SIGHUP; the next davka follows it', async () => {
    const hashBefore = [...(await scrape(base)).samples.keys()].find((k) => k.startsWith('gofrobot_config_info'));
    fs.writeFileSync(file, edited({ atm_max: 3, min_gofra_exp: '250.0', batch_max_updates: 128 }));
    const log = await hangup('reload applied');
    assert.match(log, /reload applied: .*balance\.atm_max.*balance\.min_gofra_exp/);
    assert.match(log, /need a restart.*storage\.batch_max_updates/, 'a restart-only key is named');
    const d = davkaNumbers((await env.player({ firstName: 'После' }).ask('/davka')).text);
    assert.equal(d.atmMax, 3, 'a new player starts with the new atm_max and the reply shows it');
    assert.equal(d.atmLeft, 0);
    assert.ok(d.exp >= 250, `min_gofra_exp 250 applies: exp ${d.exp}`);
    const s = (await scrape(base)).samples;
    assert.equal(sample(s, 'gofrobot_config_reloads_total', { result: 'applied' }), 1);
    const hashAfter = [...s.keys()].find((k) => k.startsWith('gofrobot_config_info'));
    assert.notEqual(hashAfter, hashBefore, 'the running config hash changed');
  });

  it('refuses an invalid file with every problem logged; the running numbers stay', async () => {
    fs.writeFileSync(file, `${edited({ atm_max: 0, pvp_min_chance: 95.0 })}\n[nonsense]\nx = 1\n`);
    const log = await hangup('reload refused');
    assert.match(log, /balance\.atm_max/);
    assert.match(log, /nonsense/);
    assert.equal(env.bot.process.exitCode, null, 'the process is still up');
    const d = davkaNumbers((await env.player({ firstName: 'Отказ' }).ask('/davka')).text);
    assert.equal(d.atmMax, 3, 'still the last applied balance');
    assert.ok(d.exp >= 250);
    const s = (await scrape(base)).samples;
    assert.equal(sample(s, 'gofrobot_config_reloads_total', { result: 'refused' }), 1);
    assert.equal(sample(s, 'gofrobot_config_reloads_total', { result: 'applied' }), 1);
  });

  it('switches maintenance on and off live', async () => {
    fs.writeFileSync(file, edited({ atm_max: 3, min_gofra_exp: '250.0', maintenance: true }));
    await hangup('reload applied');
    const reply = await env.player({ firstName: 'Ремонт' }).ask('/start');
    assert.match(reply.text, /техническом обслуживании/);
    assert.equal(sample((await scrape(base)).samples, 'gofrobot_maintenance'), 1);
    fs.writeFileSync(file, edited({ atm_max: 3, min_gofra_exp: '250.0' }));
    await hangup('reload applied');
    const back = await env.player({ firstName: 'Снова' }).ask('/start');
    assert.doesNotMatch(back.text, /техническом обслуживании/);
    assert.equal(sample((await scrape(base)).samples, 'gofrobot_maintenance'), 0);
  });
});
