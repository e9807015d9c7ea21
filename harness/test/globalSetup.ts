import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Before any test: `npm run build` (it does nothing when dist/ is newer than
 * every source), so that the tests that spawn siochaos (its CLI runs dist/)
 * or pack it never run a stale build. The tests themselves import the
 * sources, `siochaos` and `siochaos/vitest` included (vitest.config.ts).
 */
export default function buildFirst(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
}
