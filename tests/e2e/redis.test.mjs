// Redis on (cache.redis_url), the real binary with a Redis of its own
// (scripts/redis-test-server.sh, a free loopback port): the rate limits are shared (the log
// says so, bot_redis_up 1, round trips counted); Redis stopped under the running bot costs
// the players nothing (answers, no error), bot_redis_up turns 0 and the decisions made
// alone are counted; started again, the bot uses it again by itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';

import { REPO, SKIP, commandRuns, environment, finalChecks, testServer, until } from './harness.mjs';
import { opsUrl, prometheusTools, promtoolCheck, sample, scrape, undocumentedFamilies } from './ops.mjs';

let skip = SKIP;
if (!skip && !commandRuns('redis-server', ['--version'])) {
  if (process.env.CI) throw new Error('no redis-server; scripts/install-deps.sh installs it');
  skip = 'no redis-server';
}
if (skip) test('Redis shared and lost', { skip }, () => {});

const redisDir = `/tmp/gofro-redis-e2e-${process.pid}`;
const redis = (command) => testServer('redis-test-server.sh', command, redisDir);

describe('Redis shared and lost', { skip }, () => {
  const botEnv = {};
  const env = environment({ env: botEnv });
  let base;
  before(async () => {
    botEnv.GOFROBOT_CACHE_REDIS_URL = redis('start');
    await env.setup();
    base = await opsUrl(env.bot);
  });
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
      try { redis('stop'); } catch { /* already stopped */ }
      fs.rmSync(redisDir, { recursive: true, force: true });
    }
  });

  it('shares the rate limits through Redis', async () => {
    assert.match((await env.player({ firstName: 'Редис' }).ask('/start')).text, /./);
    assert.match(env.bot.log(), /rate limits and the keyword cooldown are shared/);
    const { text, samples: s } = await scrape(base);
    assert.deepEqual(undocumentedFamilies(text, path.join(REPO, 'docs', 'OPERATIONS.md')), []);
    if (prometheusTools().ok) {
      const check = promtoolCheck(text);
      assert.equal(check.output, '', `promtool check metrics: ${check.output}`);
    }
    assert.equal(sample(s, 'bot_redis_up'), 1);
    assert.ok(sample(s, 'gofrobot_redis_round_trips_total') >= 1);
    assert.equal(sample(s, 'gofrobot_rate_limit_decided_alone_total'), 0);
  });

  it('plays on alone while Redis is stopped, and shares again when it is back', async () => {
    redis('stop');
    const player = env.player({ firstName: 'Одиночка' });
    assert.match((await player.ask('/start')).text, /./);
    assert.match((await player.ask('/profile')).text, /ПРОФИЛЬ/);
    const down = (await scrape(base)).samples;
    assert.equal(sample(down, 'bot_redis_up'), 0);
    assert.ok(sample(down, 'gofrobot_rate_limit_decided_alone_total') >= 1);
    assert.ok(sample(down, 'gofrobot_redis_failures_total') >= 1);
    assert.match(env.bot.log(), /each replica works alone/);

    redis('start');
    // The breaker probes every 2 s, on the next update after that.
    await until(async () => {
      await player.ask('/profile');
      return sample((await scrape(base)).samples, 'bot_redis_up') === 1;
    }, 'bot_redis_up to turn 1 again', 30000, 500);
    assert.match(env.bot.log(), /is back/);
  });
});
