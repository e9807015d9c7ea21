import { ensureToxiproxyBinary } from '../toxiproxy/provide.js';
import { ensureChromium } from './provideChromium.js';
import { provideRedis } from './redis.js';
import { redactRedisUrl } from './redisClient.js';
import { ensureRedisServerBinary } from './redisServerBinary.js';

/**
 * What `siochaos setup` does: makes sure every real component a campaign
 * needs is there, finding it or getting it the way each allows: Toxiproxy
 * (`TOXIPROXY_URL`, PATH, the tools folder, else built with Go), Chromium
 * for browser clients ({@link ensureChromium}) and Redis for targets with
 * nodes (`REDIS_URL`, which must answer, else `redis-server` on PATH, else
 * Debian's installed with apt-get when root).
 *
 * @throws SetupError saying how to get the first component that is missing.
 * @example
 * await provisionAll((line) => console.log(`siochaos setup: ${line}`));
 */
export async function provisionAll(say: (line: string) => void): Promise<void> {
  if (process.env.TOXIPROXY_URL) {
    say(`using TOXIPROXY_URL=${process.env.TOXIPROXY_URL}`);
  } else {
    say(`toxiproxy-server ready at ${await ensureToxiproxyBinary({ progress: say })}`);
  }
  const chromium = await ensureChromium({ progress: say });
  say(`chromium ready at ${chromium.path} (from ${chromium.from})`);
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl) {
    await provideRedis({ url: redisUrl });
    say(`using REDIS_URL=${redactRedisUrl(redisUrl)} (answers PING)`);
  } else {
    say(`redis-server ready at ${await ensureRedisServerBinary({ progress: say })}`);
  }
}
