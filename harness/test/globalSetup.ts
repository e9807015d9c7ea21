import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { provideRedis } from '../src/provision/redis.js';

/**
 * Before any test: `npm run build` (it does nothing when dist/ is newer than
 * every source), so that the tests that spawn siochaos (its CLI runs dist/)
 * or pack it never run a stale build. The tests themselves import the
 * sources, `siochaos` and `siochaos/vitest` included (vitest.config.ts).
 *
 * Then one Redis for the whole run (`REDIS_URL` when set, else a
 * redis-server started here): its URL goes into `REDIS_URL`, which vitest
 * copies into every test worker it forks after this (and the CLIs the
 * tests spawn inherit), so `provideRedis()` in a test gets this one; each
 * test keeps to a `scenarioRedisPrefix()` of its own. Stopped at teardown.
 *
 * Each vitest project names this file (vitest.config.ts); vitest calls it
 * once per project, in one process: the first call does the work, the
 * others find it done (SIOCHAOS_TEST_SETUP) and leave it alone.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.SIOCHAOS_TEST_SETUP === String(process.pid)) return async () => undefined;
  process.env.SIOCHAOS_TEST_SETUP = String(process.pid);
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
  const redis = await provideRedis();
  process.env.REDIS_URL = redis.url;
  return () => redis.stop();
}
