// Starting and stopping the real binary: SIGTERM ends a long poll at once with exit code 0, a
// restart on the same database keeps the game and does not act on old updates again, and a
// token the API refuses (or none at all) stops `gofrobot run` with a non-zero exit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it, test } from 'node:test';

import { assertTitle } from './game.mjs';
import { Player, SKIP, newToken, sleep, startBot, startLauncher, troubleEvents } from './harness.mjs';

if (SKIP) test('start, stop, restart', { skip: SKIP }, () => {});

describe('start, stop and restart', { skip: SKIP }, () => {
  const token = newToken();
  let launcher;
  const dirs = [];
  const bots = [];
  const start = async (options) => {
    const bot = await startBot(launcher, options);
    bots.push(bot);
    dirs.push(bot.dir);
    return bot;
  };

  before(async () => {
    launcher = await startLauncher({ tokens: [token] });
  });
  after(async () => {
    for (const bot of bots) await bot.stop({ timeoutMs: 3000 }); // those a failed test left running
    await launcher.stop();
    if (process.env.E2E_KEEP !== '1') for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops in the middle of a long poll within seconds (exit 0), and picks up where it was after a restart', async () => {
    let bot = await start({ token, pollTimeoutSeconds: 25 });
    const p = new Player(launcher, token, { firstName: 'Рестарт' });
    assertTitle(await p.ask('/davka'), 'davka', '/davka');
    await launcher.control.until(async () => (await launcher.control.status(token)).long_poll_pending,
      { timeoutMs: 10000, what: 'the bot to wait in a long poll' });
    const stopped = await bot.stop({ timeoutMs: 10000 });
    assert.equal(stopped.code, 0, `exit code on SIGTERM:\n${bot.logTail()}`);
    assert.ok(stopped.ms < 5000, `SIGTERM during a 25 s long poll took ${stopped.ms} ms`);

    await p.checkpoint();
    await p.send('/profile'); // waits for the bot in the API's queue
    bot = await start({ token, dir: bot.dir, pollTimeoutSeconds: 25 });
    const profile = await p.nextMessage({ what: 'the reply to /profile sent while the bot was down',
      where: (m) => m.text.includes('ПРОФИЛЬ') });
    assertTitle(profile, 'profile', 'after the restart');
    assert.match(profile.text, /давок: 1\b/, `the davka survived the restart:\n${profile.text}`);
    await sleep(1500);
    const since = (await p.messagesSince()).map((m) => m.text.split('\n')[0]);
    assert.deepEqual(since, [profile.text.split('\n')[0]],
      'after the restart only the reply to /profile: no old update acted on again, no old reply sent again');
    const again = await bot.stop({ timeoutMs: 10000 });
    assert.equal(again.code, 0, bot.logTail());
    assert.deepEqual(await troubleEvents(launcher.control), []);
  });

  it('exits non-zero when the API refuses the token', async () => {
    const bot = await start({ token: '999:refused-by-the-api', waitReady: false });
    const timer = setTimeout(() => bot.process.kill('SIGKILL'), 20000);
    const exit = await bot.exited;
    clearTimeout(timer);
    assert.notEqual(exit.code, 0, `exit ${exit.code ?? exit.signal}:\n${bot.logTail()}`);
    assert.ok(exit.code !== null, `it must exit by itself within 20 s, not be killed:\n${bot.logTail()}`);
  });

  it('refuses to run without a token', async () => {
    const bot = await start({ token: '', waitReady: false });
    const timer = setTimeout(() => bot.process.kill('SIGKILL'), 20000);
    const exit = await bot.exited;
    clearTimeout(timer);
    assert.ok(exit.code !== null && exit.code !== 0, `exit ${exit.code ?? exit.signal}:\n${bot.logTail()}`);
  });
});
